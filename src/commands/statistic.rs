//! Kea's `statistic-*` commands over the statistics registry, with Kea 2.2's
//! texts (these commands answer without `text` when they return data).

use serde_json::Value;

use super::args::NOT_A_MAP;
use super::protocol::Response;
use crate::stats::Stats;

/// Kea lets the "non-map" exception escape to the command manager, which adds
/// this prefix.
fn non_map_error() -> Response {
    Response::error(format!("Error during command processing: {NOT_A_MAP}"))
}

/// The `name` argument (Kea's `getStatName`).
fn stat_name(args: Option<&Value>) -> Result<&str, Response> {
    let missing = || Response::error("Missing mandatory 'name' parameter.");
    let map = match args {
        None => return Err(missing()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(non_map_error()),
    };
    map.get("name")
        .ok_or_else(missing)?
        .as_str()
        .ok_or_else(|| Response::error("'name' parameter expected to be a string."))
}

/// The `max-samples` argument (Kea's `getStatMaxSamples`, truncated to 32 bits).
fn max_samples(args: Option<&Value>) -> Result<u32, Response> {
    let missing = || Response::error("Missing mandatory 'max-samples' parameter.");
    let map = match args {
        None => return Err(missing()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(non_map_error()),
    };
    let n = map
        .get("max-samples")
        .ok_or_else(missing)?
        .as_i64()
        .ok_or_else(|| Response::error("'max-samples' parameter expected to be an integer."))?;
    Ok(n as u32)
}

fn not_found(name: &str) -> Response {
    Response::error(format!("No '{name}' statistic found"))
}

/// `statistic-get`: one statistic's samples, or `{}` when it does not exist.
pub fn statistic_get(stats: &Stats, args: Option<&Value>) -> Response {
    match stat_name(args) {
        Ok(name) => Response::success_args(stats.get_json(name)),
        Err(r) => r,
    }
}

/// `statistic-get-all`: every statistic's samples (arguments are ignored).
pub fn statistic_get_all(stats: &Stats, _args: Option<&Value>) -> Response {
    Response::success_args(stats.all_json())
}

/// `statistic-reset`: sets one statistic to 0.
pub fn statistic_reset(stats: &Stats, args: Option<&Value>) -> Response {
    match stat_name(args) {
        Ok(name) if stats.reset(name) => Response::success(format!("Statistic '{name}' reset.")),
        Ok(name) => not_found(name),
        Err(r) => r,
    }
}

/// `statistic-reset-all`: sets every statistic to 0.
pub fn statistic_reset_all(stats: &Stats, _args: Option<&Value>) -> Response {
    stats.reset_all();
    Response::success("All statistics reset to neutral values.")
}

/// `statistic-remove`: deletes one statistic.
pub fn statistic_remove(stats: &Stats, args: Option<&Value>) -> Response {
    match stat_name(args) {
        Ok(name) if stats.remove(name) => Response::success(format!("Statistic '{name}' removed.")),
        Ok(name) => not_found(name),
        Err(r) => r,
    }
}

/// `statistic-remove-all`: deletes every statistic (deprecated in Kea, still served).
pub fn statistic_remove_all(stats: &Stats, _args: Option<&Value>) -> Response {
    stats.remove_all();
    Response::success(
        "Warning: statistic-remove-all command is deprecated. All statistics removed.",
    )
}

/// `statistic-sample-count-set`: the sample limit of one statistic.
pub fn statistic_sample_count_set(stats: &Stats, args: Option<&Value>) -> Response {
    let name = match stat_name(args) {
        Ok(name) => name,
        Err(r) => return r,
    };
    let n = match max_samples(args) {
        Ok(0) => return Response::error("'max-samples' parameter must not be zero"),
        Ok(n) => n,
        Err(r) => return r,
    };
    if stats.set_max_samples_of(name, usize::try_from(n).unwrap_or(usize::MAX)) {
        Response::success(format!("Statistic '{name}' count limit is set."))
    } else {
        not_found(name)
    }
}

/// `statistic-sample-count-set-all`: the sample limit of every statistic (and
/// of those created later).
pub fn statistic_sample_count_set_all(stats: &Stats, args: Option<&Value>) -> Response {
    match max_samples(args) {
        Ok(0) => Response::error("'max-samples' parameter must not be zero"),
        Ok(n) => {
            stats.set_max_samples(usize::try_from(n).unwrap_or(usize::MAX));
            Response::success("All statistics count limit are set.")
        }
        Err(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(r: Response) -> (i32, String) {
        (r.result, r.text.unwrap_or_default())
    }

    #[test]
    fn texts_match_kea() {
        let s = Stats::default();
        s.set("pkt4-sent", 5);
        let named = |n: &str| json!({ "name": n });
        assert_eq!(
            statistic_get(&s, Some(&named("x"))).to_kea_string(),
            r#"{ "arguments": {  }, "result": 0 }"#
        );
        assert_eq!(
            text(statistic_get(&s, None)),
            (1, "Missing mandatory 'name' parameter.".into())
        );
        assert_eq!(
            text(statistic_get(&s, Some(&json!({"name": 5})))),
            (1, "'name' parameter expected to be a string.".into())
        );
        assert_eq!(
            text(statistic_reset(&s, Some(&named("x")))),
            (1, "No 'x' statistic found".into())
        );
        assert_eq!(
            text(statistic_reset(&s, Some(&named("pkt4-sent")))),
            (0, "Statistic 'pkt4-sent' reset.".into())
        );
        assert_eq!(s.get("pkt4-sent"), Some(0));
        assert_eq!(
            text(statistic_reset_all(&s, None)),
            (0, "All statistics reset to neutral values.".into())
        );
        assert_eq!(
            text(statistic_sample_count_set_all(
                &s,
                Some(&json!({"max-samples": 0}))
            )),
            (1, "'max-samples' parameter must not be zero".into())
        );
        assert_eq!(
            text(statistic_sample_count_set_all(
                &s,
                Some(&json!({"max-samples": "3"}))
            )),
            (
                1,
                "'max-samples' parameter expected to be an integer.".into()
            )
        );
        assert_eq!(
            text(statistic_sample_count_set_all(
                &s,
                Some(&json!({"max-samples": 3}))
            )),
            (0, "All statistics count limit are set.".into())
        );
        assert_eq!(
            text(statistic_sample_count_set(
                &s,
                Some(&json!({"name": "x", "max-samples": 3}))
            )),
            (1, "No 'x' statistic found".into())
        );
        assert_eq!(
            text(statistic_remove(&s, Some(&named("pkt4-sent")))),
            (0, "Statistic 'pkt4-sent' removed.".into())
        );
        assert_eq!(
            text(statistic_remove_all(&s, None)),
            (
                0,
                "Warning: statistic-remove-all command is deprecated. All statistics removed."
                    .into()
            )
        );
        assert_eq!(
            statistic_get_all(&s, None).to_kea_string(),
            r#"{ "arguments": {  }, "result": 0 }"#
        );
    }
}
