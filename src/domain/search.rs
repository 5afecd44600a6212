//! What a search query means: normalised terms that must all occur in a request's search key.

use crate::copy;
use crate::domain::error::FieldError;
use crate::domain::text::search_key;

/// Terms shorter than this carry too little meaning (and the trigram indexes need three).
pub const MIN_TERM_CHARS: usize = 3;
pub const MAX_QUERY_CHARS: usize = 100;
pub const MAX_TERMS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Normalised terms; each must occur as a substring of the key.
    pub terms: Vec<String>,
}

impl SearchQuery {
    /// Parses what a user typed. A number typed with separators («۱۴۰۴-۰۰۱۲۳۴», «0912 123 4567»)
    /// is one term, so tracking codes, national codes and mobiles are found however written.
    pub fn parse(typed: &str) -> Result<SearchQuery, FieldError> {
        if typed.chars().count() > MAX_QUERY_CHARS {
            return Err(FieldError::new("q", copy::ERR_QUERY_LONG));
        }
        let key = search_key(typed);
        let compact: String = key
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '/'))
            .collect();
        if compact.len() >= MIN_TERM_CHARS && compact.chars().all(|c| c.is_ascii_digit()) {
            // A mobile typed as 09… is stored as +989…; search on the part both share.
            let digits = match compact.strip_prefix('0') {
                Some(rest) if compact.len() == 11 && compact.starts_with("09") => rest.to_string(),
                _ => compact,
            };
            return Ok(SearchQuery {
                terms: vec![digits],
            });
        }
        let mut terms: Vec<String> = Vec::new();
        for word in key.split(' ') {
            if word.chars().count() >= MIN_TERM_CHARS && !terms.iter().any(|t| t == word) {
                terms.push(word.to_string());
            }
        }
        if terms.is_empty() {
            return Err(FieldError::new("q", copy::ERR_QUERY_SHORT));
        }
        terms.truncate(MAX_TERMS);
        Ok(SearchQuery { terms })
    }

    /// Whether a search key holds every term (the rule the database indexes implement).
    pub fn matches(&self, key: &str) -> bool {
        self.terms.iter().all(|t| key.contains(t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(query: &str, text: &str) -> bool {
        SearchQuery::parse(query)
            .expect("a valid query")
            .matches(&search_key(text))
    }

    #[test]
    fn persian_spelling_variants_meet() {
        assert!(finds("كتاب", "کتاب درسی"), "Arabic kaf finds Persian kaf");
        assert!(finds("كتابي", "کتابی از دروس"), "Arabic yeh");
        assert!(finds("۱۴۰۳", "ورودی سال 1403"), "Persian digits find ASCII");
        assert!(finds("1403", "ورودی سال ۱۴۰۳"), "and the other way round");
        assert!(finds("١٤٠٣", "سال ۱۴۰۳"), "Arabic-Indic digits");
        assert!(finds("می‌خواهم", "می خواهم گواهی بگیرم"), "ZWNJ is a space");
        assert!(finds("دانشگاه", "دانشــگاه تهران"), "tatweel is ignored");
        assert!(finds("مدرك", "مُدرَک تحصیلی"), "harakat are ignored");
        assert!(finds("خانه", "خانۀ دانشجو"), "heh with hamza");
        assert!(finds("MSRT", "آزمون msrt"), "Latin case");
    }

    #[test]
    fn every_term_must_occur() {
        assert!(finds("گواهی تحصیل", "صدور گواهی اشتغال به تحصیل"));
        assert!(!finds("گواهی پرداخت", "صدور گواهی اشتغال به تحصیل"));
    }

    #[test]
    fn numbers_are_one_term_whatever_the_separators() {
        let q = SearchQuery::parse("۱۴۰۴-۱۲۳ ۴۵۶").expect("valid");
        assert_eq!(q.terms, vec!["1404123456".to_string()]);
        let q = SearchQuery::parse("0912 111 0001").expect("valid");
        assert_eq!(q.terms, vec!["9121110001".to_string()]);
        assert!(q.matches("+989121110001"));
    }

    #[test]
    fn short_or_long_queries_are_refused_with_a_reason() {
        assert_eq!(SearchQuery::parse("کد").expect_err("short").field, "q");
        assert_eq!(SearchQuery::parse("  ").expect_err("empty").field, "q");
        assert!(SearchQuery::parse(&"ا".repeat(MAX_QUERY_CHARS + 1)).is_err());
        // Short words beside a long one are dropped, not refused.
        assert_eq!(
            SearchQuery::parse("کد ملی نادرست").expect("valid").terms,
            vec!["ملی".to_string(), "نادرست".to_string()]
        );
        let many = SearchQuery::parse("الف۱ الف۲ الف۳ الف۴ الف۵ الف۶ الف۷ الف۸").expect("valid");
        assert_eq!(many.terms.len(), MAX_TERMS);
    }
}
