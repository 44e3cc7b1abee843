//! `client-classes` → validated [`ClientClass`]es, for both families, with
//! Kea 2.2's checks (`client_class_def_parser.cc`): a non-empty unique name,
//! built-in classes without a test, `member()` only of built-in or earlier
//! classes, the test parsed now (its errors name the class and the column),
//! option data, lifetimes, and each family's own keys.

use crate::config::client_class::ClientClass;
use crate::config::error::ConfigError;
use crate::config::model::{Lifetime, OptionData};
use crate::config::option_defs::OptionDefs;
use crate::config::wire;
use crate::expression::{self, Expression, ParseContext};
use crate::options::OptionSpace;

use super::family::Family;
use super::network::Triplet;
use super::options;

type Result<T> = std::result::Result<T, ConfigError>;

/// A validated class of family `F`.
pub type Class<F> =
    ClientClass<OptionData<<<F as Family>::Space as OptionSpace>::Code>, <F as Family>::ClassOwn>;

/// The keys of a wire class both families have.
pub struct ClassKeys<'a, F: Family> {
    /// `name`.
    pub name: &'a str,
    /// `test`.
    pub test: Option<&'a str>,
    /// `only-if-required`.
    pub only_if_required: bool,
    /// `option-data`.
    pub options: &'a [wire::OptionData<F::Space>],
    /// `min-valid-lifetime`, `valid-lifetime`, `max-valid-lifetime`.
    pub valid: (Option<u32>, Option<u32>, Option<u32>),
}

/// Classes that exist without a definition and may have no `test`.
const BUILT_IN: [&str; 4] = ["ALL", "KNOWN", "UNKNOWN", "BOOTP"];

/// Name prefixes Kea counts as built-in for `member()` (set by the server
/// or by hooks) when the name is longer than the prefix.
const BUILT_IN_PREFIXES: [&str; 4] = ["VENDOR_CLASS_", "HA_", "AFTER_", "EXTERNAL_"];

/// True when `member(name)` may name a class no definition precedes.
pub fn built_in(name: &str) -> bool {
    BUILT_IN.contains(&name)
        || BUILT_IN_PREFIXES
            .iter()
            .any(|p| name.len() > p.len() && name.starts_with(p))
}

/// A lifetime triplet a class sets (any of its three keys), checked like a
/// subnet's; `None` when it sets none.
pub fn class_lifetime(
    (min, default, max): (Option<u32>, Option<u32>, Option<u32>),
    path: &str,
    name: &str,
) -> Result<Option<Lifetime>> {
    if default.is_none() && min.is_some() && max.is_some() {
        return Err(ConfigError::invalid(
            path,
            format!("have min-{name} and max-{name} but no {name} (default)"),
        ));
    }
    let Some(default) = default.or(min).or(max) else {
        return Ok(None);
    };
    let t = Triplet { min, default, max };
    t.check(path, name)?;
    Ok(Some(t.lifetime()))
}

/// Validates the `client-classes` list of the map `d` of family `F`.
pub fn parse_list<F: Family>(d: &F::Wire, defs: &OptionDefs<F::Space>) -> Result<Vec<Class<F>>> {
    let mut out: Vec<Class<F>> = Vec::new();
    for (i, w) in F::classes(d).iter().enumerate() {
        let path = format!("{}.client-classes[{i}]", F::ROOT);
        let k = F::class_keys(w);
        if k.name.is_empty() {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                "not empty parameter 'name' is required",
            ));
        }
        if out.iter().any(|c| c.name == k.name) {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                format!(
                    "Can't add class: Client Class: {} has already been defined",
                    k.name
                ),
            ));
        }
        if BUILT_IN.contains(&k.name) {
            if k.test.is_some() {
                return Err(ConfigError::invalid(
                    format!("{path}.test"),
                    format!("built-in class '{}' test expression must be empty", k.name),
                ));
            }
            if k.only_if_required {
                return Err(ConfigError::invalid(
                    format!("{path}.only-if-required"),
                    format!(
                        "built-in class '{}' only-if-required flag must be false",
                        k.name
                    ),
                ));
            }
        }
        if k.name == "DROP" && k.only_if_required {
            return Err(ConfigError::invalid(
                format!("{path}.only-if-required"),
                "special class 'DROP' only-if-required flag must be false",
            ));
        }
        let test = k
            .test
            .map(|text| parse_test::<F>(text, &out, &format!("{path}.test"), defs))
            .transpose()?;
        let depends_on_known = test.as_ref().is_some_and(|t| {
            t.members().iter().any(|m| {
                *m == "KNOWN"
                    || *m == "UNKNOWN"
                    || out.iter().any(|c| c.name == *m && c.depends_on_known)
            })
        });
        let local = F::class_defs(w);
        let class_defs = if local.is_empty() {
            None
        } else {
            Some(class_option_defs::<F>(local, &path, defs)?)
        };
        let option_defs = class_defs.as_ref().unwrap_or(defs);
        out.push(ClientClass {
            name: k.name.to_string(),
            test,
            only_if_required: k.only_if_required,
            depends_on_known,
            options: options::parse_list(k.options, &format!("{path}.option-data"), option_defs)?,
            valid_lifetime: class_lifetime(k.valid, &path, "valid-lifetime")?,
            own: F::class_own(w, &path)?,
        });
    }
    Ok(out)
}

/// A class's own `option-def`s over the global ones: Kea allows only codes
/// 43 and 224-254 of the `dhcp4` space there.
fn class_option_defs<F: Family>(
    local: &[wire::OptionDefinition<F::Space>],
    path: &str,
    global: &OptionDefs<F::Space>,
) -> Result<OptionDefs<F::Space>> {
    let path = format!("{path}.option-def");
    for (i, d) in local.iter().enumerate() {
        let allowed = d.space == <F::Space as OptionSpace>::NAME
            && d.code.is_some_and(|c| c == 43 || (224..=254).contains(&c));
        if !allowed {
            return Err(ConfigError::invalid(
                format!("{path}[{i}]"),
                format!(
                    "Not allowed option definition for code '{}' in space '{}'",
                    d.code.unwrap_or_default(),
                    d.space
                ),
            ));
        }
    }
    let own = super::option_defs::parse_list(local, &path)?;
    Ok(global.layered(own.custom().to_vec()))
}

/// Parses a class's `test` with the classes defined before it.
fn parse_test<F: Family>(
    text: &str,
    earlier: &[Class<F>],
    path: &str,
    defs: &OptionDefs<F::Space>,
) -> Result<Expression> {
    let defined = |n: &str| built_in(n) || earlier.iter().any(|c| c.name == n);
    let option_code = |name: &str| {
        defs.by_name(<F::Space as OptionSpace>::NAME, name)
            .map(|d| d.code.into())
    };
    let ctx = ParseContext {
        universe: F::UNIVERSE,
        class_defined: &defined,
        option_code: &option_code,
    };
    expression::parse(text, &ctx)
        .map_err(|e| ConfigError::invalid(path, format!("expression: [{text}] error: {e}")))
}
