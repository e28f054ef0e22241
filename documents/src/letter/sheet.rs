//! A cover letter as a designed document's [`Sheet`]: the resume's header (the candidate's
//! name and contact line, built by the same code as the resume's), then one section without
//! a heading holding the date, the recipient lines and the body.

use resume_shared::Resume;

use crate::inline::Run;
use crate::options::ExportOptions;
use crate::sheet::{self, Block, Sheet, SheetSection};

use super::{Letter, body};

/// The kind of the letter's one section.
const SECTION_KIND: &str = "letter";

/// What the document is, in its title: "<name> – Cover letter".
const DOCUMENT: &str = "Cover letter";

/// The sheet of `letter`, written by the candidate of `resume`, in `options`' language.
pub(super) fn build(letter: &Letter<'_>, resume: &Resume, options: &ExportOptions) -> Sheet {
    let language = options.design.language;
    let mut blocks = vec![Block::Paragraph {
        runs: vec![Run::plain(letter.date.written_in(language))],
    }];
    let recipient = recipient_lines(letter);
    if !recipient.is_empty() {
        blocks.push(Block::Paragraph {
            runs: vec![Run::plain(recipient.join("\n"))],
        });
    }
    blocks.extend(body::blocks(letter.body));
    let section = SheetSection {
        kind: SECTION_KIND,
        heading: "",
        blocks,
        entries: Vec::new(),
    };
    sheet::with_header(resume, DOCUMENT, language, vec![section])
}

/// The lines addressing the letter, in order: the company, then the person; each only when
/// given and not blank.
pub(super) fn recipient_lines<'a>(letter: &Letter<'a>) -> Vec<&'a str> {
    [letter.company, letter.contact]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use resume_shared::YearMonth;
    use resume_shared::sample::generated_resume;

    use super::*;
    use crate::design::Language;
    use crate::letter::LetterDate;
    use crate::options::ExportFormat;
    use crate::template::Template;

    fn letter(body: &str) -> Letter<'_> {
        Letter {
            body,
            company: Some(" Initech "),
            contact: None,
            date: LetterDate::new(2026, 12, 7).expect("a date"),
        }
    }

    fn sample(roles: usize) -> Resume {
        resume_shared::parse(&generated_resume(roles, 1))
            .expect("the sample parses")
            .resume
    }

    fn options(template: Template, format: ExportFormat) -> ExportOptions {
        let today = YearMonth::new(2026, 12).expect("a month");
        ExportOptions::with_template(format, template, today)
    }

    #[test]
    fn the_header_is_the_resumes() {
        let resume = sample(3);
        for template in [Template::Classic, Template::Modern, Template::Compact] {
            let options = options(template, ExportFormat::Pdf);
            let resume_sheet = sheet::build(&crate::prepare(&resume, &options), &options);
            let letter_sheet = build(&letter("Hello."), &resume, &options);
            assert!(!resume_sheet.name.is_empty());
            assert!(!resume_sheet.contact.is_empty());
            assert_eq!(letter_sheet.name, resume_sheet.name);
            assert_eq!(letter_sheet.contact, resume_sheet.contact);
            assert_eq!(letter_sheet.author, resume_sheet.author);
            assert_eq!(
                letter_sheet.title,
                format!("{} – Cover letter", resume_sheet.name)
            );
        }
    }

    #[test]
    fn one_untitled_section_holds_date_recipient_and_body() {
        let resume = sample(1);
        let mut options = options(Template::Modern, ExportFormat::Docx);
        options.design.language = Language::German;
        let sheet = build(&letter("Sehr geehrte Damen und Herren,"), &resume, &options);
        assert_eq!(sheet.language, "de");
        let [section] = sheet.sections.as_slice() else {
            panic!("one section: {sheet:?}");
        };
        assert_eq!(section.heading, "");
        assert_eq!(
            section.blocks,
            [
                Block::Paragraph {
                    runs: vec![Run::plain("7. Dezember 2026")]
                },
                Block::Paragraph {
                    runs: vec![Run::plain("Initech")]
                },
                Block::Paragraph {
                    runs: vec![Run::plain("Sehr geehrte Damen und Herren,")]
                },
            ]
        );
    }

    #[test]
    fn recipient_lines_leave_out_what_is_missing() {
        let mut letter = letter("");
        assert_eq!(recipient_lines(&letter), ["Initech"]);
        letter.contact = Some("Bill Lumbergh");
        assert_eq!(recipient_lines(&letter), ["Initech", "Bill Lumbergh"]);
        letter.company = Some("  ");
        assert_eq!(recipient_lines(&letter), ["Bill Lumbergh"]);
    }

    #[test]
    fn a_resume_without_a_name_gives_a_plain_title() {
        let resume = Resume::default();
        let options = options(Template::Classic, ExportFormat::Pdf);
        let sheet = build(&letter(""), &resume, &options);
        assert_eq!(sheet.title, "Cover letter");
        assert!(sheet.name.is_empty() && sheet.contact.is_empty());
        assert_eq!(sheet.sections[0].blocks.len(), 2, "date and recipient");
    }
}
