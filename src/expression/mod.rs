//! Kea 2.2's client-classification expression language (the `test` of a
//! `client-classes` entry): parsed once when the configuration is loaded
//! ([`parse`]), evaluated per packet ([`Expression::evaluate`]) over a
//! family-neutral [`PacketView`]. Values are byte strings and booleans are
//! `"true"` / `"false"`, as in Kea; evaluation is strict (no short-circuit)
//! and never panics.

mod ast;
mod class_set;
mod decoded;
mod eval;
mod lexer;
mod packet_view;
mod parser;
pub mod suboptions;
#[cfg(test)]
mod tests;
mod text;

pub use class_set::ClassSet;
pub use packet_view::{Header4, Header6, PacketView, Universe};

use std::fmt;

/// What the parser needs to know besides the text: the packet family (some
/// tokens exist in one only), which classes `member()` may name (built-in or
/// defined earlier in the list), and the option names `option[NAME]` resolves.
pub struct ParseContext<'a> {
    /// DHCPv4 or DHCPv6.
    pub universe: Universe,
    /// True when `member('NAME')` may name this class.
    pub class_defined: &'a dyn Fn(&str) -> bool,
    /// The code of an option name (standard definitions, then global
    /// `option-def`s), or `None` when the name is not defined.
    pub option_code: &'a dyn Fn(&str) -> Option<u16>,
}

/// A parse error at a column range of the expression, shown as `kea-dhcp4 -t`
/// shows it (`<string>:1.C-D: message`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// First column (1-based) of the offending token.
    pub first_column: usize,
    /// Last column (1-based, inclusive) of the offending token.
    pub last_column: usize,
    /// Kea's wording (`Invalid character: k`, `syntax error, ...`).
    pub message: String,
}

impl fmt::Display for ParseError {
    /// Bison's location form: `1.C-D`, or `1.C` for a one-column token (and
    /// for the end of the text).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.last_column > self.first_column {
            write!(
                f,
                "<string>:1.{}-{}: {}",
                self.first_column, self.last_column, self.message
            )
        } else {
            write!(f, "<string>:1.{}: {}", self.first_column, self.message)
        }
    }
}

/// A runtime failure of one evaluation (a text conversion given the wrong
/// number of bytes): the class is not assigned, the packet goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(pub String);

/// A parsed `test` expression.
#[derive(Debug, Clone)]
pub struct Expression {
    source: String,
    universe: Universe,
    root: ast::BoolExpr,
}

impl Expression {
    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The class names `member()` refers to, in order of appearance (for the
    /// KNOWN / UNKNOWN dependency of a class).
    pub fn members(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.root.collect_members(&mut out);
        out
    }

    /// The packet family it was parsed for.
    pub fn universe(&self) -> Universe {
        self.universe
    }

    /// Evaluates against `packet` with the classes it holds so far.
    pub fn evaluate(&self, packet: &dyn PacketView, classes: &ClassSet) -> Result<bool, EvalError> {
        eval::Env {
            packet,
            classes,
            universe: self.universe,
        }
        .bool(&self.root)
    }
}

/// Parses `text` as a boolean expression.
pub fn parse(text: &str, ctx: &ParseContext<'_>) -> Result<Expression, ParseError> {
    Ok(Expression {
        source: text.to_string(),
        universe: ctx.universe,
        root: parser::parse_bool(text, ctx)?,
    })
}
