//! The expression lexer: Kea 2.2's `lexer.ll` token set, written with winnow.
//! Like flex it takes the longest match at each position (ties go to the
//! earlier rule), recognises an option name only just before `]`, and stops
//! at the first character no rule matches (`Invalid character: X`).

use std::net::IpAddr;

use winnow::combinator::{opt, preceded};
use winnow::error::{ContextError, ErrMode};
use winnow::token::{one_of, take_till, take_while};
use winnow::Parser;

/// A token kind. The discriminants are bison's symbol numbers in Kea's
/// generated parser, so that "expecting A or B" lists come out in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Kind {
    End = 0,
    LParen = 3,
    RParen,
    Not,
    And,
    Or,
    Equal,
    Option,
    Relay4,
    Relay6,
    Member,
    PeerAddr,
    LinkAddr,
    LBracket,
    RBracket,
    Dot,
    Text,
    Hex,
    Exists,
    Pkt,
    Iface,
    Src,
    Dst,
    Len,
    Pkt4,
    Mac,
    Hlen,
    Htype,
    Ciaddr,
    Giaddr,
    Yiaddr,
    Siaddr,
    Substring,
    Split,
    All,
    Comma,
    Concat,
    Plus,
    Ifelse,
    ToHexString,
    AddrToText,
    Int8ToText,
    Int16ToText,
    Int32ToText,
    Uint8ToText,
    Uint16ToText,
    Uint32ToText,
    Pkt6,
    MsgType,
    TransId,
    VendorClass,
    Vendor,
    Any,
    Data,
    Enterprise,
    String = 59,
    Integer,
    HexString,
    OptionName,
    IpAddress,
    /// Not a bison symbol: a lexer failure, raised when the parser reaches it.
    Invalid = 100,
}

impl Kind {
    /// The name bison prints for the token (its alias, quotes stripped the
    /// way bison's `yytnamerr` strips them: not for `","`).
    pub fn bison_name(self) -> &'static str {
        match self {
            Kind::End => "end of file",
            Kind::String => "constant string",
            Kind::Integer => "integer",
            Kind::HexString => "constant hexstring",
            Kind::OptionName => "option name",
            Kind::IpAddress => "ip address",
            Kind::Comma => "\",\"",
            Kind::Invalid => "invalid token",
            k => KEYWORDS
                .iter()
                .chain(PUNCT.iter())
                .find(|(_, kind)| *kind == k)
                .map(|(text, _)| *text)
                .unwrap_or("invalid token"),
        }
    }
}

/// Keywords in `lexer.ll`'s rule order (all lowercase; flex is case-sensitive).
const KEYWORDS: &[(&str, Kind)] = &[
    ("option", Kind::Option),
    ("relay4", Kind::Relay4),
    ("relay6", Kind::Relay6),
    ("peeraddr", Kind::PeerAddr),
    ("linkaddr", Kind::LinkAddr),
    ("text", Kind::Text),
    ("hex", Kind::Hex),
    ("exists", Kind::Exists),
    ("pkt", Kind::Pkt),
    ("iface", Kind::Iface),
    ("src", Kind::Src),
    ("dst", Kind::Dst),
    ("len", Kind::Len),
    ("pkt4", Kind::Pkt4),
    ("mac", Kind::Mac),
    ("hlen", Kind::Hlen),
    ("htype", Kind::Htype),
    ("ciaddr", Kind::Ciaddr),
    ("giaddr", Kind::Giaddr),
    ("yiaddr", Kind::Yiaddr),
    ("siaddr", Kind::Siaddr),
    ("pkt6", Kind::Pkt6),
    ("msgtype", Kind::MsgType),
    ("transid", Kind::TransId),
    ("vendor", Kind::Vendor),
    ("vendor-class", Kind::VendorClass),
    ("data", Kind::Data),
    ("enterprise", Kind::Enterprise),
    ("substring", Kind::Substring),
    ("split", Kind::Split),
    ("all", Kind::All),
    ("concat", Kind::Concat),
    ("ifelse", Kind::Ifelse),
    ("hexstring", Kind::ToHexString),
    ("addrtotext", Kind::AddrToText),
    ("int8totext", Kind::Int8ToText),
    ("int16totext", Kind::Int16ToText),
    ("int32totext", Kind::Int32ToText),
    ("uint8totext", Kind::Uint8ToText),
    ("uint16totext", Kind::Uint16ToText),
    ("uint32totext", Kind::Uint32ToText),
    ("not", Kind::Not),
    ("and", Kind::And),
    ("or", Kind::Or),
    ("member", Kind::Member),
];

/// Punctuation, after the keywords in rule order (`==` comes first there).
const PUNCT: &[(&str, Kind)] = &[
    ("==", Kind::Equal),
    (".", Kind::Dot),
    ("(", Kind::LParen),
    (")", Kind::RParen),
    ("[", Kind::LBracket),
    ("]", Kind::RBracket),
    (",", Kind::Comma),
    ("*", Kind::Any),
    ("+", Kind::Plus),
];

/// One token with its byte span in the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// The value of a literal or name token (string contents without the
    /// quotes, hex/integer/address digits, option name); for
    /// [`Kind::Invalid`], the error message.
    pub text: String,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the token (for an option name: past its
    /// trailing blanks, as flex's location has it).
    pub end: usize,
}

type LexResult<'a> = Result<&'a str, ErrMode<ContextError>>;

fn string_lit<'a>(i: &mut &'a str) -> LexResult<'a> {
    ('\'', take_till(0.., ['\'', '\n']), '\'')
        .take()
        .parse_next(i)
}

fn hex_lit<'a>(i: &mut &'a str) -> LexResult<'a> {
    (
        '0',
        one_of(['x', 'X']),
        take_while(1.., |c: char| c.is_ascii_hexdigit()),
    )
        .take()
        .parse_next(i)
}

fn int_lit<'a>(i: &mut &'a str) -> LexResult<'a> {
    (opt('-'), take_while(1.., |c: char| c.is_ascii_digit()))
        .take()
        .parse_next(i)
}

fn digits<'a>(i: &mut &'a str) -> LexResult<'a> {
    take_while(1.., |c: char| c.is_ascii_digit()).parse_next(i)
}

fn addr4<'a>(i: &mut &'a str) -> LexResult<'a> {
    (
        digits,
        preceded('.', digits),
        preceded('.', digits),
        preceded('.', digits),
    )
        .take()
        .parse_next(i)
}

fn addr6<'a>(i: &mut &'a str) -> LexResult<'a> {
    (
        take_while(0.., |c: char| c.is_ascii_hexdigit()),
        ':',
        take_while(0.., |c: char| c.is_ascii_hexdigit()),
        ':',
        take_while(0.., |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.'),
    )
        .take()
        .parse_next(i)
}

/// An option name: `[A-Za-z]([-_A-Za-z0-9]*[A-Za-z0-9])?` then blanks, only
/// when `]` follows. Returns (name, length with the blanks, match length
/// with the `]` trailing context, which is what flex compares).
fn option_name(rest: &str) -> Option<(&str, usize, usize)> {
    let mut i = rest;
    let run: &str = (
        one_of::<_, _, ErrMode<ContextError>>(|c: char| c.is_ascii_alphabetic()),
        take_while(0.., |c: char| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        }),
    )
        .take()
        .parse_next(&mut i)
        .ok()?;
    if !run.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let blanks: &str = take_while::<_, _, ErrMode<ContextError>>(0.., [' ', '\t', '\n'])
        .parse_next(&mut i)
        .ok()?;
    if !i.starts_with(']') {
        return None;
    }
    let with_blanks = run.len() + blanks.len();
    Some((run, with_blanks, with_blanks + 1))
}

/// Length a winnow pattern matches at the start of `rest`, if any.
fn match_len<'a>(rest: &'a str, p: fn(&mut &'a str) -> LexResult<'a>) -> Option<usize> {
    let mut i = rest;
    p(&mut i).ok().map(str::len)
}

/// The candidate rules at a position, as (match length, rule rank, kind,
/// token length); the longest match wins, the lower rank on a tie.
fn best_match(rest: &str) -> Option<(Kind, usize, String)> {
    let mut best: Option<(usize, usize, Kind, usize, String)> = None;
    let mut offer = |len: usize, rank: usize, kind: Kind, tok_len: usize, text: String| {
        let better = match &best {
            None => true,
            Some((l, r, ..)) => len > *l || (len == *l && rank < *r),
        };
        if len > 0 && better {
            best = Some((len, rank, kind, tok_len, text));
        }
    };
    if let Some(n) = match_len(rest, string_lit) {
        offer(
            n,
            0,
            Kind::String,
            n,
            rest.get(1..n - 1).unwrap_or_default().to_string(),
        );
    }
    if let Some(n) = match_len(rest, hex_lit) {
        offer(
            n,
            1,
            Kind::HexString,
            n,
            rest.get(..n).unwrap_or_default().to_string(),
        );
    }
    if let Some(n) = match_len(rest, int_lit) {
        offer(
            n,
            2,
            Kind::Integer,
            n,
            rest.get(..n).unwrap_or_default().to_string(),
        );
    }
    if let Some((name, tok_len, n)) = option_name(rest) {
        offer(n, 3, Kind::OptionName, tok_len, name.to_string());
    }
    let addr = match_len(rest, addr4).max(match_len(rest, addr6));
    if let Some(n) = addr {
        offer(
            n,
            4,
            Kind::IpAddress,
            n,
            rest.get(..n).unwrap_or_default().to_string(),
        );
    }
    for (rank, (text, kind)) in KEYWORDS.iter().chain(PUNCT.iter()).enumerate() {
        if rest.starts_with(text) {
            offer(text.len(), 5 + rank, *kind, text.len(), String::new());
        }
    }
    best.map(|(_, _, kind, tok_len, text)| (kind, tok_len, text))
}

/// Splits `text` into tokens. The last token is [`Kind::End`], or
/// [`Kind::Invalid`] carrying Kea's lexer message when a character matches
/// no rule (or an integer / address literal does not convert).
pub fn lex(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    loop {
        let rest = text.get(pos..).unwrap_or("");
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len();
        pos += blanks;
        let rest = text.get(pos..).unwrap_or("");
        let Some(first) = rest.chars().next() else {
            tokens.push(Token {
                kind: Kind::End,
                text: String::new(),
                start: pos,
                end: pos,
            });
            return tokens;
        };
        let Some((kind, len, value)) = best_match(rest) else {
            tokens.push(Token {
                kind: Kind::Invalid,
                text: format!("Invalid character: {first}"),
                start: pos,
                end: pos + first.len_utf8(),
            });
            return tokens;
        };
        let end = pos + len;
        let failure = match kind {
            Kind::Integer if value.parse::<i64>().is_err() => {
                Some(format!("Failed to convert {value} to an integer."))
            }
            Kind::IpAddress if value.parse::<IpAddr>().is_err() => {
                Some(format!("Failed to convert {value} to an IP address."))
            }
            _ => None,
        };
        if let Some(message) = failure {
            tokens.push(Token {
                kind: Kind::Invalid,
                text: message,
                start: pos,
                end,
            });
            return tokens;
        }
        tokens.push(Token {
            kind,
            text: value,
            start: pos,
            end,
        });
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        lex(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn keywords_literals_and_punctuation() {
        assert_eq!(
            kinds("option[61].hex == 0x01"),
            vec![
                Kind::Option,
                Kind::LBracket,
                Kind::Integer,
                Kind::RBracket,
                Kind::Dot,
                Kind::Hex,
                Kind::Equal,
                Kind::HexString,
                Kind::End
            ]
        );
        assert_eq!(
            kinds("vendor-class[*].data"),
            vec![
                Kind::VendorClass,
                Kind::LBracket,
                Kind::Any,
                Kind::RBracket,
                Kind::Dot,
                Kind::Data,
                Kind::End
            ]
        );
    }

    #[test]
    fn option_names_only_before_a_bracket() {
        let t = lex("option[ host-name  ].text");
        assert_eq!(t[2].kind, Kind::OptionName);
        assert_eq!(t[2].text, "host-name");
        assert_eq!((t[2].start, t[2].end), (8, 19));
        assert_eq!(lex("hex]")[0].kind, Kind::OptionName);
        assert_eq!(lex("hex")[0].kind, Kind::Hex);
        // A name may not end with '-': 'a-' is then an invalid character.
        assert_eq!(lex("option[a-]")[2].text, "Invalid character: a");
    }

    #[test]
    fn addresses_and_integers() {
        let t = lex("10.0.0.1 fe80::1 -5 ::");
        assert_eq!(t[0].kind, Kind::IpAddress);
        assert_eq!(t[1].kind, Kind::IpAddress);
        assert_eq!((t[2].kind, t[2].text.as_str()), (Kind::Integer, "-5"));
        assert_eq!(t[3].kind, Kind::IpAddress);
        assert_eq!(
            lex("300.1.1.1")[0].text,
            "Failed to convert 300.1.1.1 to an IP address."
        );
        assert_eq!(
            lex("99999999999999999999")[0].text,
            "Failed to convert 99999999999999999999 to an integer."
        );
    }

    #[test]
    fn invalid_characters() {
        for (text, ch) in [
            ("known", 'k'),
            ("OPTION[61]", 'O'),
            ("'a' != 'b'", '!'),
            ("\"x\"", '"'),
            ("0x", 'x'),
            ("a && b", 'a'),
            ("'a\\'b'", 'b'),
        ] {
            let last = lex(text).pop().expect("a token");
            assert_eq!(last.kind, Kind::Invalid, "{text}");
            assert_eq!(last.text, format!("Invalid character: {ch}"), "{text}");
        }
    }
}
