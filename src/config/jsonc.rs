//! Kea's JSON dialect: `#`, `//` and `/* */` comments outside strings.
//!
//! Comments are replaced by spaces (newlines kept) so that line and column numbers
//! in parse errors still point into the original text.

/// Blanks out comments, keeping every newline and the length of each line.
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '#' => skip_line(&mut chars, &mut out),
            '/' if chars.peek() == Some(&'/') => skip_line(&mut chars, &mut out),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str("  ");
                let mut prev = '\0';
                for n in chars.by_ref() {
                    out.push(if n == '\n' { '\n' } else { ' ' });
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    out.push(' ');
    for n in chars.by_ref() {
        if n == '\n' {
            out.push('\n');
            return;
        }
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::strip_comments;

    #[test]
    fn strips_all_three_comment_styles_but_not_inside_strings() {
        let text = "{ # hash\n \"a\": \"x#y//z/*w*/\", // slash\n /* block\n more */ \"b\": 1 }";
        let v: serde_json::Value =
            serde_json::from_str(&strip_comments(text)).expect("valid after stripping");
        assert_eq!(v["a"], "x#y//z/*w*/");
        assert_eq!(v["b"], 1);
    }

    #[test]
    fn keeps_line_numbers() {
        let text = "// c\n/* a\nb */\n{\"x\": }";
        let err = serde_json::from_str::<serde_json::Value>(&strip_comments(text))
            .expect_err("invalid json");
        assert_eq!(err.line(), 4);
    }
}
