//! Kea's JSON leniencies beyond comments (those are in `jsonc`): trailing commas
//! (Kea warns "Extraneous comma") and numbers written `.5`. Rewritten in place
//! without moving later text on the line where possible, so error positions
//! still point into the original file.

/// A warning about something Kea accepts but flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaxWarning {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What was relaxed.
    pub message: &'static str,
}

/// Returns `text` (already comment-stripped) with trailing commas blanked and
/// leading-dot numbers given their zero, plus a warning per trailing comma.
pub fn relax(text: &str) -> (String, Vec<RelaxWarning>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 8);
    let mut warnings = Vec::new();
    let (mut line, mut column) = (1usize, 1usize);
    let mut in_string = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                i += 1;
                out.push(chars[i]);
                column += 1;
            } else if c == '"' {
                in_string = false;
            }
        } else {
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                ',' if next_significant(&chars, i + 1).is_some_and(|n| n == '}' || n == ']') => {
                    warnings.push(RelaxWarning {
                        line,
                        column,
                        message:
                            "Extraneous comma. A piece of configuration may have been omitted.",
                    });
                    out.push(' ');
                }
                '.' if chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                    && !out.last().is_some_and(|p| p.is_ascii_digit()) =>
                {
                    // `: .5` -> `:0.5`, reusing the blank when there is one.
                    if out.last().is_some_and(|p| *p == ' ') {
                        out.pop();
                    }
                    out.push('0');
                    out.push('.');
                }
                _ => out.push(c),
            }
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        i += 1;
    }
    (out.into_iter().collect(), warnings)
}

fn next_significant(chars: &[char], from: usize) -> Option<char> {
    chars[from..].iter().copied().find(|c| !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::relax;

    #[test]
    fn trailing_commas_are_blanked_and_warned() {
        let (text, warnings) = relax("{\"a\": [1, 2,], \"b\": 1,\n}");
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid json");
        assert_eq!(v["a"], serde_json::json!([1, 2]));
        assert_eq!(warnings.len(), 2);
        assert_eq!((warnings[1].line, warnings[1].column), (1, 22));
    }

    #[test]
    fn leading_dot_numbers_get_their_zero() {
        let (text, _) = relax("{\"t1\": .5, \"t2\":.875, \"s\": \"a .5\"}");
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid json");
        assert_eq!(v["t1"], 0.5);
        assert_eq!(v["t2"], 0.875);
        assert_eq!(v["s"], "a .5");
    }
}
