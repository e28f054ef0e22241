//! The two Word layouts (format spec §6.3 ATS-friendly, §6.4 plain, with the fixes of A.5):
//! one module per layout, the pieces the plain layout computes (executive summary, skills
//! matrix, skill highlighting, years of experience), and here the body collector and the
//! packaging. docx-rs builds the package ([`styles`]); the body XML is written by [`wml`]
//! (see its documentation for why).

mod ats;
mod conform;
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

    /// The text of every paragraph, in order (tables left out).
    fn texts(resume: &Resume, settings: &Settings, layout: Layout) -> Vec<String> {
        let mut body = Body::default();
        match layout {
            Layout::Ats => ats::render(&mut body, resume, settings),
            Layout::Plain => plain::render(&mut body, resume, settings, ym("2026-11")),
        }
        body.blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(paragraph) => Some(paragraph.raw_text()),
                Block::Table(_) => None,
            })
            .collect()
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

    #[test]
    fn every_layout_packs_into_a_zip() {
        for layout in [Layout::Ats, Layout::Plain] {
            let bytes = render(&resume(), &everything_on(), layout, ym("2026-11")).unwrap();
            assert!(bytes.starts_with(b"PK"));
        }
    }
}
