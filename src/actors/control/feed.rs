//! Finds where one command ends in a byte stream, like Kea's `JSONFeed`: the
//! first significant character must open a map or list, comments (`#`, `//`,
//! `/* */`) are dropped, and the command is complete when its brackets balance.

/// Progress after feeding bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedStatus {
    /// More bytes are needed.
    NeedMore,
    /// One complete JSON value (comments removed) is ready.
    Complete(String),
    /// The bytes cannot be a command; the text is Kea's.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    BeforeJson,
    EolCommentBefore,
    SlashBefore,
    CCommentBefore,
    StarBefore,
    Inner,
    InString,
    Escape,
    EolComment,
    Slash,
    CComment,
    Star,
}

/// Incremental scanner for one command.
#[derive(Debug)]
pub struct JsonFeed {
    state: State,
    depth: usize,
    output: Vec<u8>,
    received: usize,
}

impl Default for JsonFeed {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonFeed {
    /// A scanner at the start of a command.
    pub fn new() -> Self {
        Self {
            state: State::BeforeJson,
            depth: 0,
            output: Vec::new(),
            received: 0,
        }
    }

    /// Bytes received so far (Kea reports them when a partial command times out).
    pub fn received(&self) -> usize {
        self.received
    }

    /// Scans `bytes`; stops at the end of the first complete value (anything
    /// after it is ignored, as Kea does).
    pub fn feed(&mut self, bytes: &[u8]) -> FeedStatus {
        for &c in bytes {
            self.received += 1;
            match self.step(c) {
                FeedStatus::NeedMore => {}
                done => return done,
            }
        }
        FeedStatus::NeedMore
    }

    fn open(&mut self, c: u8) {
        self.output.push(c);
        self.depth += 1;
        self.state = State::Inner;
    }

    fn step(&mut self, c: u8) -> FeedStatus {
        use State::*;
        match (self.state, c) {
            (BeforeJson, b' ' | b'\t' | b'\r' | b'\n') => {}
            (BeforeJson, b'#') => self.state = EolCommentBefore,
            (BeforeJson, b'/') => self.state = SlashBefore,
            (BeforeJson, b'{' | b'[') => self.open(c),
            (BeforeJson, _) => {
                let which = if self.received == 1 {
                    "first character"
                } else {
                    "character"
                };
                return FeedStatus::Failed(format!("invalid {which} {}", char::from(c)));
            }
            (EolCommentBefore, b'\n') => self.state = BeforeJson,
            (EolCommentBefore, _) => {}
            (SlashBefore, b'/') => self.state = EolCommentBefore,
            (SlashBefore, b'*') => self.state = CCommentBefore,
            (SlashBefore, _) => {
                return FeedStatus::Failed(format!("invalid characters /{}", char::from(c)))
            }
            (CCommentBefore, b'*') => self.state = StarBefore,
            (CCommentBefore, _) => {}
            (StarBefore, b'/') => self.state = BeforeJson,
            (StarBefore, b'*') => {}
            (StarBefore, _) => self.state = CCommentBefore,
            (Inner, b'{' | b'[') => self.open(c),
            (Inner, b'}' | b']') => {
                self.output.push(c);
                self.depth -= 1;
                if self.depth == 0 {
                    let text = String::from_utf8_lossy(&self.output).into_owned();
                    return FeedStatus::Complete(text);
                }
            }
            (Inner, b'"') => {
                self.output.push(c);
                self.state = InString;
            }
            (Inner, b'#') => self.state = EolComment,
            (Inner, b'/') => self.state = Slash,
            (Inner, _) => self.output.push(c),
            (InString, _) => {
                self.output.push(c);
                match c {
                    b'"' => self.state = Inner,
                    b'\\' => self.state = Escape,
                    _ => {}
                }
            }
            (Escape, _) => {
                self.output.push(c);
                self.state = InString;
            }
            (EolComment, b'\n') => {
                self.output.push(c);
                self.state = Inner;
            }
            (EolComment, _) => {}
            (Slash, b'/') => self.state = EolComment,
            (Slash, b'*') => self.state = CComment,
            (Slash, _) => {
                return FeedStatus::Failed(format!("invalid characters /{}", char::from(c)))
            }
            (CComment, b'*') => self.state = Star,
            (CComment, b'\n') => self.output.push(c),
            (CComment, _) => {}
            (Star, b'/') => self.state = Inner,
            (Star, b'*') => {}
            (Star, b'\n') => {
                self.output.push(c);
                self.state = CComment;
            }
            (Star, _) => self.state = CComment,
        }
        FeedStatus::NeedMore
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_across_chunks_and_drops_comments() {
        let mut f = JsonFeed::new();
        assert_eq!(
            f.feed(b" # c\n/* x */ {\"a\": \"}\", // y\n"),
            FeedStatus::NeedMore
        );
        assert_eq!(
            f.feed(b"\"b\": [1] /* z */ }{\"next\": 1}"),
            FeedStatus::Complete("{\"a\": \"}\", \n\"b\": [1]  }".into())
        );
    }

    #[test]
    fn rejects_like_kea() {
        assert_eq!(
            JsonFeed::new().feed(b"\"str\""),
            FeedStatus::Failed("invalid first character \"".into())
        );
        assert_eq!(
            JsonFeed::new().feed(b" xyz"),
            FeedStatus::Failed("invalid character x".into())
        );
    }
}
