//! A value only the code that hands it to its service may read: a password, an API key, a
//! database address with its password. `Debug` and `Display` print a redaction, so a secret
//! cannot reach a log line, an error message or a `{:?}` of the configuration by accident;
//! reading it takes a visible `expose()`.

use std::fmt;

/// What a secret prints as.
pub const REDACTED: &str = "[redacted]";

#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one call that gives it to the service it opens.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret redacted: for messages written by libraries
    /// that may quote what they were given (an address, a command line).
    pub fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, REDACTED)
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_prints_as_a_redaction() {
        let s = Secret::from("kavenegar-key-123");
        assert_eq!(format!("{s}"), REDACTED);
        assert!(!format!("{s:?}").contains("kavenegar-key-123"));
        assert!(!format!("{:?}", Some(s.clone())).contains("kavenegar-key-123"));
        assert_eq!(s.expose(), "kavenegar-key-123");
    }

    #[test]
    fn scrubbing_removes_every_occurrence() {
        let s = Secret::from("K3Y");
        assert_eq!(
            s.scrub("POST /v1/K3Y/sms/send.json (K3Y)"),
            "POST /v1/[redacted]/sms/send.json ([redacted])"
        );
        assert_eq!(Secret::default().scrub("as is"), "as is");
    }
}
