//! The option definitions a configuration resolves option names and codes
//! against: Kea's standard ones (`crate::options`) and its own `option-def`
//! entries, per option space.

use crate::options::{DataType, OptionDef, OptionSpace};

/// One validated `option-def` entry of the family `S`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomDef<S: OptionSpace> {
    /// Option name.
    pub name: String,
    /// Option code.
    pub code: S::Code,
    /// Option space it belongs to.
    pub space: String,
    /// Payload type.
    pub data_type: DataType,
    /// A list of values (of the last record field for a record).
    pub array: bool,
    /// Field types of a record.
    pub record: Vec<DataType>,
    /// Space of the sub-options it carries.
    pub encapsulate: Option<String>,
}

impl<S: OptionSpace> CustomDef<S> {
    /// The definition as the codecs take it.
    pub fn as_def(&self) -> OptionDef<'_, S> {
        OptionDef {
            name: &self.name,
            code: self.code,
            data_type: self.data_type,
            array: self.array,
            record: &self.record,
            encapsulate: self.encapsulate.as_deref(),
        }
    }
}

/// Kea's standard definitions of family `S` with a configuration's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDefs<S: OptionSpace> {
    custom: Vec<CustomDef<S>>,
}

impl<S: OptionSpace> Default for OptionDefs<S> {
    fn default() -> Self {
        Self { custom: Vec::new() }
    }
}

/// DHCPv4 option 43's standard definition is only a last resort: a
/// configured definition of code 43 replaces it (Kea's `LAST_RESORT_V4`).
pub fn is_last_resort<S: OptionSpace>(code: S::Code) -> bool {
    S::NAME == "dhcp4" && Into::<u32>::into(code) == 43
}

fn last_resort<S: OptionSpace>(d: &OptionDef<'_, S>) -> bool {
    is_last_resort::<S>(d.code)
}

impl<S: OptionSpace> OptionDefs<S> {
    /// The standard definitions with `custom` (validated) added.
    pub fn new(custom: Vec<CustomDef<S>>) -> Self {
        Self { custom }
    }

    /// A client class's view: its own `definitions` first, then these.
    pub fn layered(&self, definitions: Vec<CustomDef<S>>) -> Self {
        let mut custom = definitions;
        custom.extend(self.custom.iter().cloned());
        Self { custom }
    }

    /// The configuration's own definitions, in configuration order.
    pub fn custom(&self) -> &[CustomDef<S>] {
        &self.custom
    }

    fn custom_where(
        &self,
        space: &str,
        hit: impl Fn(&CustomDef<S>) -> bool,
    ) -> Option<OptionDef<'_, S>> {
        self.custom
            .iter()
            .find(|c| c.space == space && hit(c))
            .map(CustomDef::as_def)
    }

    /// The definition named `name` in `space`: the standard one, else the
    /// configuration's (which replaces a last-resort one).
    pub fn by_name(&self, space: &str, name: &str) -> Option<OptionDef<'_, S>> {
        let standard = S::standard_in(space)
            .iter()
            .find(|d| d.name == name)
            .copied();
        match standard {
            Some(d) if !last_resort(&d) => Some(d),
            _ => self.custom_where(space, |c| c.name == name).or(standard),
        }
    }

    /// The definition of `code` in `space`: the standard one, else the
    /// configuration's (which replaces a last-resort one).
    pub fn by_code(&self, space: &str, code: S::Code) -> Option<OptionDef<'_, S>> {
        let standard = S::standard_in(space)
            .iter()
            .find(|d| d.code == code)
            .copied();
        match standard {
            Some(d) if !last_resort(&d) => Some(d),
            _ => self.custom_where(space, |c| c.code == code).or(standard),
        }
    }
}
