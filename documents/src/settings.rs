//! The DOCX render settings: which sections and fields each layout shows, derived from the
//! preset and the export options (format spec B §6.7–§6.8, with the preset changes recorded
//! in `docs/EXPORT.md`). Every toggle starts off, as in the original editor, and the preset
//! turns on what it lists.

use super::options::{ExportOptions, Preset};

/// Font size of body text, in points (both presets).
const BASE_FONT_PT: usize = 10;
/// Left and right page margins: 0.5 in, in twentieths of a point.
const SIDE_MARGIN_TWIPS: i32 = 720;
/// Top and bottom page margins: 0.2 in, in twentieths of a point.
const TOP_BOTTOM_MARGIN_TWIPS: i32 = 288;

/// Everything a layout needs to know about what to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Body text size in points; the layouts derive every other size from it.
    pub(crate) base_font_pt: usize,
    /// Left and right margins in twips.
    pub(crate) side_margin_twips: i32,
    /// Top and bottom margins in twips.
    pub(crate) top_bottom_margin_twips: i32,
    /// Top-level sections.
    pub(crate) sections: Sections,
    /// `# Personal` fields.
    pub(crate) personal: PersonalFields,
    /// Degree fields.
    pub(crate) education: EducationFields,
    /// Certification fields.
    pub(crate) certifications: CertificationFields,
    /// Role fields.
    pub(crate) roles: RoleFields,
    /// Project fields.
    pub(crate) projects: ProjectFields,
}

/// Top-level sections and their order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sections {
    /// Name, contact, websites, banner, note, visa.
    pub(crate) personal: bool,
    /// Degrees.
    pub(crate) education: bool,
    /// Certifications.
    pub(crate) certifications: bool,
    /// Work history and projects as a whole.
    pub(crate) experience: bool,
    /// Work history.
    pub(crate) roles: bool,
    /// Projects.
    pub(crate) projects: bool,
    /// Projects before the work history.
    pub(crate) projects_first: bool,
    /// Plain only: the executive summary by job category.
    pub(crate) executive_summary: bool,
    /// Plain only: the skills matrix.
    pub(crate) skills_matrix: bool,
}

/// Which `# Personal` values are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PersonalFields {
    /// The contact block as a whole.
    pub(crate) contact_info: bool,
    /// Name.
    pub(crate) name: bool,
    /// Email.
    pub(crate) email: bool,
    /// Phone.
    pub(crate) phone: bool,
    /// Location.
    pub(crate) location: bool,
    /// Banner.
    pub(crate) banner: bool,
    /// Note.
    pub(crate) note: bool,
    /// The websites block as a whole.
    pub(crate) websites: bool,
    /// GitHub.
    pub(crate) github: bool,
    /// LinkedIn.
    pub(crate) linkedin: bool,
    /// Website.
    pub(crate) website: bool,
    /// Twitter.
    pub(crate) twitter: bool,
    /// The visa block as a whole.
    pub(crate) visa_status: bool,
    /// Work authorization.
    pub(crate) work_authorization: bool,
    /// Require sponsorship.
    pub(crate) require_sponsorship: bool,
}

/// Which degree values are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EducationFields {
    /// The degree list as a whole.
    pub(crate) degrees: bool,
    /// School.
    pub(crate) school: bool,
    /// Degree.
    pub(crate) degree: bool,
    /// Major.
    pub(crate) major: bool,
    /// GPA.
    pub(crate) gpa: bool,
    /// Start date.
    pub(crate) start_date: bool,
    /// End date.
    pub(crate) end_date: bool,
}

/// Which certification values are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CertificationFields {
    /// Name.
    pub(crate) name: bool,
    /// Issuer.
    pub(crate) issuer: bool,
    /// Issued.
    pub(crate) issued: bool,
    /// Expires.
    pub(crate) expires: bool,
}

/// Which role values are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoleFields {
    /// Summary (plain only; the ATS layout never shows it).
    pub(crate) summary: bool,
    /// The skills line.
    pub(crate) skills: bool,
    /// Responsibilities.
    pub(crate) responsibilities: bool,
    /// Plain only: bulleted responsibility lines (the original's "tasks").
    pub(crate) include_tasks: bool,
    /// Location.
    pub(crate) location: bool,
    /// Employment type.
    pub(crate) employment_type: bool,
    /// ATS only: job category.
    pub(crate) job_category: bool,
    /// ATS only: agency.
    pub(crate) agency: bool,
}

/// Which project values are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProjectFields {
    /// Title and link.
    pub(crate) overview: bool,
    /// ATS only: the title line.
    pub(crate) title: bool,
    /// ATS only: the URL.
    pub(crate) url: bool,
    /// ATS only: the URL description.
    pub(crate) url_description: bool,
    /// ATS only: start date.
    pub(crate) start_date: bool,
    /// ATS only: end date.
    pub(crate) end_date: bool,
    /// Description.
    pub(crate) description: bool,
    /// The skills line.
    pub(crate) skills: bool,
}

impl Settings {
    /// The settings of `options.preset`, with the export dialog's checkboxes applied.
    pub(crate) fn new(options: &ExportOptions) -> Self {
        let mut settings = Self {
            base_font_pt: BASE_FONT_PT,
            side_margin_twips: SIDE_MARGIN_TWIPS,
            top_bottom_margin_twips: TOP_BOTTOM_MARGIN_TWIPS,
            sections: Sections {
                personal: true,
                education: options.include_education,
                certifications: true,
                experience: true,
                roles: true,
                projects: options.include_projects,
                projects_first: options.projects_first,
                executive_summary: false,
                skills_matrix: false,
            },
            personal: PersonalFields {
                contact_info: true,
                name: true,
                email: true,
                phone: true,
                location: true,
                banner: true,
                websites: true,
                github: true,
                linkedin: true,
                website: true,
                ..PersonalFields::default()
            },
            education: EducationFields {
                degrees: true,
                school: true,
                degree: true,
                start_date: true,
                end_date: true,
                ..EducationFields::default()
            },
            certifications: CertificationFields {
                name: true,
                issuer: true,
                ..CertificationFields::default()
            },
            roles: RoleFields::default(),
            projects: ProjectFields {
                overview: true,
                title: true,
                url: true,
                url_description: true,
                description: true,
                ..ProjectFields::default()
            },
        };
        match options.preset {
            Preset::General => {
                settings.roles = RoleFields {
                    summary: true,
                    skills: true,
                    responsibilities: true,
                    include_tasks: true,
                    location: true,
                    employment_type: true,
                    ..RoleFields::default()
                };
            }
            Preset::ExecutiveSummary => {
                settings.sections.executive_summary = true;
                settings.sections.skills_matrix = true;
                settings.roles = RoleFields {
                    skills: true,
                    responsibilities: true,
                    include_tasks: true,
                    location: true,
                    ..RoleFields::default()
                };
            }
        }
        settings
    }

    /// What the ATS layout forces whatever the preset says: no role summary, no executive
    /// summary, no skills matrix (format spec B §6.3).
    pub(crate) fn for_ats(mut self) -> Self {
        self.roles.summary = false;
        self.sections.executive_summary = false;
        self.sections.skills_matrix = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use resume_shared::YearMonth;

    use super::*;
    use crate::options::ExportFormat;

    fn options(preset: Preset) -> ExportOptions {
        ExportOptions {
            preset,
            ..ExportOptions::with_template(
                ExportFormat::Docx,
                crate::Template::OriginalPlain,
                YearMonth::new(2026, 11).unwrap(),
            )
        }
    }

    #[test]
    fn general_shows_role_skills_and_no_summary_sections() {
        let settings = Settings::new(&options(Preset::General));
        assert!(settings.roles.skills && settings.roles.summary);
        assert!(!settings.sections.executive_summary && !settings.sections.skills_matrix);
        assert!(!settings.personal.note && !settings.personal.visa_status);
        assert_eq!(settings.base_font_pt, 10);
    }

    #[test]
    fn executive_summary_keeps_the_work_history_and_general_projects() {
        let general = Settings::new(&options(Preset::General));
        let executive = Settings::new(&options(Preset::ExecutiveSummary));
        assert!(executive.sections.roles && executive.sections.executive_summary);
        assert!(executive.roles.responsibilities && executive.roles.skills);
        assert!(!executive.roles.summary && !executive.roles.employment_type);
        assert_eq!(executive.projects, general.projects);
        let ats = executive.for_ats();
        assert!(!ats.sections.executive_summary && !ats.sections.skills_matrix);
    }

    #[test]
    fn checkboxes_control_projects_and_education() {
        let mut opts = options(Preset::General);
        opts.include_projects = false;
        opts.include_education = false;
        opts.projects_first = true;
        let settings = Settings::new(&opts);
        assert!(!settings.sections.projects && !settings.sections.education);
        assert!(settings.sections.projects_first);
    }
}
