//! Accounts: roles, applicant kinds, access rules and the registration rules.

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::copy::digits::fold_digits;
use crate::domain::error::FieldError;
use crate::domain::identity::{ForeignId, IdentityError, LegalId, Mobile, NationalCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Applicant,
    Agent,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Applicant, Role::Agent, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Applicant)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            Role::Applicant => copy::ROLE_APPLICANT,
            Role::Agent => copy::ROLE_AGENT,
            Role::Supervisor => copy::ROLE_SUPERVISOR,
            Role::Admin => copy::ROLE_ADMIN,
        }
    }
}

/// Who may call a server function or open a page. Deny by default: there is no "anyone signed in
/// may do anything" rule, and an endpoint without an entry is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (home, login, register).
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Applicants only.
    Applicant,
    /// Agents, supervisors and admins.
    Staff,
    /// Supervisors and admins.
    Supervisor,
    /// Admins only.
    Admin,
}

/// Why access was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Not signed in: answer 401 / send to the login page.
    Unauthenticated,
    /// Signed in with the wrong role: answer 403.
    Forbidden,
}

impl Access {
    pub fn check(self, role: Option<Role>) -> Result<(), Denied> {
        let Some(role) = role else {
            return match self {
                Access::Public => Ok(()),
                _ => Err(Denied::Unauthenticated),
            };
        };
        let ok = match self {
            Access::Public | Access::SignedIn => true,
            Access::Applicant => role == Role::Applicant,
            Access::Staff => role.is_staff(),
            Access::Supervisor => matches!(role, Role::Supervisor | Role::Admin),
            Access::Admin => role == Role::Admin,
        };
        if ok { Ok(()) } else { Err(Denied::Forbidden) }
    }
}

/// How a person proved who they are first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    SmsCode,
}

impl FirstFactor {
    pub fn as_str(self) -> &'static str {
        match self {
            FirstFactor::Password => "password",
            FirstFactor::SmsCode => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "password" => Some(FirstFactor::Password),
            "sms" => Some(FirstFactor::SmsCode),
            _ => None,
        }
    }
}

/// What a sign-in needs after its first factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing: the session starts.
    None,
    /// A code from the account's authenticator (or a recovery code).
    Verify,
    /// The account must set up an authenticator first.
    Enrol,
    /// Refused: staff without an authenticator sign in with their password (an SMS code alone
    /// must not be enough to set one up and get in).
    PasswordNeeded,
}

/// Applicants sign in with one factor. Supervisors and admins always need a second; agents need
/// one once they have set it up. An SMS code alone is never enough for staff: with an
/// authenticator it is followed by its code; without one, the password is needed (setting up an
/// authenticator after only an SMS code would let whoever read the message make it theirs).
pub fn second_step(role: Role, enrolled: bool, first: FirstFactor) -> SecondStep {
    if role == Role::Applicant {
        return SecondStep::None;
    }
    match (enrolled, first) {
        (true, _) => SecondStep::Verify,
        (false, FirstFactor::SmsCode) => SecondStep::PasswordNeeded,
        (false, FirstFactor::Password) if role == Role::Agent => SecondStep::None,
        (false, FirstFactor::Password) => SecondStep::Enrol,
    }
}

#[cfg(test)]
mod second_step_tests {
    use super::*;

    #[test]
    fn staff_need_a_second_factor_as_the_rules_say() {
        use FirstFactor::*;
        assert_eq!(
            second_step(Role::Applicant, false, SmsCode),
            SecondStep::None
        );
        assert_eq!(
            second_step(Role::Applicant, true, Password),
            SecondStep::None
        );
        assert_eq!(second_step(Role::Agent, false, Password), SecondStep::None);
        assert_eq!(second_step(Role::Agent, true, Password), SecondStep::Verify);
        assert_eq!(
            second_step(Role::Agent, false, SmsCode),
            SecondStep::PasswordNeeded
        );
        for role in [Role::Supervisor, Role::Admin] {
            assert_eq!(second_step(role, false, Password), SecondStep::Enrol);
            assert_eq!(
                second_step(role, false, SmsCode),
                SecondStep::PasswordNeeded
            );
            assert_eq!(second_step(role, true, SmsCode), SecondStep::Verify);
        }
        for f in [Password, SmsCode] {
            assert_eq!(FirstFactor::parse(f.as_str()), Some(f));
        }
    }
}

/// Which requests a staff member works on. Admins see all; agents and supervisors see their
/// groups' requests and whatever is assigned to them; supervisors also see requests that belong
/// to no group, so someone can triage and transfer them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffScope {
    All,
    Groups {
        me: i64,
        groups: Vec<i64>,
        ungrouped: bool,
    },
}

impl StaffScope {
    /// The scope of a staff member in `groups`.
    pub fn of(role: Role, me: i64, groups: Vec<i64>) -> Option<StaffScope> {
        match role {
            Role::Applicant => None,
            Role::Admin => Some(StaffScope::All),
            Role::Agent | Role::Supervisor => Some(StaffScope::Groups {
                me,
                groups,
                ungrouped: role == Role::Supervisor,
            }),
        }
    }

    /// Whether a request of `group`, assigned to `assignee`, is within the scope.
    pub fn covers(&self, group: Option<i64>, assignee: Option<i64>) -> bool {
        match self {
            StaffScope::All => true,
            StaffScope::Groups {
                me,
                groups,
                ungrouped,
            } => {
                assignee == Some(*me)
                    || match group {
                        Some(g) => groups.contains(&g),
                        None => *ungrouped,
                    }
            }
        }
    }

    /// The same rule as an SQL condition on a request aliased `r` (ids are integers, written
    /// in as such); `None` when nothing narrows it.
    pub fn sql(&self) -> Option<String> {
        match self {
            StaffScope::All => None,
            StaffScope::Groups {
                me,
                groups,
                ungrouped,
            } => {
                let mut any = vec![format!("r.assignee_id = {me}")];
                if !groups.is_empty() {
                    let list = groups
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    any.push(format!("r.group_id IN ({list})"));
                }
                if *ungrouped {
                    any.push("r.group_id IS NULL".to_string());
                }
                Some(format!("({})", any.join(" OR ")))
            }
        }
    }
}

#[cfg(test)]
mod scope_tests {
    use super::*;

    #[test]
    fn staff_see_their_groups_and_what_is_theirs_admins_all() {
        assert_eq!(StaffScope::of(Role::Applicant, 1, vec![]), None);
        let admin = StaffScope::of(Role::Admin, 1, vec![]).expect("staff");
        assert!(admin.covers(Some(9), None) && admin.covers(None, None));
        assert_eq!(admin.sql(), None);
        let agent = StaffScope::of(Role::Agent, 7, vec![2, 3]).expect("staff");
        assert!(agent.covers(Some(2), None));
        assert!(!agent.covers(Some(4), None));
        assert!(agent.covers(Some(4), Some(7)), "assigned to them");
        assert!(!agent.covers(None, None));
        assert_eq!(
            agent.sql().as_deref(),
            Some("(r.assignee_id = 7 OR r.group_id IN (2, 3))")
        );
        let supervisor = StaffScope::of(Role::Supervisor, 8, vec![]).expect("staff");
        assert!(supervisor.covers(None, None));
        assert!(!supervisor.covers(Some(2), None));
        assert_eq!(
            supervisor.sql().as_deref(),
            Some("(r.assignee_id = 8 OR r.group_id IS NULL)")
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicantKind {
    Student,
    Graduate,
    Institution,
}

impl ApplicantKind {
    pub const ALL: [ApplicantKind; 3] = [
        ApplicantKind::Student,
        ApplicantKind::Graduate,
        ApplicantKind::Institution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantKind::Student => "student",
            ApplicantKind::Graduate => "graduate",
            ApplicantKind::Institution => "institution",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicantKind> {
        ApplicantKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds of a stored comma-separated list (`student,graduate`); unknown names are
    /// skipped.
    pub fn parse_list(s: &str) -> Vec<ApplicantKind> {
        s.split(',')
            .filter_map(|k| ApplicantKind::parse(k.trim()))
            .collect()
    }

    /// The stored form of a list of kinds, read back by [`ApplicantKind::parse_list`].
    pub fn list_text(kinds: &[ApplicantKind]) -> String {
        kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            ApplicantKind::Student => copy::APPLICANT_KIND_STUDENT,
            ApplicantKind::Graduate => copy::APPLICANT_KIND_GRADUATE,
            ApplicantKind::Institution => copy::APPLICANT_KIND_INSTITUTION,
        }
    }
}

/// The identifier a person or institution signs in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginId {
    NationalCode(NationalCode),
    LegalId(LegalId),
    Foreign(ForeignId),
}

impl LoginId {
    /// The stored, unique sign-in key.
    pub fn key(&self) -> &str {
        match self {
            LoginId::NationalCode(c) => c.as_str(),
            LoginId::LegalId(c) => c.as_str(),
            LoginId::Foreign(c) => c.as_str(),
        }
    }

    pub fn kind_str(&self) -> &'static str {
        match self {
            LoginId::NationalCode(_) => "national_code",
            LoginId::LegalId(_) => "legal_id",
            LoginId::Foreign(_) => "foreign_id",
        }
    }
}

/// The key a typed sign-in identifier is looked up by: the same folding registration applies,
/// so «۰۰۸۴۵۷۵۹۴۸», "84575948" and "0084575948" find the same account.
pub fn login_lookup_key(typed: &str) -> String {
    let folded: String = fold_digits(typed)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if (8..=9).contains(&folded.len()) && folded.chars().all(|c| c.is_ascii_digit()) {
        format!("{folded:0>10}")
    } else {
        folded
    }
}

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const FULL_NAME_MAX_CHARS: usize = 120;

/// A registration form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RegistrationForm {
    pub kind: String,
    /// For persons: "national_code" or "foreign"; ignored for institutions.
    pub id_type: String,
    pub identifier: String,
    pub full_name: String,
    pub mobile: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A registration that passed every rule.
#[derive(Debug, Clone)]
pub struct Registration {
    pub kind: ApplicantKind,
    pub login_id: LoginId,
    pub full_name: String,
    pub mobile: Mobile,
    pub email: Option<String>,
    pub password: String,
}

fn identity_err(field: &'static str, e: IdentityError) -> FieldError {
    FieldError::new(field, e.message())
}

impl RegistrationForm {
    pub fn validate(&self) -> Result<Registration, FieldError> {
        let kind = ApplicantKind::parse(self.kind.trim())
            .ok_or_else(|| FieldError::new("kind", copy::ERR_APPLICANT_KIND))?;
        let full_name = self
            .full_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if full_name.chars().count() < 3 {
            return Err(FieldError::new(
                "full_name",
                if kind == ApplicantKind::Institution {
                    copy::ERR_INSTITUTION_NAME
                } else {
                    copy::ERR_PERSON_NAME
                },
            ));
        }
        if full_name.chars().count() > FULL_NAME_MAX_CHARS {
            return Err(FieldError::new("full_name", copy::ERR_NAME_TOO_LONG));
        }
        let login_id = match (kind, self.id_type.trim()) {
            (ApplicantKind::Institution, _) => LoginId::LegalId(
                LegalId::parse(&self.identifier).map_err(|e| identity_err("identifier", e))?,
            ),
            (_, "foreign") => LoginId::Foreign(
                ForeignId::parse(&self.identifier).map_err(|e| identity_err("identifier", e))?,
            ),
            _ => LoginId::NationalCode(
                NationalCode::parse(&self.identifier).map_err(|e| identity_err("identifier", e))?,
            ),
        };
        let mobile = Mobile::parse(&self.mobile).map_err(|e| identity_err("mobile", e))?;
        let email = self.email.trim();
        let email = if email.is_empty() {
            None
        } else if is_plausible_email(email) {
            Some(email.to_string())
        } else {
            return Err(FieldError::new("email", copy::ERR_EMAIL_INVALID));
        };
        check_new_password(&self.password, &self.password_confirm)?;
        Ok(Registration {
            kind,
            login_id,
            full_name,
            mobile,
            email,
            password: self.password.clone(),
        })
    }
}

/// A rough check of an e-mail address (the mail server decides the rest).
/// A form field whose value is never kept anywhere but in the post itself (not in a flashed
/// form, not in a browser's draft): passwords, codes, tokens and the framework's own fields.
pub fn is_secret_field(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "code" || name.contains("password") || name.contains("token") || name.starts_with("__")
}

/// A new password as typed twice (sign-up, a change, a reset): long enough, not too long, and
/// the same both times. Errors name the fields `password` and `password_confirm`.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    if len < PASSWORD_MIN_CHARS {
        return Err(FieldError::new("password", copy::ERR_PASSWORD_SHORT));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(FieldError::new("password", copy::ERR_PASSWORD_LONG));
    }
    if password != confirm {
        return Err(FieldError::new(
            "password_confirm",
            copy::ERR_PASSWORD_MISMATCH,
        ));
    }
    Ok(())
}

pub fn looks_like_email(s: &str) -> bool {
    is_plausible_email(s)
}

fn is_plausible_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return false;
    }
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RegistrationForm {
        RegistrationForm {
            kind: "student".into(),
            id_type: "national_code".into(),
            identifier: "0499370899".into(),
            full_name: "  زهرا   احمدی ".into(),
            mobile: "0912 123 4567".into(),
            email: String::new(),
            password: "a-long-password".into(),
            password_confirm: "a-long-password".into(),
        }
    }

    #[test]
    fn a_valid_student_registers_with_canonical_values() {
        let r = form().validate().expect("valid");
        assert_eq!(r.full_name, "زهرا احمدی");
        assert_eq!(r.login_id.key(), "0499370899");
        assert_eq!(r.mobile.canonical(), "+989121234567");
        assert_eq!(r.email, None);
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        type Breaker = Box<dyn Fn(&mut RegistrationForm)>;
        let cases: Vec<(Breaker, &str)> = vec![
            (Box::new(|f| f.kind = "alien".into()), "kind"),
            (Box::new(|f| f.full_name = "ع".into()), "full_name"),
            (
                Box::new(|f| f.identifier = "0499370898".into()),
                "identifier",
            ),
            (Box::new(|f| f.mobile = "0812345678".into()), "mobile"),
            (Box::new(|f| f.email = "not-an-email".into()), "email"),
            (
                Box::new(|f| {
                    f.password = "short".into();
                    f.password_confirm = "short".into();
                }),
                "password",
            ),
            (
                Box::new(|f| f.password_confirm = "different-password".into()),
                "password_confirm",
            ),
        ];
        for (breaker, field) in cases {
            let mut f = form();
            breaker(&mut f);
            let err = f.validate().expect_err(field);
            assert_eq!(err.field, field);
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn institutions_use_the_legal_id_and_foreigners_a_passport() {
        let mut f = form();
        f.kind = "institution".into();
        f.identifier = "10380284790".into();
        assert_eq!(f.validate().expect("valid").login_id.kind_str(), "legal_id");
        f.identifier = "10380284791".into();
        assert_eq!(f.validate().expect_err("bad checksum").field, "identifier");

        let mut f = form();
        f.id_type = "foreign".into();
        f.identifier = "p12345678".into();
        let r = f.validate().expect("valid");
        assert_eq!(r.login_id.key(), "P12345678");
    }

    #[test]
    fn login_keys_fold_digits_and_padding() {
        assert_eq!(login_lookup_key("۰۰۸۴۵۷۵۹۴۸"), "0084575948");
        assert_eq!(login_lookup_key("84575948"), "0084575948");
        assert_eq!(login_lookup_key(" p1234-5678 "), "P12345678");
    }

    #[test]
    fn access_is_denied_by_default() {
        use Access::*;
        assert_eq!(Staff.check(None), Err(Denied::Unauthenticated));
        assert_eq!(Public.check(None), Ok(()));
        assert_eq!(Staff.check(Some(Role::Applicant)), Err(Denied::Forbidden));
        assert_eq!(Applicant.check(Some(Role::Agent)), Err(Denied::Forbidden));
        assert_eq!(Supervisor.check(Some(Role::Agent)), Err(Denied::Forbidden));
        assert_eq!(Admin.check(Some(Role::Supervisor)), Err(Denied::Forbidden));
        assert_eq!(Staff.check(Some(Role::Admin)), Ok(()));
        assert_eq!(SignedIn.check(Some(Role::Applicant)), Ok(()));
    }
}
