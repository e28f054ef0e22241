//! The structured resume model: what a parse produces and what the serializer writes.
//!
//! Field names are part of the JSON API contract (format spec A.2): dates are `"YYYY-MM"`,
//! absent values are omitted, lists are always present. The model is plain data with public
//! fields because the API exchanges it whole; its invariants (trimmed single-line values,
//! required fields non-empty) are established by the parser and re-checked on every write by
//! parsing the serialized text again, so there is exactly one definition of "valid".

use serde::{Deserialize, Serialize};

use crate::date::YearMonth;

/// A whole resume. Every top-level section is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resume {
    /// `# Personal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Personal>,
    /// `# Education`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
    /// `# Certifications`, in document order.
    #[serde(default)]
    pub certifications: Vec<Certification>,
    /// `# Experience`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience: Option<Experience>,
}

/// `# Personal`: who the resume is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Personal {
    /// `## Contact Information`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// `## Websites`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websites: Option<Websites>,
    /// `## Visa Status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visa: Option<Visa>,
    /// `## Banner`: a short headline paragraph; `**bold**` and `*italic*` render in the plain DOCX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<String>,
    /// `## Note`: a free note shown under the banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `## Contact Information`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// `Name` (required).
    pub name: String,
    /// `Email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `Phone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `Location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// `## Websites`: URLs, not validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Websites {
    /// `GitHub`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// `LinkedIn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin: Option<String>,
    /// `Website`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// `Twitter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
}

/// `## Visa Status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visa {
    /// `Work Authorization`, free text (e.g. `US Citizen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_authorization: Option<String>,
    /// `Require sponsorship: Yes|No`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_sponsorship: Option<bool>,
}

/// `# Education`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Education {
    /// `## Degrees` → `### Degree`, in document order.
    #[serde(default)]
    pub degrees: Vec<Degree>,
}

/// One `### Degree`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Degree {
    /// `School` (required).
    pub school: String,
    /// `Degree`, e.g. `B.S. Computer Science`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// `Major`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major: Option<String>,
    /// `GPA`, kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpa: Option<String>,
    /// `Start date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<YearMonth>,
    /// `End date` (requires a start date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<YearMonth>,
}

/// One `## Certification`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certification {
    /// `Name` (required).
    pub name: String,
    /// `Issuer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// `Issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<YearMonth>,
    /// `Expires`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<YearMonth>,
    /// `Certification ID`, kept verbatim (leading zeros included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_id: Option<String>,
}

/// `# Experience`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Experience {
    /// `## Projects`, in document order.
    #[serde(default)]
    pub projects: Vec<Project>,
    /// `## Roles`, in document order (conventionally newest first).
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// One `### Project`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    /// `#### Overview` (required).
    pub overview: ProjectOverview,
    /// `#### Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `#### Skills`.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// `#### Overview` of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectOverview {
    /// `Title` (required).
    pub title: String,
    /// `Url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `Url Description`: the link text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_description: Option<String>,
    /// `Start date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<YearMonth>,
    /// `End date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<YearMonth>,
    /// `Inclusion` (format spec A.3).
    #[serde(default)]
    pub inclusion: Inclusion,
}

/// One `### Role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    /// `#### Basics` (required).
    pub basics: RoleBasics,
    /// `#### Summary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `#### Responsibilities`, free text (bullet lines kept verbatim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibilities: Option<String>,
    /// `#### Skills`.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// `#### Basics` of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleBasics {
    /// `Company` (required).
    pub company: String,
    /// `Title` (required).
    pub title: String,
    /// `Start date` (required).
    pub start_date: YearMonth,
    /// `End date`; absent means the role is ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<YearMonth>,
    /// `Agency`: the staffing agency, for contract roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// `Job category`, used by the executive summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_category: Option<String>,
    /// `Employment type`, e.g. `Full-time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment_type: Option<String>,
    /// `Reason for change`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_for_change: Option<String>,
    /// `Location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `Inclusion` (format spec A.3).
    #[serde(default)]
    pub inclusion: Inclusion,
}

/// Whether a role or project appears in exports (format spec A.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Inclusion {
    /// Exported in full (the default; not written to the text).
    #[default]
    Include,
    /// Role: basics, summary and skills kept, responsibilities replaced by a placeholder.
    /// Project: only the overview kept.
    NotRelevant,
    /// Left out of exports entirely.
    Omit,
}

impl Inclusion {
    /// The value as written after `Inclusion:` in the text; `None` for the default.
    #[must_use]
    pub fn as_text(self) -> Option<&'static str> {
        match self {
            Self::Include => None,
            Self::NotRelevant => Some("Not Relevant"),
            Self::Omit => Some("Omit"),
        }
    }

    /// Reads an `Inclusion:` value: `Include`, `Not Relevant` or `Omit`, in any case, with
    /// spaces, `_` or `-` between the words.
    #[must_use]
    pub fn from_text(text: &str) -> Option<Self> {
        let normalised: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '\t'))
            .flat_map(char::to_lowercase)
            .collect();
        match normalised.as_str() {
            "include" | "included" => Some(Self::Include),
            "notrelevant" => Some(Self::NotRelevant),
            "omit" | "omitted" => Some(Self::Omit),
            _ => None,
        }
    }
}

impl RoleBasics {
    /// Basics with the three required fields and nothing else.
    #[must_use]
    pub fn new(
        company: impl Into<String>,
        title: impl Into<String>,
        start_date: YearMonth,
    ) -> Self {
        Self {
            company: company.into(),
            title: title.into(),
            start_date,
            end_date: None,
            agency: None,
            job_category: None,
            employment_type: None,
            reason_for_change: None,
            location: None,
            inclusion: Inclusion::Include,
        }
    }
}

impl Role {
    /// A role with only its basics.
    #[must_use]
    pub fn new(basics: RoleBasics) -> Self {
        Self {
            basics,
            summary: None,
            responsibilities: None,
            skills: Vec::new(),
        }
    }
}

impl Resume {
    /// The candidate's name, when the resume has one.
    #[must_use]
    pub fn candidate_name(&self) -> Option<&str> {
        self.personal
            .as_ref()?
            .contact
            .as_ref()
            .map(|c| c.name.as_str())
    }

    /// True when the resume holds nothing that would be written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.personal.is_none()
            && self.education.is_none()
            && self.certifications.is_empty()
            && self.experience.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inclusion_reads_loose_spellings() {
        for text in [
            "Not Relevant",
            "not_relevant",
            "NOT-RELEVANT",
            "notrelevant",
        ] {
            assert_eq!(Inclusion::from_text(text), Some(Inclusion::NotRelevant));
        }
        assert_eq!(Inclusion::from_text("omit"), Some(Inclusion::Omit));
        assert_eq!(Inclusion::from_text("Include"), Some(Inclusion::Include));
        assert_eq!(Inclusion::from_text("maybe"), None);
    }

    #[test]
    fn json_uses_contract_field_names_and_omits_absent_values() {
        let resume = Resume {
            experience: Some(Experience {
                projects: vec![],
                roles: vec![Role::new(RoleBasics {
                    inclusion: Inclusion::NotRelevant,
                    ..RoleBasics::new("Acme", "Engineer", YearMonth::new(2020, 1).unwrap())
                })],
            }),
            ..Resume::default()
        };
        let json = serde_json::to_value(&resume).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "certifications": [],
                "experience": {"projects": [], "roles": [{
                    "basics": {"company": "Acme", "title": "Engineer", "start_date": "2020-01",
                               "inclusion": "not_relevant"},
                    "skills": []
                }]}
            })
        );
        let back: Resume = serde_json::from_value(json).unwrap();
        assert_eq!(back, resume);
    }
}
