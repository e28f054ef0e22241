//! The fact-bearing text of a role or a resume as one string, for the fact guard and keyword
//! coverage to search. Dates are written in the forms a model (or a reader) uses: `04/2019`,
//! `April 2019` and `2019`. Contact details other than the name and location are left out:
//! they are not claims the checks care about.

use resume_shared::{Resume, Role, YearMonth};

/// Every fact-bearing text of a role, one piece per line.
pub(crate) fn role_text(role: &Role) -> String {
    let basics = &role.basics;
    let mut parts: Vec<String> = vec![basics.company.clone(), basics.title.clone()];
    parts.extend(date_forms(basics.start_date));
    parts.extend(basics.end_date.into_iter().flat_map(date_forms));
    parts.extend(
        [
            &basics.agency,
            &basics.job_category,
            &basics.employment_type,
            &basics.reason_for_change,
            &basics.location,
            &role.summary,
            &role.responsibilities,
        ]
        .into_iter()
        .flatten()
        .cloned(),
    );
    parts.extend(role.skills.iter().cloned());
    parts.join("\n")
}

/// Every fact-bearing text of a resume, one piece per line.
pub(crate) fn resume_text(resume: &Resume) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(personal) = &resume.personal {
        if let Some(contact) = &personal.contact {
            parts.push(contact.name.clone());
            parts.extend(contact.location.clone());
        }
        if let Some(visa) = &personal.visa {
            parts.extend(visa.work_authorization.clone());
        }
        parts.extend(personal.banner.clone());
        parts.extend(personal.note.clone());
    }
    if let Some(education) = &resume.education {
        for degree in &education.degrees {
            parts.push(degree.school.clone());
            parts.extend(degree.degree.clone());
            parts.extend(degree.major.clone());
            parts.extend(degree.gpa.clone());
            parts.extend(degree.start_date.into_iter().flat_map(date_forms));
            parts.extend(degree.end_date.into_iter().flat_map(date_forms));
        }
    }
    for certification in &resume.certifications {
        parts.push(certification.name.clone());
        parts.extend(certification.issuer.clone());
        parts.extend(certification.issued.into_iter().flat_map(date_forms));
    }
    if let Some(experience) = &resume.experience {
        for project in &experience.projects {
            parts.push(project.overview.title.clone());
            parts.extend(project.overview.start_date.into_iter().flat_map(date_forms));
            parts.extend(project.overview.end_date.into_iter().flat_map(date_forms));
            parts.extend(project.description.clone());
            parts.extend(project.skills.iter().cloned());
        }
        parts.extend(experience.roles.iter().map(role_text));
    }
    parts.join("\n")
}

/// A date as the model might write it: `04/2019`, `April 2019`, `2019`.
fn date_forms(date: YearMonth) -> [String; 3] {
    [
        date.to_slash_form(),
        date.to_long_form(),
        date.year().to_string(),
    ]
}
