//! Statistics with Kea's names and sample format (`statistic-get` returns
//! `[[value, "YYYY-MM-DD HH:MM:SS.ffffff"], ...]`, newest first).
//!
//! One registry per server instance (no global): the listener, engine and
//! commands share it through an `Arc`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde_json::{json, Value};

/// One statistic's history (newest first), at most `max_samples` long.
#[derive(Debug, Clone)]
struct Observation {
    samples: VecDeque<(i64, std::time::SystemTime)>,
    /// Per-statistic sample limit (`statistic-sample-count-set`); registry's when none.
    max: Option<usize>,
}

/// A statistics registry. Integer-valued, as all of Kea's DHCP counters are.
#[derive(Debug)]
pub struct Stats {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    max_samples: usize,
    map: BTreeMap<String, Observation>,
}

/// Kea's sample timestamp text (local time, microseconds).
fn stamp(t: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(t)
        .format("%Y-%m-%d %H:%M:%S%.6f")
        .to_string()
}

impl Default for Stats {
    fn default() -> Self {
        Self::new(20)
    }
}

impl Stats {
    /// A registry keeping `max_samples` samples per statistic (Kea default 20).
    pub fn new(max_samples: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                max_samples: max_samples.max(1),
                map: BTreeMap::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (every update is a single push), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(inner: &mut Inner, name: &str, value: i64) {
        let max = inner.max_samples;
        let now = std::time::SystemTime::now();
        // Existing statistic: no key allocation on the packet path.
        if let Some(obs) = inner.map.get_mut(name) {
            obs.samples.push_front((value, now));
            obs.samples.truncate(obs.max.unwrap_or(max));
            return;
        }
        let mut samples = VecDeque::with_capacity(max.min(64));
        samples.push_front((value, now));
        inner
            .map
            .insert(name.to_string(), Observation { samples, max: None });
    }

    /// Adds `delta` to `name` (creating it at 0 first).
    pub fn add(&self, name: &str, delta: i64) {
        let mut inner = self.lock();
        let cur = inner
            .map
            .get(name)
            .and_then(|o| o.samples.front().map(|s| s.0))
            .unwrap_or(0);
        Self::push(&mut inner, name, cur + delta);
    }

    /// Increments `name` by one.
    pub fn inc(&self, name: &str) {
        self.add(name, 1);
    }

    /// Sets `name` to `value`.
    pub fn set(&self, name: &str, value: i64) {
        let mut inner = self.lock();
        Self::push(&mut inner, name, value);
    }

    /// Current value of `name`, if it exists.
    pub fn get(&self, name: &str) -> Option<i64> {
        self.lock()
            .map
            .get(name)
            .and_then(|o| o.samples.front().map(|s| s.0))
    }

    /// `statistic-get` arguments for `name`: `{name: [[v, t], ...]}` or `{}`.
    pub fn get_json(&self, name: &str) -> Value {
        let inner = self.lock();
        let mut m = serde_json::Map::new();
        if let Some(o) = inner.map.get(name) {
            m.insert(name.to_string(), samples_json(o));
        }
        Value::Object(m)
    }

    /// `statistic-get-all` arguments.
    pub fn all_json(&self) -> Value {
        let inner = self.lock();
        let m: serde_json::Map<String, Value> = inner
            .map
            .iter()
            .map(|(k, o)| (k.clone(), samples_json(o)))
            .collect();
        Value::Object(m)
    }

    /// Resets `name` to 0; false when it does not exist.
    pub fn reset(&self, name: &str) -> bool {
        let mut inner = self.lock();
        if !inner.map.contains_key(name) {
            return false;
        }
        if let Some(o) = inner.map.get_mut(name) {
            o.samples.clear();
        }
        Self::push(&mut inner, name, 0);
        true
    }

    /// Resets every statistic to 0.
    pub fn reset_all(&self) {
        let mut inner = self.lock();
        let names: Vec<String> = inner.map.keys().cloned().collect();
        for n in names {
            if let Some(o) = inner.map.get_mut(&n) {
                o.samples.clear();
            }
            Self::push(&mut inner, &n, 0);
        }
    }

    /// Removes `name`; false when it did not exist.
    pub fn remove(&self, name: &str) -> bool {
        self.lock().map.remove(name).is_some()
    }

    /// Removes every statistic.
    pub fn remove_all(&self) {
        self.lock().map.clear();
    }

    /// Removes every statistic whose name starts with `prefix` (used when
    /// subnets are reconfigured).
    pub fn remove_prefix(&self, prefix: &str) {
        self.lock().map.retain(|k, _| !k.starts_with(prefix));
    }

    /// Changes how many samples are kept per statistic (all of them, and the
    /// default for new ones; per-statistic limits are cleared, as Kea does).
    pub fn set_max_samples(&self, n: usize) {
        let mut inner = self.lock();
        inner.max_samples = n.max(1);
        for o in inner.map.values_mut() {
            o.max = None;
            o.samples.truncate(n.max(1));
        }
    }

    /// Sets the sample limit of one statistic; false when it does not exist.
    pub fn set_max_samples_of(&self, name: &str, n: usize) -> bool {
        let mut inner = self.lock();
        match inner.map.get_mut(name) {
            Some(o) => {
                o.max = Some(n.max(1));
                o.samples.truncate(n.max(1));
                true
            }
            None => false,
        }
    }
}

fn samples_json(o: &Observation) -> Value {
    Value::Array(
        o.samples
            .iter()
            .map(|(v, t)| json!([v, stamp(*t)]))
            .collect(),
    )
}

/// Kea's per-subnet statistic name: `subnet[<id>].<name>`.
pub fn subnet_stat(id: u32, name: &str) -> String {
    format!("subnet[{id}].{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_keeps_newest_first_and_bounded_history() {
        let s = Stats::new(3);
        for _ in 0..5 {
            s.inc("pkt4-received");
        }
        assert_eq!(s.get("pkt4-received"), Some(5));
        let j = s.get_json("pkt4-received");
        let arr = j["pkt4-received"].as_array().expect("samples");
        assert_eq!(arr.len(), 3);
        assert_eq!(arr[0][0], 5);
        assert_eq!(arr[2][0], 3);
    }

    #[test]
    fn a_per_statistic_limit_overrides_the_registry_limit() {
        let s = Stats::new(5);
        s.inc("a");
        s.inc("b");
        assert!(s.set_max_samples_of("a", 1));
        assert!(!s.set_max_samples_of("nope", 1));
        for _ in 0..4 {
            s.inc("a");
            s.inc("b");
        }
        assert_eq!(s.get_json("a")["a"].as_array().map(Vec::len), Some(1));
        assert_eq!(s.get_json("b")["b"].as_array().map(Vec::len), Some(5));
    }

    #[test]
    fn reset_and_remove_distinguish_unknown_names() {
        let s = Stats::default();
        s.set("a", 7);
        assert!(s.reset("a"));
        assert_eq!(s.get("a"), Some(0));
        assert!(!s.reset("b"));
        assert!(s.remove("a"));
        assert_eq!(s.get_json("a"), json!({}));
    }
}
