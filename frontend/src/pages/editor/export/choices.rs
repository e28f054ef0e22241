//! The export dialog's choices without a page: the defaults (the page size from the browser's
//! locale), old remembered choices in today's terms, the query of a download or page image,
//! the design options by name, and what is wrong with a choice.

use resume_shared::api::resumes::{DesignPreferences, ExportPreferences};
use resume_shared::api::templates::{TemplateInfo, TemplateOption};

/// The presets of the original Word layouts: API value and label.
pub const PRESETS: [(&str, &str); 2] = [
    ("general", "General"),
    ("executive_summary", "Executive summary"),
];

/// The template chosen when the resume has no remembered one.
pub const DEFAULT_TEMPLATE: &str = "modern";

/// The regions whose paper is US Letter (CLDR's `paperSize` data); every other uses A4.
const LETTER_REGIONS: [&str; 14] = [
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "NI", "SV", "PR", "BZ",
];

/// The page size of a BCP 47 language tag (`en-US`, `fr-CA`, `zh-Hant-TW`): `letter` when its
/// region uses US Letter, else `a4` (also without a region: `en`, `es-419`).
#[must_use]
pub fn paper_for_locale(tag: &str) -> &'static str {
    let letter = tag
        .split(['-', '_'])
        .skip(1)
        .filter(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .any(|region| {
            LETTER_REGIONS
                .iter()
                .any(|r| r.eq_ignore_ascii_case(region))
        });
    if letter { "letter" } else { "a4" }
}

/// The page size of the browser's language.
#[must_use]
pub fn browser_paper() -> &'static str {
    paper_for_locale(
        &leptos::prelude::window()
            .navigator()
            .language()
            .unwrap_or_default(),
    )
}

/// The choices used when the resume has none remembered.
#[must_use]
pub fn default_preferences() -> ExportPreferences {
    ExportPreferences {
        format: "pdf".to_owned(),
        preset: "general".to_owned(),
        from: None,
        to: None,
        include_projects: true,
        projects_first: false,
        include_education: true,
        template: Some(DEFAULT_TEMPLATE.to_owned()),
        design: DesignPreferences::default(),
    }
}

/// The dialog's starting choices: the remembered ones (older ones name the original layouts
/// by format: `docx-ats`, `docx-plain`) or the defaults, with a template always, and the page
/// size of `paper` (the locale's) when none is remembered.
#[must_use]
pub fn restored(saved: Option<ExportPreferences>, paper: &str) -> ExportPreferences {
    let mut preferences = saved.unwrap_or_else(default_preferences);
    let by_format = match preferences.format.as_str() {
        "docx-ats" => Some("original-ats"),
        "docx-plain" => Some("original-plain"),
        _ => None,
    };
    if let Some(template) = by_format {
        preferences.format = "docx".to_owned();
        preferences
            .template
            .get_or_insert_with(|| template.to_owned());
    }
    if preferences.template.is_none() {
        let template = if preferences.format == "pdf" {
            DEFAULT_TEMPLATE
        } else {
            "original-ats"
        };
        preferences.template = Some(template.to_owned());
    }
    preferences
        .design
        .paper
        .get_or_insert_with(|| paper.to_owned());
    preferences
}

/// Whether a template renders PDF (and so has page images and options).
#[must_use]
pub fn is_designed(template: &TemplateInfo) -> bool {
    template.formats.iter().any(|f| f == "pdf")
}

/// The query of a document of `template` with `preferences` (no `format`: the download adds
/// it; a page image is always the PDF's). The design options go only with a designed
/// template; absent ones take the template's defaults.
#[must_use]
pub fn document_params(
    preferences: &ExportPreferences,
    template: &str,
    designed: bool,
) -> Vec<(&'static str, String)> {
    let mut params = vec![
        ("template", template.to_owned()),
        ("preset", preferences.preset.clone()),
        ("include_projects", preferences.include_projects.to_string()),
        ("projects_first", preferences.projects_first.to_string()),
        (
            "include_education",
            preferences.include_education.to_string(),
        ),
    ];
    // Always named, empty for none: an absent month would mean the remembered one, and the
    // remembering write of a download may reach the server after the download itself.
    params.push(("from", preferences.from.clone().unwrap_or_default()));
    params.push(("to", preferences.to.clone().unwrap_or_default()));
    if designed {
        for (name, value) in preferences.design.fields() {
            if let Some(value) = value {
                params.push((name, value.clone()));
            }
        }
    }
    params
}

/// The query of a download in `format` with `preferences` (their template).
#[must_use]
pub fn export_params(
    preferences: &ExportPreferences,
    format: &str,
    designed: bool,
) -> Vec<(&'static str, String)> {
    let template = preferences.template.as_deref().unwrap_or(DEFAULT_TEMPLATE);
    let mut params = vec![("format", format.to_owned())];
    params.extend(document_params(preferences, template, designed));
    params
}

/// The value of the design option `name`, if chosen.
#[must_use]
pub fn design_value(design: &DesignPreferences, name: &str) -> Option<String> {
    design
        .fields()
        .into_iter()
        .find(|(field, _)| *field == name)
        .and_then(|(_, value)| value.cloned())
}

/// Chooses `value` for the design option `name`; `false` for a name this app does not know.
pub fn set_design_value(design: &mut DesignPreferences, name: &str, value: String) -> bool {
    let field = match name {
        "paper" => &mut design.paper,
        "accent" => &mut design.accent,
        "font" => &mut design.font,
        "font_size" => &mut design.font_size,
        "margin" => &mut design.margin,
        "language" => &mut design.language,
        "sections" => &mut design.sections,
        _ => return false,
    };
    *field = Some(value);
    true
}

/// What is wrong with the range, if anything (`YYYY-MM` compares as text).
#[must_use]
pub fn range_problem(preferences: &ExportPreferences) -> Option<&'static str> {
    match (&preferences.from, &preferences.to) {
        (Some(from), Some(to)) if to < from => Some("The range ends before it starts."),
        _ => None,
    }
}

/// A number as JavaScript writes it (`0.05`, `14`): no float formatting code in the app.
fn js_number(value: f64) -> String {
    js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// What is wrong with `value` for a number option: outside its range or between its steps.
#[must_use]
pub fn number_problem(option: &TemplateOption, value: &str) -> Option<String> {
    // JavaScript's `Number()`: strict (`"10x"` is NaN) and no float parser in the app.
    let number = value
        .trim()
        .parse::<js_sys::Number>()
        .map_or(f64::NAN, |n| n.value_of());
    let min = option.min.unwrap_or(f64::MIN);
    let max = option.max.unwrap_or(f64::MAX);
    let in_steps = option.step.is_none_or(|step| {
        let steps = (number - option.min.unwrap_or(0.0)) / step;
        (steps - steps.round()).abs() < 1e-6
    });
    let ok = !value.trim().is_empty() && number.is_finite() && number >= min && number <= max;
    (!(ok && in_steps)).then(|| {
        let mut message = format!(
            "{}: use {} to {}",
            option_label(option),
            js_number(min),
            js_number(max)
        );
        if let Some(step) = option.step {
            message.push_str(&format!(" in steps of {}", js_number(step)));
        }
        message.push('.');
        message
    })
}

/// The first problem of `preferences` with the options of `template`, if any.
#[must_use]
pub fn problem(preferences: &ExportPreferences, template: Option<&TemplateInfo>) -> Option<String> {
    if let Some(message) = range_problem(preferences) {
        return Some(message.to_owned());
    }
    template?
        .options
        .iter()
        .filter(|option| option.min.is_some() || option.max.is_some())
        .find_map(|option| {
            design_value(&preferences.design, &option.name)
                .and_then(|value| number_problem(option, &value))
        })
}

/// The label of a template: `Modern`, `Original ATS`.
#[must_use]
pub fn template_label(name: &str) -> String {
    match name {
        "original-ats" => "Original ATS".to_owned(),
        "original-plain" => "Original plain".to_owned(),
        other => capitalised(&other.replace(['-', '_'], " ")),
    }
}

/// The label of an option: a known name's, else its name.
#[must_use]
pub fn option_label(option: &TemplateOption) -> String {
    match option.name.as_str() {
        "paper" => "Page size".to_owned(),
        "accent" => "Accent colour".to_owned(),
        "font" => "Font".to_owned(),
        "font_size" => "Font size (pt)".to_owned(),
        "margin" => "Margins (in)".to_owned(),
        "language" => "Headings in".to_owned(),
        "sections" => "Sections, in order".to_owned(),
        other => capitalised(&other.replace('_', " ")),
    }
}

/// The label of a value of a choice or sections option (or a format): a known one's, else
/// the value itself, capitalised.
#[must_use]
pub fn value_label(value: &str) -> String {
    match value {
        "a4" => "A4".to_owned(),
        "letter" => "US Letter".to_owned(),
        "libertinus-serif" => "Libertinus Serif (serif)".to_owned(),
        "inter" => "Inter (sans-serif)".to_owned(),
        "en" => "English".to_owned(),
        "de" => "Deutsch".to_owned(),
        "fr" => "Français".to_owned(),
        "es" => "Español".to_owned(),
        "pdf" => "PDF".to_owned(),
        "docx" => "Word".to_owned(),
        other => capitalised(&other.replace(['-', '_'], " ")),
    }
}

/// `text` with an upper-case first letter (ASCII only: the names are ASCII, and the Unicode
/// case tables would weigh on the app's size budget).
fn capitalised(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// The values of a sections option in the order to show them: the chosen ones in their
/// chosen order, then the others in the template's order.
#[must_use]
pub fn section_order(values: &[String], chosen: &str) -> Vec<String> {
    let mut order = chosen
        .split(',')
        .map(str::trim)
        .filter(|name| values.iter().any(|v| v == name))
        .map(str::to_owned)
        .fold(Vec::new(), |mut order: Vec<String>, name| {
            if !order.contains(&name) {
                order.push(name);
            }
            order
        });
    for value in values {
        if !order.contains(value) {
            order.push(value.clone());
        }
    }
    order
}

/// `chosen` with `section` on or off, keeping the order of `order`.
#[must_use]
pub fn toggle_section(order: &[String], chosen: &str, section: &str, on: bool) -> String {
    let is_on = |name: &str| {
        if name == section {
            on
        } else {
            chosen.split(',').any(|c| c.trim() == name)
        }
    };
    order
        .iter()
        .filter(|name| is_on(name))
        .cloned()
        .collect::<Vec<_>>()
        .join(",")
}
