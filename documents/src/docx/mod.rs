//! The two Word layouts (format spec §6.3 ATS-friendly, §6.4 plain, with the fixes of A.5):
//! one module per layout, the pieces the plain layout computes (executive summary, skills
//! matrix, skill highlighting, years of experience), and here the body collector and the
//! packaging. docx-rs builds the package ([`styles`]); the body XML is written by [`wml`]
//! (see its documentation for why).

mod ats;
mod conform;
pub(crate) mod designed;
mod highlight;
mod inline;
mod matrix;
mod plain;
mod primitives;
mod styles;
mod summary;
mod text;
mod wml;
mod years;

use std::io::Cursor;

use docx_rs::Docx;
use resume_shared::{Resume, YearMonth};

use super::error::ExportError;
use super::settings::Settings;
use wml::{Block, Hyperlink, Paragraph, Run, Table};

/// Which Word layout to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Format spec §6.3.
    Ats,
    /// Format spec §6.4.
    Plain,
}

/// Renders a prepared resume as a DOCX package.
pub(crate) fn render(
    resume: &Resume,
    settings: &Settings,
    layout: Layout,
    today: YearMonth,
) -> Result<Vec<u8>, ExportError> {
    let mut body = Body::default();
    match layout {
        Layout::Ats => ats::render(&mut body, resume, settings),
        Layout::Plain => plain::render(&mut body, resume, settings, today),
    }
    let document = wml::document(&body.blocks, styles::page(settings));
    let mut package = styles::new_document(settings);
    for (rid, url) in body.links {
        package.document_rels =
            std::mem::take(&mut package.document_rels).add_hyperlinks(rid, url, "External");
    }
    // numbering.xml is referenced only when a list uses it, as docx-rs does.
    package.document_rels.has_numberings = body.numbered;
    pack(package, document)
}

/// Writes the zip package: docx-rs's parts with the styles and numbering brought into schema
/// order, and our `document.xml`.
fn pack(package: Docx, document: String) -> Result<Vec<u8>, ExportError> {
    let failed = |err: Box<dyn std::error::Error + Send + Sync>| {
        ExportError::Pack(std::io::Error::other(err))
    };
    let mut parts = package.build();
    parts.document = document.into_bytes();
    let styles = std::str::from_utf8(&parts.styles).map_err(|err| failed(err.into()))?;
    parts.styles = styles::with_default_normal(styles)
        .map_err(|err| failed(err.into()))?
        .into_bytes();
    for part in [&mut parts.styles, &mut parts.numberings] {
        let xml = std::str::from_utf8(part).map_err(|err| failed(err.into()))?;
        *part = conform::conform(xml)
            .map_err(|err| failed(err.into()))?
            .into_bytes();
    }
    let mut bytes = Cursor::new(Vec::new());
    parts.pack(&mut bytes).map_err(|err| failed(err.into()))?;
    Ok(bytes.into_inner())
}

/// The document body as the layouts write it, in order.
#[derive(Debug, Default)]
struct Body {
    blocks: Vec<Block>,
    /// Hyperlink relationships `(id, target)`, numbered per document so that ids are stable
    /// and unique even when documents are rendered concurrently.
    links: Vec<(String, String)>,
    /// Some paragraph is a list item.
    numbered: bool,
}

impl Body {
    /// Appends a paragraph.
    fn push(&mut self, paragraph: Paragraph) {
        self.numbered |= paragraph.is_numbered();
        self.blocks.push(Block::Paragraph(paragraph));
    }

    /// Keeps the last block on the same page as whatever comes next, when it is a paragraph
    /// written at or after block `since` (so that, for example, a `Skills:` line never starts
    /// a page alone, without reaching back into an earlier entry).
    fn keep_last_with_next(&mut self, since: usize) {
        if self.blocks.len() > since
            && let Some(Block::Paragraph(paragraph)) = self.blocks.last_mut()
        {
            paragraph.set_keep_next();
        }
    }

    /// The number of blocks written so far: a mark for [`Body::keep_last_with_next`].
    fn mark(&self) -> usize {
        self.blocks.len()
    }

    /// Appends a table.
    fn push_table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    /// An external hyperlink to `url` showing `run`.
    fn link(&mut self, url: &str, run: Run) -> Hyperlink {
        let rid = format!("rIdLink{}", self.links.len() + 1);
        self.links
            .push((rid.clone(), primitives::xml_safe(url).into_owned()));
        Hyperlink { rid, run }
    }
}

#[cfg(test)]
mod tests {
    use resume_shared::{
        Certification, Contact, Degree, Education, Experience, Personal, Project, ProjectOverview,
        Role, RoleBasics, Visa, Websites,
    };

    use super::*;
    use crate::settings::{
        CertificationFields, EducationFields, PersonalFields, ProjectFields, RoleFields, Sections,
    };

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    /// Every toggle on, so that the fields no preset shows are exercised too.
    fn everything_on() -> Settings {
        Settings {
            base_font_pt: 10,
            side_margin_twips: 720,
            top_bottom_margin_twips: 288,
            sections: Sections {
                personal: true,
                education: true,
                certifications: true,
                experience: true,
                roles: true,
                projects: true,
                projects_first: false,
                executive_summary: true,
                skills_matrix: true,
            },
            personal: PersonalFields {
                contact_info: true,
                name: true,
                email: true,
                phone: true,
                location: true,
                banner: true,
                note: true,
                websites: true,
                github: true,
                linkedin: true,
                website: true,
                twitter: true,
                visa_status: true,
                work_authorization: true,
                require_sponsorship: true,
            },
            education: EducationFields {
                degrees: true,
                school: true,
                degree: true,
                major: true,
                gpa: true,
                start_date: true,
                end_date: true,
            },
            certifications: CertificationFields {
                name: true,
                issuer: true,
                issued: true,
                expires: true,
            },
            roles: RoleFields {
                summary: true,
                skills: true,
                responsibilities: true,
                include_tasks: true,
                location: true,
                employment_type: true,
                job_category: true,
                agency: true,
            },
            projects: ProjectFields {
                overview: true,
                title: true,
                url: true,
                url_description: true,
                start_date: true,
                end_date: true,
                description: true,
                skills: true,
            },
        }
    }

    fn resume() -> Resume {
        let mut role = Role::new(RoleBasics {
            agency: Some("Staffing Partners".to_owned()),
            job_category: Some("Engineering".to_owned()),
            employment_type: Some("Contract".to_owned()),
            end_date: Some(ym("2016-06")),
            ..RoleBasics::new("Initech", "Developer", ym("2012-08"))
        });
        role.summary = Some("Kept billing running.".to_owned());
        role.responsibilities = Some("* Automated invoices with Python".to_owned());
        role.skills = vec!["Python".to_owned()];
        Resume {
            personal: Some(Personal {
                contact: Some(Contact {
                    name: "Alex Morgan".to_owned(),
                    email: Some("alex@example.com".to_owned()),
                    phone: None,
                    location: Some("Portland".to_owned()),
                }),
                websites: Some(Websites {
                    twitter: Some("https://x.com/alex".to_owned()),
                    ..Websites::default()
                }),
                visa: Some(Visa {
                    work_authorization: Some("US Citizen".to_owned()),
                    require_sponsorship: Some(false),
                }),
                banner: Some("Builds **reliable** systems.".to_owned()),
                note: Some("Open to *remote* work.".to_owned()),
            }),
            education: Some(Education {
                degrees: vec![Degree {
                    school: "Cascade State".to_owned(),
                    degree: Some("B.S.".to_owned()),
                    major: Some("Computer Science".to_owned()),
                    gpa: Some("3.6".to_owned()),
                    start_date: Some(ym("2008-09")),
                    end_date: None,
                }],
            }),
            certifications: vec![Certification {
                name: "CKA".to_owned(),
                issuer: Some("CNCF".to_owned()),
                issued: Some(ym("2021-05")),
                expires: Some(ym("2024-05")),
                certification_id: Some("0042".to_owned()),
            }],
            experience: Some(Experience {
                projects: vec![Project {
                    overview: ProjectOverview {
                        title: "Queue Lens".to_owned(),
                        url_description: Some("On GitHub".to_owned()),
                        start_date: Some(ym("2022-03")),
                        end_date: Some(ym("2022-08")),
                        ..ProjectOverview::default()
                    },
                    description: Some("A dashboard in Rust.".to_owned()),
                    skills: vec!["Rust".to_owned()],
                }],
                roles: vec![role],
            }),
        }
    }

    /// `show` of every paragraph, in order (tables left out).
    fn each_paragraph(
        resume: &Resume,
        settings: &Settings,
        layout: Layout,
        show: fn(&Paragraph) -> String,
    ) -> Vec<String> {
        let mut body = Body::default();
        match layout {
            Layout::Ats => ats::render(&mut body, resume, settings),
            Layout::Plain => plain::render(&mut body, resume, settings, ym("2026-11")),
        }
        body.blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(paragraph) => Some(show(paragraph)),
                Block::Table(_) => None,
            })
            .collect()
    }

    /// The text of every paragraph, in order (tables left out).
    fn texts(resume: &Resume, settings: &Settings, layout: Layout) -> Vec<String> {
        each_paragraph(resume, settings, layout, Paragraph::raw_text)
    }

    #[test]
    fn ats_shows_every_field_the_settings_allow() {
        let texts = texts(&resume(), &everything_on().for_ats(), Layout::Ats);
        for expected in [
            "Alex Morgan\nalex@example.com\nPortland\n",
            "Builds reliable systems.",
            "Open to remote work.",
            "Twitter: https://x.com/alex",
            "Work Authorization: US Citizen\nRequire Sponsorship: No",
            // A start date without an end date has no dangling " - ".
            "Cascade State\nB.S.\nSeptember 2008\nComputer Science\nGPA: 3.6",
            "CKA\nCNCF\nMay 2021\nMay 2024",
            "Engineering\nStaffing Partners\nContract",
            "- Automated invoices with Python",
            "Queue Lens\nOn GitHub\nStart Date: March 2022\nEnd Date: August 2022\nA dashboard in Rust.\nSkills: Rust",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected:?} not in {texts:#?}"
            );
        }
        assert!(
            !texts.iter().any(|t| t.contains("Kept billing")),
            "no summary in ATS"
        );
    }

    #[test]
    fn plain_shows_every_field_the_settings_allow() {
        let texts = texts(&resume(), &everything_on(), Layout::Plain);
        for expected in [
            "Alex Morgan",
            "US Citizen | Requires sponsorship: No",
            "Builds reliable systems.\nOpen to remote work.\n\n",
            "CKA\tCNCF\nIssued: May 2021 - Expires: May 2024",
            "Cascade State\tB.S.\nComputer Science\nSeptember 2008\tGPA: 3.6",
            "Kept billing running. (Initech, 2016)",
            "Developer (Contract)\tInitech",
            "• Automated invoices with Python",
            "Queue Lens\tOn GitHub",
            "A dashboard in Rust.",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected:?} not in {texts:#?}"
            );
        }
        assert!(!texts.iter().any(|t| t.contains("None")));
    }

    /// The resume with a second role and a second project.
    fn two_of_each() -> Resume {
        let mut resume = resume();
        let experience = resume.experience.as_mut().unwrap();
        let mut role = experience.roles[0].clone();
        role.basics.company = "Hooli".to_owned();
        experience.roles.push(role);
        let mut project = experience.projects[0].clone();
        project.overview.title = "Second Project".to_owned();
        experience.projects.push(project);
        resume
    }

    /// The XML of every paragraph, in order (tables left out).
    fn paragraphs(resume: &Resume, settings: &Settings, layout: Layout) -> Vec<String> {
        each_paragraph(resume, settings, layout, Paragraph::xml)
    }

    /// The index of the first paragraph holding the text `text`.
    fn find(paragraphs: &[String], text: &str) -> usize {
        let needle = format!(">{text}<");
        paragraphs
            .iter()
            .position(|p| p.contains(&needle))
            .unwrap_or_else(|| panic!("{text:?} not in {paragraphs:#?}"))
    }

    fn keeps_next(paragraph: &str) -> bool {
        paragraph.contains("<w:keepNext/>")
    }

    fn keeps_lines(paragraph: &str) -> bool {
        paragraph.contains("<w:keepLines/>")
    }

    #[test]
    fn ats_keeps_role_headers_dividers_and_skills_lines_with_what_follows() {
        let xml = paragraphs(&two_of_each(), &everything_on().for_ats(), Layout::Ats);
        let header = find(&xml, "Initech");
        assert!(
            keeps_next(&xml[header]) && keeps_lines(&xml[header]),
            "{}",
            xml[header]
        );
        // The details paragraph holds the header to the first responsibility line.
        assert!(xml[header + 1].contains(">Engineering<"));
        assert!(keeps_next(&xml[header + 1]), "{}", xml[header + 1]);
        // The paragraph before each `Skills:` line is kept with it.
        let skills = find(&xml, "Skills: Python");
        assert!(keeps_next(&xml[skills - 1]), "{}", xml[skills - 1]);
        assert!(!keeps_next(&xml[skills]), "{}", xml[skills]);
        // Every rule, and the spacer after a rule, is kept with what follows.
        let rules: Vec<usize> = (0..xml.len())
            .filter(|i| xml[*i].contains("<w:pBdr>"))
            .collect();
        // Under Work History, between the roles, between the projects.
        assert_eq!(rules.len(), 3, "{xml:#?}");
        for index in rules {
            assert!(keeps_next(&xml[index]), "{}", xml[index]);
            let next = &xml[index + 1];
            if !next.contains("<w:r>") {
                assert!(keeps_next(next), "spacer after a rule: {next}");
            }
        }
    }

    #[test]
    fn ats_project_titles_are_bold_and_projects_are_divided_like_roles() {
        let xml = paragraphs(&two_of_each(), &everything_on().for_ats(), Layout::Ats);
        let first = xml.iter().position(|p| p.contains(">Queue Lens<")).unwrap();
        assert!(
            xml[first].starts_with(
                "<w:p><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">Queue Lens</w:t><w:br/>"
            ),
            "{}",
            xml[first]
        );
        // The role title line is styled the same way.
        let role = find(&xml, "Initech");
        assert!(
            xml[role].contains(
                "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">Developer</w:t>"
            ),
            "{}",
            xml[role]
        );
        // Between two roles and between two projects: a rule, then a spacer.
        let second_role = find(&xml, "Hooli");
        let second_project = xml
            .iter()
            .position(|p| p.contains(">Second Project<"))
            .unwrap();
        for second in [second_role, second_project] {
            assert!(xml[second - 2].contains("<w:pBdr>"), "{}", xml[second - 2]);
            assert!(!xml[second - 1].contains("<w:r>"), "{}", xml[second - 1]);
        }
        assert_eq!(second_project, first + 3, "{xml:#?}");
    }

    #[test]
    fn plain_keeps_role_and_project_headers_and_skills_lines_with_what_follows() {
        let xml = paragraphs(&two_of_each(), &everything_on(), Layout::Plain);
        let title = xml.iter().position(|p| p.contains(">Developer<")).unwrap();
        for header in [title, title + 1] {
            assert!(
                keeps_next(&xml[header]) && keeps_lines(&xml[header]),
                "{}",
                xml[header]
            );
        }
        assert!(
            xml[title + 1].contains("August 2012 - June 2016"),
            "{}",
            xml[title + 1]
        );
        let skills = find(&xml, "Skills: Python");
        assert!(keeps_next(&xml[skills - 1]), "{}", xml[skills - 1]);
        assert!(!keeps_next(&xml[skills]), "{}", xml[skills]);
        let project = xml.iter().position(|p| p.contains(">Queue Lens<")).unwrap();
        assert!(
            keeps_next(&xml[project]) && keeps_lines(&xml[project]),
            "{}",
            xml[project]
        );
        let skills = find(&xml, "Skills: Rust");
        assert!(keeps_next(&xml[skills - 1]), "{}", xml[skills - 1]);
    }

    #[test]
    fn keeping_never_reaches_into_the_previous_entry() {
        // No overview and no description: the `Skills:` line is the project's only paragraph,
        // and the previous project's `Skills:` line must not be tied to it.
        let mut settings = everything_on();
        settings.projects.overview = false;
        settings.projects.description = false;
        let xml = paragraphs(&two_of_each(), &settings, Layout::Plain);
        let skills: Vec<&String> = xml
            .iter()
            .filter(|p| p.contains(">Skills: Rust<"))
            .collect();
        assert_eq!(skills.len(), 2);
        assert!(skills.iter().all(|p| !keeps_next(p)), "{skills:#?}");
        // A role header with nothing after it is not tied to the next role.
        let mut bare = two_of_each();
        for role in &mut bare.experience.as_mut().unwrap().roles {
            role.summary = None;
            role.responsibilities = None;
            role.skills.clear();
        }
        let xml = paragraphs(&bare, &everything_on(), Layout::Plain);
        let dates = xml
            .iter()
            .position(|p| p.contains("August 2012 - June 2016"))
            .unwrap();
        assert!(!keeps_next(&xml[dates]), "{}", xml[dates]);
    }

    #[test]
    fn every_layout_packs_into_a_zip() {
        for layout in [Layout::Ats, Layout::Plain] {
            let bytes = render(&resume(), &everything_on(), layout, ym("2026-11")).unwrap();
            assert!(bytes.starts_with(b"PK"));
        }
    }
}
