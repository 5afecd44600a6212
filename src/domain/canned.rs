//! Canned responses: saved answers with variables filled in for the request at hand.

use crate::copy;

/// What a canned response may refer to. Each variable has a Persian and an English spelling.
pub struct CannedVars<'a> {
    pub applicant_name: &'a str,
    /// As shown to people (grouped, Persian digits).
    pub tracking_code: &'a str,
    /// Today's Jalali date as shown to people.
    pub date: &'a str,
}

/// The variables staff can use, as they appear in the editor's help.
pub const VARIABLES: &[(&str, &str)] = &[
    (copy::CANNED_VAR_APPLICANT_NAME, "{applicant_name}"),
    (copy::CANNED_VAR_TRACKING_CODE, "{tracking_code}"),
    (copy::CANNED_VAR_DATE, "{date}"),
];

/// Fills the variables in; unknown braces stay as typed.
pub fn render(template: &str, vars: &CannedVars<'_>) -> String {
    let mut out = template.to_string();
    for (fa, en, value) in [
        (VARIABLES[0].0, VARIABLES[0].1, vars.applicant_name),
        (VARIABLES[1].0, VARIABLES[1].1, vars.tracking_code),
        (VARIABLES[2].0, VARIABLES[2].1, vars.date),
    ] {
        out = out.replace(fa, value).replace(en, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_filled_in_either_spelling() {
        let vars = CannedVars {
            applicant_name: "زهرا احمدی",
            tracking_code: "۱۴۰۵ ۰۰۰۱ ۲۳۴۵",
            date: "۴ آذر ۱۴۰۵",
        };
        assert_eq!(
            render(
                "{نام متقاضی} گرامی، درخواست {کد رهگیری} در {date} بررسی شد. {نامعلوم}",
                &vars
            ),
            "زهرا احمدی گرامی، درخواست ۱۴۰۵ ۰۰۰۱ ۲۳۴۵ در ۴ آذر ۱۴۰۵ بررسی شد. {نامعلوم}"
        );
        assert_eq!(render("{applicant_name}", &vars), "زهرا احمدی");
    }
}
