//! Second pass of the parser: the section outline → the [`Resume`] model.
//!
//! Reads keys, dates, lists and text out of the leaves the outline collected, applies the
//! duplicate rules (a named section given twice: the last wins; a repeating container given
//! twice: merged in order; a key given twice: the first non-empty value wins) and checks what
//! is required. Every problem becomes a diagnostic with the line it is on; errors do not stop
//! the reading, so one pass reports all of them.

use std::borrow::Cow;

use super::Parsed;
use super::error::{Diagnostics, ParseError};
use super::outline::{self, Line, Node, Outline, hashes, or_list};
use super::schema::{Kind, SectionId};
use crate::date::{DateError, DateValue, YearMonth, parse_date};
use crate::resume::{
    Certification, Contact, Degree, Education, Experience, Inclusion, Personal, Project,
    ProjectOverview, Resume, Role, RoleBasics, Visa, Websites,
};

/// Parses a resume text.
///
/// Accepts everything the existing tools accept (format spec A.1), strips a leading BOM and
/// normalises CRLF/CR line ends first. Returns the model with its warnings, or every error
/// found.
///
/// # Errors
/// A [`ParseError`] listing each error with its line number and section path.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = normalise(text);
    let mut diagnostics = Diagnostics::default();
    let outline = outline::build(&text, &mut diagnostics);
    let resume = Reader {
        outline: &outline,
        diagnostics: &mut diagnostics,
    }
    .document();
    let (errors, warnings) = diagnostics.into_sorted();
    if errors.is_empty() {
        Ok(Parsed { resume, warnings })
    } else {
        Err(ParseError { errors, warnings })
    }
}

/// Strips a leading BOM and turns CRLF and lone CR into LF.
fn normalise(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

struct Reader<'o, 'a, 'd> {
    outline: &'o Outline<'a>,
    diagnostics: &'d mut Diagnostics,
}

/// The values of one key/value section, by key index of its spec.
struct KeyValues<'a> {
    keys: &'static [&'static str],
    values: Vec<Option<(&'a str, usize)>>,
    heading_line: usize,
}

impl<'a> KeyValues<'a> {
    fn slot(&self, key: &str) -> usize {
        self.keys
            .iter()
            .position(|k| *k == key)
            .unwrap_or_else(|| unreachable!("key {key} is not in {:?}", self.keys))
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.values[self.slot(key)].map(|(v, _)| v)
    }

    fn owned(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_owned)
    }

    /// Line of the key, or of the section heading when the key is absent.
    fn line_of(&self, key: &str) -> usize {
        self.values[self.slot(key)].map_or(self.heading_line, |(_, line)| line)
    }

    fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// How strictly a date field is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DatePolicy {
    /// Unreadable text is an error (roles, projects: the existing tools reject it too).
    Strict,
    /// Unreadable text is ignored with a warning (degrees, certifications: the existing
    /// tools drop it silently). Bare years and impossible months stay errors.
    Lenient,
}

impl<'o, 'a> Reader<'o, 'a, '_> {
    /// A node of the outline; the reference outlives `self`'s borrow, so diagnostics can be
    /// pushed while it is held.
    fn node(&self, index: usize) -> &'o Node<'a> {
        &self.outline.nodes[index]
    }

    fn path(&self, index: usize) -> String {
        self.outline.path(index)
    }

    fn document(&mut self) -> Resume {
        let recognised = self
            .node(0)
            .children
            .iter()
            .any(|&c| self.node(c).spec.is_some());
        if !recognised {
            self.diagnostics.error(
                1,
                "",
                "no resume section found; a resume needs at least one of `# Personal`, \
                 `# Education`, `# Certifications` or `# Experience`",
            );
            return Resume::default();
        }
        let personal = self.section(0, SectionId::Personal);
        let education = self.section(0, SectionId::Education);
        let certifications = self.items(0, SectionId::Certifications);
        let experience = self.section(0, SectionId::Experience);
        let resume = Resume {
            personal: personal.and_then(|n| self.personal(n)),
            education: education.and_then(|n| self.education(n)),
            certifications: certifications
                .into_iter()
                .filter_map(|n| self.certification(n))
                .collect(),
            experience: experience.and_then(|n| self.experience(n)),
        };
        if resume.is_empty() && self.diagnostics.errors.is_empty() {
            let first = self
                .node(0)
                .children
                .first()
                .map_or(1, |&c| self.node(c).line);
            self.diagnostics
                .error(first, "", "the resume sections are empty; nothing to read");
        }
        resume
    }

    /// The one child section `id` of `parent`: when given twice, the last wins (warned).
    fn section(&mut self, parent: usize, id: SectionId) -> Option<usize> {
        let found: Vec<usize> = self.children_with(parent, id).collect();
        let (&last, earlier) = found.split_last()?;
        let last_line = self.node(last).line;
        for &index in earlier {
            let node = self.node(index);
            let (line, path) = (node.line, self.path(index));
            let message = format!(
                "`{} {}` appears again at line {last_line}; this one is ignored",
                hashes(node.depth),
                node.title
            );
            self.diagnostics.warn(line, &path, message);
        }
        Some(last)
    }

    /// The items of the repeating container `id` under `parent`; containers given twice are
    /// merged in order (warned). Empty item headings are skipped (the outline warned).
    fn items(&mut self, parent: usize, id: SectionId) -> Vec<usize> {
        let containers: Vec<usize> = self.children_with(parent, id).collect();
        if let Some((&first, later)) = containers.split_first() {
            let first_line = self.node(first).line;
            for &index in later {
                let node = self.node(index);
                let (line, path) = (node.line, self.path(index));
                let item = match node.spec.map(|s| &s.kind) {
                    Some(Kind::Repeating(item)) => item.title.to_ascii_lowercase(),
                    _ => "item".into(),
                };
                let message = format!(
                    "`{} {}` appears again (first at line {first_line}); its {item}s are added \
                     after the earlier ones",
                    hashes(node.depth),
                    node.title
                );
                self.diagnostics.warn(line, &path, message);
            }
        }
        containers
            .iter()
            .flat_map(|&c| self.node(c).children.iter().copied())
            .filter(|&item| !self.node(item).is_empty_item())
            .collect()
    }

    fn children_with(&self, parent: usize, id: SectionId) -> impl Iterator<Item = usize> + '_ {
        self.node(parent)
            .children
            .iter()
            .copied()
            .filter(move |&c| self.node(c).spec.is_some_and(|s| s.id == id))
    }

    fn personal(&mut self, node: usize) -> Option<Personal> {
        let contact = self.section(node, SectionId::Contact);
        let websites = self.section(node, SectionId::Websites);
        let visa = self.section(node, SectionId::Visa);
        let banner = self.section(node, SectionId::Banner);
        let note = self.section(node, SectionId::Note);
        let personal = Personal {
            contact: contact.and_then(|n| self.contact(n)),
            websites: websites.and_then(|n| self.websites(n)),
            visa: visa.and_then(|n| self.visa(n)),
            banner: banner.and_then(|n| self.text(n)),
            note: note.and_then(|n| self.text(n)),
        };
        (personal != Personal::default()).then_some(personal)
    }

    fn contact(&mut self, node: usize) -> Option<Contact> {
        let kv = self.key_values(node);
        let name = self.required(&kv, node, "Name");
        Some(Contact {
            name: name?,
            email: kv.owned("Email"),
            phone: kv.owned("Phone"),
            location: kv.owned("Location"),
        })
    }

    fn websites(&mut self, node: usize) -> Option<Websites> {
        let kv = self.key_values(node);
        (!kv.is_empty()).then(|| Websites {
            github: kv.owned("GitHub"),
            linkedin: kv.owned("LinkedIn"),
            website: kv.owned("Website"),
            twitter: kv.owned("Twitter"),
        })
    }

    fn visa(&mut self, node: usize) -> Option<Visa> {
        let kv = self.key_values(node);
        let require_sponsorship = kv.get("Require sponsorship").and_then(|value| {
            let parsed = yes_no(value);
            if parsed.is_none() {
                let path = self.path(node);
                self.diagnostics.warn(
                    kv.line_of("Require sponsorship"),
                    &path,
                    format!("\"Require sponsorship\" must be Yes or No; \"{value}\" is ignored"),
                );
            }
            parsed
        });
        let visa = Visa {
            work_authorization: kv.owned("Work Authorization"),
            require_sponsorship,
        };
        (visa != Visa::default()).then_some(visa)
    }

    fn education(&mut self, node: usize) -> Option<Education> {
        let errors_before = self.diagnostics.errors.len();
        let degrees: Vec<Degree> = self
            .items(node, SectionId::Degrees)
            .into_iter()
            .filter_map(|n| self.degree(n))
            .collect();
        if degrees.is_empty() {
            if self.diagnostics.errors.len() == errors_before {
                let (line, path) = (self.node(node).line, self.path(node));
                self.diagnostics.warn(
                    line,
                    &path,
                    "no degrees found, so the section is left out; write each degree as \
                     `### Degree` under `## Degrees`",
                );
            }
            return None;
        }
        Some(Education { degrees })
    }

    fn degree(&mut self, node: usize) -> Option<Degree> {
        let kv = self.key_values(node);
        let school = self.required(&kv, node, "School");
        let start_date = self.date(&kv, node, "Start date", DatePolicy::Lenient, false);
        let end_date = self.date(&kv, node, "End date", DatePolicy::Lenient, true);
        if end_date.is_some() && start_date.is_none() {
            self.diagnostics.error(
                kv.line_of("End date"),
                &self.path(node),
                "\"End date\" is given without a usable \"Start date\"; add the start date",
            );
            return None;
        }
        if !self.check_order(
            &kv,
            node,
            ("Start date", start_date),
            ("End date", end_date),
        ) {
            return None;
        }
        Some(Degree {
            school: school?,
            degree: kv.owned("Degree"),
            major: kv.owned("Major"),
            gpa: kv.owned("GPA"),
            start_date,
            end_date,
        })
    }

    fn certification(&mut self, node: usize) -> Option<Certification> {
        let kv = self.key_values(node);
        let name = self.required(&kv, node, "Name");
        let issued = self.date(&kv, node, "Issued", DatePolicy::Lenient, false);
        let expires = self.date(&kv, node, "Expires", DatePolicy::Lenient, true);
        if !self.check_order(&kv, node, ("Issued", issued), ("Expires", expires)) {
            return None;
        }
        Some(Certification {
            name: name?,
            issuer: kv.owned("Issuer"),
            issued,
            expires,
            certification_id: kv.owned("Certification ID"),
        })
    }

    fn experience(&mut self, node: usize) -> Option<Experience> {
        let errors_before = self.diagnostics.errors.len();
        let project_nodes = self.items(node, SectionId::Projects);
        let role_nodes = self.items(node, SectionId::Roles);
        let projects: Vec<Project> = project_nodes
            .into_iter()
            .filter_map(|n| self.project(n))
            .collect();
        let roles: Vec<Role> = role_nodes
            .into_iter()
            .filter_map(|n| self.role(n))
            .collect();
        if projects.is_empty() && roles.is_empty() {
            if self.diagnostics.errors.len() == errors_before {
                let (line, path) = (self.node(node).line, self.path(node));
                self.diagnostics.warn(
                    line,
                    &path,
                    "no roles or projects found, so the section is left out; write each role \
                     as `### Role` under `## Roles`",
                );
            }
            return None;
        }
        Some(Experience { projects, roles })
    }

    fn project(&mut self, node: usize) -> Option<Project> {
        let overview = self.section(node, SectionId::Overview);
        let description = self.section(node, SectionId::Description);
        let skills = self.section(node, SectionId::ProjectSkills);
        let description = description.and_then(|n| self.text(n));
        let skills = skills.map(|n| self.list(n)).unwrap_or_default();
        let Some(overview) = overview else {
            let (line, path) = (self.node(node).line, self.path(node));
            self.diagnostics.error(
                line,
                &path,
                "missing `#### Overview` section; a project needs at least a Title",
            );
            return None;
        };
        let kv = self.key_values(overview);
        let title = self.required(&kv, overview, "Title");
        let start_date = self.date(&kv, overview, "Start date", DatePolicy::Strict, false);
        let end_date = self.date(&kv, overview, "End date", DatePolicy::Strict, true);
        let inclusion = self.inclusion(&kv, overview);
        if !self.check_order(
            &kv,
            overview,
            ("Start date", start_date),
            ("End date", end_date),
        ) {
            return None;
        }
        Some(Project {
            overview: ProjectOverview {
                title: title?,
                url: kv.owned("Url"),
                url_description: kv.owned("Url Description"),
                start_date,
                end_date,
                inclusion,
            },
            description,
            skills,
        })
    }

    fn role(&mut self, node: usize) -> Option<Role> {
        let basics = self.section(node, SectionId::Basics);
        let summary = self.section(node, SectionId::Summary);
        let responsibilities = self.section(node, SectionId::Responsibilities);
        let skills = self.section(node, SectionId::RoleSkills);
        let summary = summary.and_then(|n| self.text(n));
        let responsibilities = responsibilities.and_then(|n| self.text(n));
        let skills = skills.map(|n| self.list(n)).unwrap_or_default();
        let Some(basics) = basics else {
            let (line, path) = (self.node(node).line, self.path(node));
            self.diagnostics.error(
                line,
                &path,
                "missing `#### Basics` section; a role needs Company, Title and Start date",
            );
            return None;
        };
        let kv = self.key_values(basics);
        let company = self.required(&kv, basics, "Company");
        let title = self.required(&kv, basics, "Title");
        let start_date = if kv.get("Start date").is_some() {
            self.date(&kv, basics, "Start date", DatePolicy::Strict, false)
        } else {
            self.required(&kv, basics, "Start date");
            None
        };
        let end_date = self.date(&kv, basics, "End date", DatePolicy::Strict, true);
        let inclusion = self.inclusion(&kv, basics);
        if !self.check_order(
            &kv,
            basics,
            ("Start date", start_date),
            ("End date", end_date),
        ) {
            return None;
        }
        Some(Role {
            basics: RoleBasics {
                company: company?,
                title: title?,
                start_date: start_date?,
                end_date,
                agency: kv.owned("Agency"),
                job_category: kv.owned("Job category"),
                employment_type: kv.owned("Employment type"),
                reason_for_change: kv.owned("Reason for change"),
                location: kv.owned("Location"),
                inclusion,
            },
            summary,
            responsibilities,
            skills,
        })
    }

    /// A required key: its value, or an error at the section heading.
    fn required(&mut self, kv: &KeyValues<'a>, node: usize, key: &str) -> Option<String> {
        let value = kv.owned(key);
        if value.is_none() {
            let path = self.path(node);
            self.diagnostics.error(
                kv.heading_line,
                &path,
                format!("missing required key \"{key}\""),
            );
        }
        value
    }

    /// Reads a date key. `end` allows `Present` and friends (giving `None`: open-ended).
    fn date(
        &mut self,
        kv: &KeyValues<'a>,
        node: usize,
        key: &str,
        policy: DatePolicy,
        end: bool,
    ) -> Option<YearMonth> {
        let value = kv.get(key)?;
        let line = kv.line_of(key);
        match parse_date(value, end) {
            Ok(DateValue::Month(month)) => Some(month),
            Ok(DateValue::OpenEnd) => None,
            Err(error @ (DateError::Unrecognised(_) | DateError::OpenEndNotAllowed(_)))
                if policy == DatePolicy::Lenient =>
            {
                self.diagnostics.warn(
                    line,
                    &self.path(node),
                    format!("\"{key}\": {error}; the value is ignored"),
                );
                None
            }
            Err(error) => {
                self.diagnostics
                    .error(line, &self.path(node), format!("\"{key}\": {error}"));
                None
            }
        }
    }

    /// Checks that an end is not before its start; false (with an error) when it is.
    fn check_order(
        &mut self,
        kv: &KeyValues<'a>,
        node: usize,
        (start_key, start): (&str, Option<YearMonth>),
        (end_key, end): (&str, Option<YearMonth>),
    ) -> bool {
        match (start, end) {
            (Some(start), Some(end)) if end < start => {
                let path = self.path(node);
                self.diagnostics.error(
                    kv.line_of(end_key),
                    &path,
                    format!(
                        "\"{end_key}\" {} is before \"{start_key}\" {}; the end must not come \
                         before the start",
                        end.to_slash_form(),
                        start.to_slash_form()
                    ),
                );
                false
            }
            _ => true,
        }
    }

    fn inclusion(&mut self, kv: &KeyValues<'a>, node: usize) -> Inclusion {
        let Some(value) = kv.get("Inclusion") else {
            return Inclusion::Include;
        };
        Inclusion::from_text(value).unwrap_or_else(|| {
            let path = self.path(node);
            self.diagnostics.warn(
                kv.line_of("Inclusion"),
                &path,
                format!(
                    "\"Inclusion\" must be Include, Not Relevant or Omit; \"{value}\" is \
                     ignored (Include is used)"
                ),
            );
            Inclusion::Include
        })
    }

    /// Reads the `Key: value` lines of a key/value leaf.
    fn key_values(&mut self, node: usize) -> KeyValues<'a> {
        let outline_node = self.node(node);
        let Some(Kind::KeyValue(keys)) = outline_node.spec.map(|s| &s.kind) else {
            unreachable!("key_values on a section that is not key/value")
        };
        let keys: &'static [&'static str] = keys;
        let lines: &'o [Line<'a>] = &outline_node.lines;
        let title = outline_node.spec.map_or("", |s| s.title);
        let mut kv = KeyValues {
            keys,
            values: vec![None; keys.len()],
            heading_line: outline_node.line,
        };
        for line in lines.iter().filter(|l| !l.text.is_empty()) {
            let Some((label, value)) = line.text.split_once(':') else {
                self.diagnostics.warn(
                    line.number,
                    &self.path(node),
                    format!(
                        "line without a colon ignored: \"{}\" (write `Key: value`)",
                        excerpt(line.text)
                    ),
                );
                continue;
            };
            let value = value.trim();
            let Some(slot) = keys.iter().position(|k| k.eq_ignore_ascii_case(label)) else {
                self.unknown_key(line.number, &self.path(node), title, keys, label);
                continue;
            };
            match kv.values[slot] {
                _ if value.is_empty() => {}
                None => kv.values[slot] = Some((value, line.number)),
                Some((_, first_line)) => self.diagnostics.warn(
                    line.number,
                    &self.path(node),
                    format!(
                        "duplicate key \"{}\" ignored; the value at line {first_line} is used",
                        keys[slot]
                    ),
                ),
            }
        }
        kv
    }

    fn unknown_key(&mut self, line: usize, path: &str, title: &str, keys: &[&str], label: &str) {
        let trimmed = label.trim();
        let message = if let Some(key) = keys.iter().find(|k| k.eq_ignore_ascii_case(trimmed)) {
            format!(
                "unknown key \"{label}\" ignored; write \"{key}:\" without spaces before the colon"
            )
        } else {
            let known: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
            format!(
                "unknown key \"{}\" ignored; {title} knows {}",
                excerpt(label),
                or_list(&known)
            )
        };
        self.diagnostics.warn(line, path, message);
    }

    /// Reads a text leaf: lines joined, paragraph breaks kept as one blank line, the whole
    /// trimmed of whitespace (format spec B §1.7).
    fn text(&self, node: usize) -> Option<String> {
        let mut text = String::new();
        let mut blank_pending = false;
        for line in &self.node(node).lines {
            if line.text.is_empty() {
                blank_pending = !text.is_empty();
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
                if blank_pending {
                    text.push('\n');
                }
            }
            blank_pending = false;
            text.push_str(line.text);
        }
        let trimmed = text.trim();
        if trimmed.len() != text.len() {
            text = trimmed.to_owned();
        }
        (!text.is_empty()).then_some(text)
    }

    /// Reads a list leaf: `* item` / `- item` lines.
    fn list(&mut self, node: usize) -> Vec<String> {
        let lines = &self.node(node).lines;
        let mut items = Vec::new();
        for line in lines.iter().filter(|l| !l.text.is_empty()) {
            if let Some(item) = line
                .text
                .strip_prefix("* ")
                .or_else(|| line.text.strip_prefix("- "))
            {
                let item = item.trim();
                if !item.is_empty() {
                    items.push(item.to_owned());
                }
            } else if line.text != "*" && line.text != "-" {
                self.diagnostics.warn(
                    line.number,
                    &self.path(node),
                    format!(
                        "not a list item, ignored: \"{}\" (start the line with `* `)",
                        excerpt(line.text)
                    ),
                );
            }
        }
        items
    }
}

/// `yes`/`no` (also `true`/`false`), any case.
fn yes_no(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// At most 60 characters of a line, for messages.
fn excerpt(text: &str) -> Cow<'_, str> {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}
