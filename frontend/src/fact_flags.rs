//! The fact guard's findings in words: a number or name the model wrote that the original
//! (the role, the resume, the job description) does not contain, or a skill it removed.

use resume_shared::api::refinements::{FactFlag, FlagField, FlagKind};

/// A flag in words.
#[must_use]
pub fn flag_text(flag: &FactFlag) -> String {
    let field = match flag.field {
        FlagField::Summary => "summary",
        FlagField::Responsibilities => "responsibilities",
        FlagField::Skills => "skills",
        FlagField::Introduction => "introduction",
        // A letter is checked against the whole resume it belongs to.
        FlagField::Letter => {
            return format!("“{}” is not in the resume: check it", flag.term);
        }
        // The job analysis is checked against the job description, not a role.
        FlagField::KeySkills => {
            return format!(
                "The key skill “{}” is not in the job description: check it",
                flag.term
            );
        }
        FlagField::PayRate => {
            return format!(
                "The pay “{}” is not in the job description: check it",
                flag.term
            );
        }
    };
    match flag.kind {
        FlagKind::Unverified => {
            format!(
                "“{}” in the {field} is not in the original: check it",
                flag.term
            )
        }
        FlagKind::RemovedSkill => {
            format!(
                "The skill “{}” is not in the original role: removed",
                flag.term
            )
        }
    }
}
