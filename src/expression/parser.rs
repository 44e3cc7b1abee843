//! The expression parser: a winnow parser over the lexer's tokens that
//! accepts exactly Kea 2.2's grammar (`parser.yy`, top-level bool) and fails
//! the way its bison parser does: the first error wins, semantic checks run
//! when their production completes (before the next token is looked at), and
//! syntax errors read `syntax error, unexpected X, expecting A or B` with the
//! tokens the corresponding LALR state accepts (none listed past four).

use winnow::error::{Needed, ParserError};
use winnow::stream::{Stream, TokenSlice};
use winnow::Parser;

use super::ast::{
    BoolExpr, IntToText, Pkt4Field, Pkt6Field, PktField, Relay6Field, Repr, StrExpr, SubLen,
};
use super::lexer::{lex, Kind, Token};
use super::{ParseContext, ParseError, Universe};

type Input<'t> = TokenSlice<'t, Token>;

/// A parse failure in winnow's terms: always fatal (no backtracking), it
/// carries the final [`ParseError`].
#[derive(Debug)]
pub struct Fail(pub ParseError);

impl<'t> ParserError<Input<'t>> for Fail {
    type Inner = Self;

    fn from_input(_input: &Input<'t>) -> Self {
        Fail(ParseError {
            first_column: 1,
            last_column: 1,
            message: "syntax error".into(),
        })
    }

    fn incomplete(input: &Input<'t>, _needed: Needed) -> Self {
        Self::from_input(input)
    }

    fn is_backtrack(&self) -> bool {
        false
    }

    fn into_inner(self) -> Result<Self::Inner, Self> {
        Ok(self)
    }
}

type PResult<T> = Result<T, Fail>;

/// A node of either type, while `(` leaves it open which one it is.
enum Node {
    Bool(BoolExpr),
    Str(StrExpr),
}

/// What encloses a boolean: what may follow it there.
#[derive(Clone, Copy)]
enum BoolCtx {
    /// The whole expression (bison has reduced to `start` and wants EOF).
    Top,
    /// `( bool )`.
    Paren,
    /// `ifelse( bool , ...`.
    IfElse,
}

impl BoolCtx {
    /// The token that ends the boolean here, and what the state accepts.
    fn closing(self) -> (Kind, &'static [Kind]) {
        match self {
            BoolCtx::Top => (Kind::End, &[Kind::End]),
            BoolCtx::Paren => (Kind::RParen, &[Kind::RParen, Kind::And, Kind::Or]),
            BoolCtx::IfElse => (Kind::Comma, &[Kind::And, Kind::Or, Kind::Comma]),
        }
    }
}

/// Whether a terminal is read where a boolean may stand (the `.exists`
/// forms and `member` are allowed) or only a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Bool,
    Str,
}

/// Tokens that can start a string expression.
const STR_START: &[Kind] = &[
    Kind::LParen,
    Kind::Option,
    Kind::Relay4,
    Kind::Relay6,
    Kind::Pkt,
    Kind::Pkt4,
    Kind::Substring,
    Kind::Split,
    Kind::Concat,
    Kind::Ifelse,
    Kind::ToHexString,
    Kind::AddrToText,
    Kind::Int8ToText,
    Kind::Int16ToText,
    Kind::Int32ToText,
    Kind::Uint8ToText,
    Kind::Uint16ToText,
    Kind::Uint32ToText,
    Kind::Pkt6,
    Kind::VendorClass,
    Kind::Vendor,
    Kind::String,
    Kind::Integer,
    Kind::HexString,
    Kind::IpAddress,
];

struct Grammar<'c, 'x> {
    ctx: &'c ParseContext<'x>,
    text: &'c str,
}

impl<'c, 'x> Grammar<'c, 'x> {
    fn column(&self, offset: usize) -> usize {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        offset - line_start + 1
    }

    fn error_at(&self, tok: &Token, message: impl Into<String>) -> Fail {
        let first = self.column(tok.start);
        let last = if tok.end > tok.start {
            self.column(tok.end - 1)
        } else {
            first
        };
        Fail(ParseError {
            first_column: first,
            last_column: last.max(first),
            message: message.into(),
        })
    }

    /// Bison's verbose syntax error for `tok` in a state accepting `expected`.
    fn syntax_error(&self, tok: &Token, expected: &[Kind]) -> Fail {
        if tok.kind == Kind::Invalid {
            return self.error_at(tok, tok.text.clone());
        }
        let mut message = format!("syntax error, unexpected {}", tok.kind.bison_name());
        let mut expected: Vec<Kind> = expected.to_vec();
        expected.sort();
        expected.dedup();
        if !expected.is_empty() && expected.len() <= 4 {
            let names: Vec<&str> = expected.iter().map(|k| k.bison_name()).collect();
            message.push_str(", expecting ");
            message.push_str(&names.join(" or "));
        }
        self.error_at(tok, message)
    }

    /// The next token without consuming it; a lexer failure surfaces here,
    /// when the parser first needs the token, as with flex and bison.
    fn peek(&self, i: &Input<'_>) -> PResult<Token> {
        match i.peek_token() {
            Some(t) if t.kind == Kind::Invalid => Err(self.error_at(t, t.text.clone())),
            Some(t) => Ok(t.clone()),
            None => Err(Fail(ParseError {
                first_column: self.column(self.text.len()),
                last_column: self.column(self.text.len()),
                message: "syntax error, unexpected end of file".into(),
            })),
        }
    }

    fn peek_kind(&self, i: &Input<'_>) -> PResult<Kind> {
        self.peek(i).map(|t| t.kind)
    }

    /// Consumes the next token when it is one of `kinds`, else the syntax
    /// error of a state accepting `kinds`.
    fn expect<'t>(&self, kinds: &'static [Kind]) -> impl Parser<Input<'t>, Token, Fail> + '_ {
        move |i: &mut Input<'t>| {
            let tok = self.peek(i)?;
            if kinds.contains(&tok.kind) {
                let _ = i.next_token();
                Ok(tok)
            } else {
                Err(self.syntax_error(&tok, kinds))
            }
        }
    }

    fn one(&self, i: &mut Input<'_>, kind: &'static [Kind]) -> PResult<Token> {
        self.expect(kind).parse_next(i)
    }

    // ---- semantic conversions (EvalContext::convert*) ----

    fn option_code(&self, tok: &Token) -> PResult<u16> {
        if tok.kind == Kind::OptionName {
            return (self.ctx.option_code)(&tok.text).ok_or_else(|| {
                self.error_at(tok, format!("option '{}' is not defined", tok.text))
            });
        }
        let Ok(n) = tok.text.parse::<i32>() else {
            return Err(self.error_at(
                tok,
                format!("Option code has invalid value in {}", tok.text),
            ));
        };
        let max = match self.ctx.universe {
            Universe::V4 => 255,
            Universe::V6 => 65535,
        };
        if !(0..=max).contains(&n) {
            return Err(self.error_at(
                tok,
                format!(
                    "Option code has invalid value in {}. Allowed range: 0..{max}",
                    tok.text
                ),
            ));
        }
        Ok(n as u16)
    }

    fn int_in_range(&self, tok: &Token, min: i64, max: i64) -> PResult<i64> {
        match tok.text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(self.error_at(
                tok,
                format!("Invalid value in {}. Allowed range: {min}..{max}", tok.text),
            )),
        }
    }

    fn uint32(&self, tok: &Token) -> PResult<u32> {
        self.int_in_range(tok, 0, u32::MAX.into())
            .map(|n| u32::try_from(n).unwrap_or(0))
    }

    fn nest_level(&self, tok: &Token) -> PResult<i8> {
        let n = self.int_in_range(tok, -128, 127)?;
        match self.ctx.universe {
            Universe::V6 if (-32..32).contains(&n) => Ok(n as i8),
            Universe::V6 => Err(self.error_at(
                tok,
                format!(
                    "Nest level has invalid value in {}. Allowed range: -32..31",
                    tok.text
                ),
            )),
            Universe::V4 => Err(self.error_at(tok, "Nest level invalid for DHCPv4 packets")),
        }
    }

    fn enterprise(&self, i: &mut Input<'_>) -> PResult<u32> {
        let tok = self.one(i, &[Kind::Any, Kind::Integer])?;
        if tok.kind == Kind::Any {
            Ok(0)
        } else {
            self.uint32(&tok)
        }
    }

    fn literal_int(&self, i: &mut Input<'_>) -> PResult<i64> {
        let tok = self.one(i, &[Kind::Integer])?;
        // The lexer checked that it fits an int64.
        Ok(tok.text.parse::<i64>().unwrap_or(0))
    }

    // ---- booleans ----

    fn or_expr(&self, i: &mut Input<'_>, first: Option<BoolExpr>) -> PResult<BoolExpr> {
        let mut left = match first {
            Some(b) => self.and_tail(i, b)?,
            None => self.and_expr(i)?,
        };
        while self.peek_kind(i)? == Kind::Or {
            let _ = i.next_token();
            let right = self.and_expr(i)?;
            left = BoolExpr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&self, i: &mut Input<'_>) -> PResult<BoolExpr> {
        let first = self.unary(i)?;
        self.and_tail(i, first)
    }

    fn and_tail(&self, i: &mut Input<'_>, mut left: BoolExpr) -> PResult<BoolExpr> {
        while self.peek_kind(i)? == Kind::And {
            let _ = i.next_token();
            let right = self.unary(i)?;
            left = BoolExpr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&self, i: &mut Input<'_>) -> PResult<BoolExpr> {
        if self.peek_kind(i)? == Kind::Not {
            let _ = i.next_token();
            return Ok(BoolExpr::Not(Box::new(self.unary(i)?)));
        }
        let tok = self.peek(i)?;
        match self.primary_bool(i, false)? {
            Node::Bool(b) => Ok(b),
            // primary_bool only leaves a string open when allowed to.
            Node::Str(_) => Err(self.syntax_error(&tok, STR_START)),
        }
    }

    /// A whole boolean in `ctx`; the closing token is checked, not consumed.
    fn bool_in(&self, i: &mut Input<'_>, ctx: BoolCtx) -> PResult<BoolExpr> {
        let b = self.or_expr(i, None)?;
        let tok = self.peek(i)?;
        let (close, accepted) = ctx.closing();
        if tok.kind != close {
            return Err(self.syntax_error(&tok, accepted));
        }
        Ok(b)
    }

    /// One operand where a boolean is wanted; with `allow_close` (directly
    /// after `(`) a string may be left open for a following `)`.
    fn primary_bool(&self, i: &mut Input<'_>, allow_close: bool) -> PResult<Node> {
        let tok = self.peek(i)?;
        let node = match tok.kind {
            Kind::LParen => {
                let _ = i.next_token();
                self.paren_content(i)?
            }
            Kind::Member | Kind::Option | Kind::Relay4 | Kind::Relay6 => {
                self.terminal(i, Ctx::Bool)?
            }
            k if STR_START.contains(&k) => self.terminal(i, Ctx::Bool)?,
            _ => return Err(self.syntax_error(&tok, STR_START)),
        };
        match node {
            Node::Bool(b) => Ok(Node::Bool(b)),
            Node::Str(s) => self.string_in_bool(i, s, allow_close),
        }
    }

    /// A string where a boolean is wanted: `+` chains, then `==` (or `)`
    /// right after an opening parenthesis).
    fn string_in_bool(&self, i: &mut Input<'_>, s: StrExpr, allow_close: bool) -> PResult<Node> {
        let s = self.plus_chain(i, s)?;
        let tok = self.peek(i)?;
        match tok.kind {
            Kind::Equal => {
                let _ = i.next_token();
                let rhs = self.str_full(i)?;
                Ok(Node::Bool(BoolExpr::Equal(s, rhs)))
            }
            Kind::RParen if allow_close => Ok(Node::Str(s)),
            _ if allow_close => {
                Err(self.syntax_error(&tok, &[Kind::RParen, Kind::Equal, Kind::Plus]))
            }
            _ => Err(self.syntax_error(&tok, &[Kind::Equal, Kind::Plus])),
        }
    }

    /// After `(` where a boolean may stand: `( bool )` or `( string )`.
    fn paren_content(&self, i: &mut Input<'_>) -> PResult<Node> {
        let first = if self.peek_kind(i)? == Kind::Not {
            Node::Bool(self.unary(i)?)
        } else {
            self.primary_bool(i, true)?
        };
        match first {
            Node::Str(s) => {
                self.one(i, &[Kind::RParen])?;
                Ok(Node::Str(s))
            }
            Node::Bool(b) => {
                let b = self.or_expr(i, Some(b))?;
                let tok = self.peek(i)?;
                let (close, accepted) = BoolCtx::Paren.closing();
                if tok.kind != close {
                    return Err(self.syntax_error(&tok, accepted));
                }
                let _ = i.next_token();
                Ok(Node::Bool(b))
            }
        }
    }

    // ---- strings ----

    fn plus_chain(&self, i: &mut Input<'_>, mut s: StrExpr) -> PResult<StrExpr> {
        while self.peek_kind(i)? == Kind::Plus {
            let _ = i.next_token();
            let right = self.primary_str(i)?;
            s = StrExpr::Concat(Box::new(s), Box::new(right));
        }
        Ok(s)
    }

    fn str_full(&self, i: &mut Input<'_>) -> PResult<StrExpr> {
        let s = self.primary_str(i)?;
        self.plus_chain(i, s)
    }

    /// A string argument followed by `close` (`,` or `)`), which is consumed.
    fn str_arg(&self, i: &mut Input<'_>, close: &'static [Kind; 2]) -> PResult<StrExpr> {
        let s = self.str_full(i)?;
        let tok = self.peek(i)?;
        if tok.kind != close[0] {
            return Err(self.syntax_error(&tok, close));
        }
        let _ = i.next_token();
        Ok(s)
    }

    fn primary_str(&self, i: &mut Input<'_>) -> PResult<StrExpr> {
        let tok = self.peek(i)?;
        if tok.kind == Kind::LParen {
            let _ = i.next_token();
            return self.str_arg(i, &[Kind::RParen, Kind::Plus]);
        }
        if !STR_START.contains(&tok.kind) {
            return Err(self.syntax_error(&tok, STR_START));
        }
        match self.terminal(i, Ctx::Str)? {
            Node::Str(s) => Ok(s),
            // Ctx::Str never yields a boolean terminal.
            Node::Bool(_) => Err(self.syntax_error(&tok, STR_START)),
        }
    }

    /// `.text` / `.hex` (and `.exists` where a boolean may stand).
    fn repr_or_exists(&self, i: &mut Input<'_>, ctx: Ctx) -> PResult<Option<Repr>> {
        const B: &[Kind] = &[Kind::Text, Kind::Hex, Kind::Exists];
        const S: &[Kind] = &[Kind::Text, Kind::Hex];
        let tok = self.one(i, if ctx == Ctx::Bool { B } else { S })?;
        Ok(match tok.kind {
            Kind::Text => Some(Repr::Text),
            Kind::Hex => Some(Repr::Hex),
            _ => None,
        })
    }

    fn bracketed_code(&self, i: &mut Input<'_>, names: bool) -> PResult<u16> {
        self.one(i, &[Kind::LBracket])?;
        let tok = if names {
            self.one(i, &[Kind::Integer, Kind::OptionName])?
        } else {
            self.one(i, &[Kind::Integer])?
        };
        let code = self.option_code(&tok)?;
        self.one(i, &[Kind::RBracket])?;
        self.one(i, &[Kind::Dot])?;
        Ok(code)
    }

    fn terminal(&self, i: &mut Input<'_>, ctx: Ctx) -> PResult<Node> {
        let tok = self.peek(i)?;
        let _ = i.next_token();
        let s = |e: StrExpr| Ok(Node::Str(e));
        match tok.kind {
            Kind::String => s(StrExpr::Literal(tok.text.into_bytes())),
            Kind::HexString => s(StrExpr::Literal(hex_literal(&tok.text))),
            Kind::IpAddress => s(StrExpr::Literal(ip_literal(&tok.text))),
            Kind::Integer => {
                let n = self.uint32(&tok)?;
                s(StrExpr::Literal(n.to_be_bytes().to_vec()))
            }
            Kind::Option => {
                let code = self.bracketed_code(i, true)?;
                let next = if ctx == Ctx::Bool {
                    self.one(i, &[Kind::Option, Kind::Text, Kind::Hex, Kind::Exists])?
                } else {
                    self.one(i, &[Kind::Option, Kind::Text, Kind::Hex])?
                };
                match next.kind {
                    Kind::Text => s(StrExpr::Option(code, Repr::Text)),
                    Kind::Hex => s(StrExpr::Option(code, Repr::Hex)),
                    Kind::Exists => Ok(Node::Bool(BoolExpr::OptionExists(code))),
                    _ => {
                        let sub = self.bracketed_code(i, false)?;
                        Ok(match self.repr_or_exists(i, ctx)? {
                            Some(r) => Node::Str(StrExpr::SubOption(code, sub, r)),
                            None => Node::Bool(BoolExpr::SubOptionExists(code, sub)),
                        })
                    }
                }
            }
            Kind::Relay4 => {
                let sub = self.bracketed_code(i, false)?;
                let r = self.repr_or_exists(i, ctx)?;
                if self.ctx.universe != Universe::V4 {
                    return Err(self.error_at(&tok, "relay4 can only be used in DHCPv4."));
                }
                Ok(match r {
                    Some(r) => Node::Str(StrExpr::Relay4(sub, r)),
                    None => Node::Bool(BoolExpr::Relay4Exists(sub)),
                })
            }
            Kind::Relay6 => {
                self.one(i, &[Kind::LBracket])?;
                let level_tok = self.one(i, &[Kind::Integer])?;
                let level = self.nest_level(&level_tok)?;
                self.one(i, &[Kind::RBracket])?;
                self.one(i, &[Kind::Dot])?;
                let next = self.one(i, &[Kind::Option, Kind::PeerAddr, Kind::LinkAddr])?;
                let node = match next.kind {
                    Kind::PeerAddr => Node::Str(StrExpr::Relay6Field(level, Relay6Field::PeerAddr)),
                    Kind::LinkAddr => Node::Str(StrExpr::Relay6Field(level, Relay6Field::LinkAddr)),
                    _ => {
                        let code = self.bracketed_code(i, false)?;
                        match self.repr_or_exists(i, ctx)? {
                            Some(r) => Node::Str(StrExpr::Relay6Option(level, code, r)),
                            None => Node::Bool(BoolExpr::Relay6Exists(level, code)),
                        }
                    }
                };
                if self.ctx.universe != Universe::V6 {
                    return Err(self.error_at(&tok, "relay6 can only be used in DHCPv6."));
                }
                Ok(node)
            }
            Kind::Pkt => {
                self.one(i, &[Kind::Dot])?;
                let f = self.one(i, &[Kind::Iface, Kind::Src, Kind::Dst, Kind::Len])?;
                s(StrExpr::Pkt(match f.kind {
                    Kind::Iface => PktField::Iface,
                    Kind::Src => PktField::Src,
                    Kind::Dst => PktField::Dst,
                    _ => PktField::Len,
                }))
            }
            Kind::Pkt4 => {
                self.one(i, &[Kind::Dot])?;
                let f = self.one(
                    i,
                    &[
                        Kind::Mac,
                        Kind::Hlen,
                        Kind::Htype,
                        Kind::Ciaddr,
                        Kind::Giaddr,
                        Kind::Yiaddr,
                        Kind::Siaddr,
                        Kind::MsgType,
                        Kind::TransId,
                    ],
                )?;
                if self.ctx.universe != Universe::V4 {
                    return Err(self.error_at(&tok, "pkt4 can only be used in DHCPv4."));
                }
                s(StrExpr::Pkt4(match f.kind {
                    Kind::Mac => Pkt4Field::Mac,
                    Kind::Hlen => Pkt4Field::Hlen,
                    Kind::Htype => Pkt4Field::Htype,
                    Kind::Ciaddr => Pkt4Field::Ciaddr,
                    Kind::Giaddr => Pkt4Field::Giaddr,
                    Kind::Yiaddr => Pkt4Field::Yiaddr,
                    Kind::Siaddr => Pkt4Field::Siaddr,
                    Kind::MsgType => Pkt4Field::MsgType,
                    _ => Pkt4Field::TransId,
                }))
            }
            Kind::Pkt6 => {
                self.one(i, &[Kind::Dot])?;
                let f = self.one(i, &[Kind::MsgType, Kind::TransId])?;
                if self.ctx.universe != Universe::V6 {
                    return Err(self.error_at(&tok, "pkt6 can only be used in DHCPv6."));
                }
                s(StrExpr::Pkt6(if f.kind == Kind::MsgType {
                    Pkt6Field::MsgType
                } else {
                    Pkt6Field::TransId
                }))
            }
            Kind::Member => {
                self.one(i, &[Kind::LParen])?;
                let name = self.one(i, &[Kind::String])?;
                self.one(i, &[Kind::RParen])?;
                if !(self.ctx.class_defined)(&name.text) {
                    return Err(
                        self.error_at(&name, format!("Not defined client class '{}'", name.text))
                    );
                }
                Ok(Node::Bool(BoolExpr::Member(name.text)))
            }
            Kind::Vendor => {
                let next = self.one(i, &[Kind::LBracket, Kind::Dot])?;
                if next.kind == Kind::Dot {
                    self.one(i, &[Kind::Enterprise])?;
                    return s(StrExpr::VendorEnterprise);
                }
                let e = self.enterprise(i)?;
                self.one(i, &[Kind::RBracket])?;
                self.one(i, &[Kind::Dot])?;
                let next = if ctx == Ctx::Bool {
                    self.one(i, &[Kind::Option, Kind::Exists])?
                } else {
                    self.one(i, &[Kind::Option])?
                };
                if next.kind == Kind::Exists {
                    return Ok(Node::Bool(BoolExpr::VendorExists(e)));
                }
                let sub = self.bracketed_code(i, false)?;
                Ok(match self.repr_or_exists(i, ctx)? {
                    Some(r) => Node::Str(StrExpr::VendorSubOption(e, sub, r)),
                    None => Node::Bool(BoolExpr::VendorSubOptionExists(e, sub)),
                })
            }
            Kind::VendorClass => {
                let next = self.one(i, &[Kind::LBracket, Kind::Dot])?;
                if next.kind == Kind::Dot {
                    self.one(i, &[Kind::Enterprise])?;
                    return s(StrExpr::VendorClassEnterprise);
                }
                let e = self.enterprise(i)?;
                self.one(i, &[Kind::RBracket])?;
                self.one(i, &[Kind::Dot])?;
                let next = if ctx == Ctx::Bool {
                    self.one(i, &[Kind::Exists, Kind::Data])?
                } else {
                    self.one(i, &[Kind::Data])?
                };
                if next.kind == Kind::Exists {
                    return Ok(Node::Bool(BoolExpr::VendorClassExists(e)));
                }
                let mut index = 0;
                if self.peek_kind(i)? == Kind::LBracket {
                    let _ = i.next_token();
                    let t = self.one(i, &[Kind::Integer])?;
                    index = u8::try_from(self.int_in_range(&t, 0, 255)?).unwrap_or(0);
                    self.one(i, &[Kind::RBracket])?;
                }
                s(StrExpr::VendorClassData(e, index))
            }
            Kind::Substring => {
                self.one(i, &[Kind::LParen])?;
                let arg = self.str_arg(i, &[Kind::Comma, Kind::Plus])?;
                let start = self.literal_int(i)?;
                self.one(i, &[Kind::Comma])?;
                let len_tok = self.one(i, &[Kind::All, Kind::Integer])?;
                let len = if len_tok.kind == Kind::All {
                    SubLen::All
                } else {
                    SubLen::Int(len_tok.text.parse::<i64>().unwrap_or(0))
                };
                self.one(i, &[Kind::RParen])?;
                s(StrExpr::Substring(Box::new(arg), start, len))
            }
            Kind::Split => {
                self.one(i, &[Kind::LParen])?;
                let arg = self.str_arg(i, &[Kind::Comma, Kind::Plus])?;
                let delims = self.str_arg(i, &[Kind::Comma, Kind::Plus])?;
                let field = self.literal_int(i)?;
                self.one(i, &[Kind::RParen])?;
                s(StrExpr::Split(Box::new(arg), Box::new(delims), field))
            }
            Kind::Concat | Kind::ToHexString => {
                self.one(i, &[Kind::LParen])?;
                let a = self.str_arg(i, &[Kind::Comma, Kind::Plus])?;
                let b = self.str_arg(i, &[Kind::RParen, Kind::Plus])?;
                s(if tok.kind == Kind::Concat {
                    StrExpr::Concat(Box::new(a), Box::new(b))
                } else {
                    StrExpr::ToHexString(Box::new(a), Box::new(b))
                })
            }
            Kind::Ifelse => {
                self.one(i, &[Kind::LParen])?;
                let c = self.bool_in(i, BoolCtx::IfElse)?;
                let _ = i.next_token();
                let t = self.str_arg(i, &[Kind::Comma, Kind::Plus])?;
                let f = self.str_arg(i, &[Kind::RParen, Kind::Plus])?;
                s(StrExpr::IfElse(Box::new(c), Box::new(t), Box::new(f)))
            }
            Kind::AddrToText
            | Kind::Int8ToText
            | Kind::Int16ToText
            | Kind::Int32ToText
            | Kind::Uint8ToText
            | Kind::Uint16ToText
            | Kind::Uint32ToText => {
                self.one(i, &[Kind::LParen])?;
                let a = Box::new(self.str_arg(i, &[Kind::RParen, Kind::Plus])?);
                s(match tok.kind {
                    Kind::AddrToText => StrExpr::AddrToText(a),
                    Kind::Int8ToText => StrExpr::IntToText(IntToText::Int8, a),
                    Kind::Int16ToText => StrExpr::IntToText(IntToText::Int16, a),
                    Kind::Int32ToText => StrExpr::IntToText(IntToText::Int32, a),
                    Kind::Uint8ToText => StrExpr::IntToText(IntToText::Uint8, a),
                    Kind::Uint16ToText => StrExpr::IntToText(IntToText::Uint16, a),
                    _ => StrExpr::IntToText(IntToText::Uint32, a),
                })
            }
            _ => Err(self.syntax_error(&tok, STR_START)),
        }
    }
}

/// `0x...` digits to bytes; an odd digit count gets a leading zero.
fn hex_literal(text: &str) -> Vec<u8> {
    let digits = text.get(2..).unwrap_or("");
    let padded = if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_string()
    };
    padded
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| std::str::from_utf8(pair).ok())
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect()
}

fn ip_literal(text: &str) -> Vec<u8> {
    match text.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => a.octets().to_vec(),
        Ok(std::net::IpAddr::V6(a)) => a.octets().to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Parses `text` as a top-level boolean expression.
pub fn parse_bool(text: &str, ctx: &ParseContext<'_>) -> Result<BoolExpr, ParseError> {
    let tokens = lex(text);
    let mut input = TokenSlice::new(&tokens);
    let parser = Grammar { ctx, text };
    parser
        .bool_in(&mut input, BoolCtx::Top)
        .map_err(|Fail(e)| e)
}
