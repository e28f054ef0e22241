//! What an export or preview is asked for: the query parameters, their check against the
//! remembered preferences and the template's defaults, and the canonical form stored as
//! preferences. Template and option errors are 422 naming the parameter; format, preset, month
//! and flag errors stay 400 `invalid_parameter`, as they always were.

use resume_documents::{
    Design, DesignChoices, ExportFormat, ExportOptions, OptionError, Preset, Template,
};
use resume_shared::YearMonth;
use resume_shared::api::input::{
    CheckInput, Limit, MAX_EXPORT_CHOICE_BYTES, MAX_SECTIONS_BYTES, Problems, check_line,
};
use resume_shared::api::resumes::{DesignPreferences, ExportPreferences};
use resume_shared::date::{DateValue, parse_date};
use serde::Deserialize;

use crate::clock;
use crate::error::AppError;
use crate::wire::query::{lenient_bool, lenient_u64};

/// The widest preview image, in pixels.
pub const MAX_PREVIEW_WIDTH: u32 = 2000;
/// The narrowest preview image, in pixels.
pub const MIN_PREVIEW_WIDTH: u32 = 100;
/// The preview width when none is asked for, in pixels.
pub const DEFAULT_PREVIEW_WIDTH: u32 = 400;
/// The highest page number a preview may ask for.
pub const MAX_PREVIEW_PAGE: u32 = 100;

/// Query of `GET /resumes/{id}/export`; absent values come from the resume's remembered
/// export options, then from the defaults. A parameter not listed here is refused (422).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `pdf`, `docx`, `markdown` or `json-resume` (default `docx`); `docx-ats` and
    /// `docx-plain` also name the original templates.
    #[param(
        max_length = 32,
        pattern = r"^(pdf|docx|markdown|json-resume|docx-ats|docx-plain)$"
    )]
    pub format: Option<String>,
    /// The template (`GET /templates`): default `original-ats` for Word, `modern` for PDF.
    #[param(
        max_length = 32,
        pattern = r"^(modern|classic|compact|original-ats|original-plain)$"
    )]
    pub template: Option<String>,
    /// `general` or `executive_summary` (default `general`; the original layouts).
    #[param(
        max_length = 32,
        pattern = r"^(general|executive_summary|executive-summary)$"
    )]
    pub preset: Option<String>,
    /// Only roles and projects overlapping this month or later, `YYYY-MM` (or `MM/YYYY`).
    #[param(
        max_length = 32,
        pattern = r"^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0?[1-9]|1[0-2])$|^(0?[1-9]|1[0-2])/([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])$"
    )]
    pub from: Option<String>,
    /// Only roles and projects overlapping this month or earlier, `YYYY-MM` (or `MM/YYYY`);
    /// not before `from`.
    #[param(
        max_length = 32,
        pattern = r"^$|^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0?[1-9]|1[0-2])$|^(0?[1-9]|1[0-2])/([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])$"
    )]
    pub to: Option<String>,
    /// Include the projects (default true).
    #[serde(default, deserialize_with = "lenient_bool")]
    pub include_projects: Option<bool>,
    /// Projects before the work history (default false).
    #[serde(default, deserialize_with = "lenient_bool")]
    pub projects_first: Option<bool>,
    /// Include the education (default true).
    #[serde(default, deserialize_with = "lenient_bool")]
    pub include_education: Option<bool>,
    /// Designs: page size, `a4` or `letter`.
    #[param(max_length = 32, pattern = r"^(a4|letter)$")]
    pub paper: Option<String>,
    /// Designs: the accent colour, `#rrggbb`.
    #[param(max_length = 32, pattern = r"^#[0-9a-fA-F]{6}$")]
    pub accent: Option<String>,
    /// Designs: `inter` or `libertinus-serif`.
    #[param(max_length = 32, pattern = r"^(inter|libertinus-serif)$")]
    pub font: Option<String>,
    /// Designs: body size in points, 8 to 14 in steps of 0.5.
    #[param(max_length = 32, pattern = r"^(([89]|1[0-3])(\.[05]0?)?|14(\.00?)?)$")]
    pub font_size: Option<String>,
    /// Designs: page margin in inches, 0.5 to 0.75.
    #[param(max_length = 32, pattern = r"^0?\.(5[0-9]?|6[0-9]?|7[0-5]?)$")]
    pub margin: Option<String>,
    /// Designs: language of the headings and date words, `en`, `de`, `fr` or `es`.
    #[param(max_length = 32, pattern = r"^(en|de|fr|es)$")]
    pub language: Option<String>,
    /// Designs: the sections to show, in order, separated by commas.
    #[param(
        max_length = 128,
        pattern = r"^((summary|experience|projects|education|certifications|skills)(,(summary|experience|projects|education|certifications|skills))*)?$"
    )]
    pub sections: Option<String>,
}

impl ExportQuery {
    /// Every parameter name the export takes.
    pub const NAMES: &'static [&'static str] = &[
        "format",
        "template",
        "preset",
        "from",
        "to",
        "include_projects",
        "projects_first",
        "include_education",
        "paper",
        "accent",
        "font",
        "font_size",
        "margin",
        "language",
        "sections",
    ];

    /// The choices of a preview: a PDF's (422 naming `format` when another is asked for).
    pub(super) fn preview_choices(&self) -> Result<Choices<'_>, AppError> {
        match self.format.as_deref() {
            None | Some("pdf") => Ok(Choices {
                format: Some("pdf"),
                ..self.choices()
            }),
            Some(other) => Err(AppError::validation([(
                "format",
                format!("A preview is a page of the PDF; format \"{other}\" has none."),
            )])),
        }
    }

    /// The choices in this query.
    pub(super) fn choices(&self) -> Choices<'_> {
        Choices {
            format: self.format.as_deref(),
            template: self.template.as_deref(),
            preset: self.preset.as_deref(),
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            include_projects: self.include_projects,
            projects_first: self.projects_first,
            include_education: self.include_education,
            design: DesignChoices {
                paper: self.paper.as_deref(),
                accent: self.accent.as_deref(),
                font: self.font.as_deref(),
                font_size: self.font_size.as_deref(),
                margin: self.margin.as_deref(),
                language: self.language.as_deref(),
                sections: self.sections.as_deref(),
            },
        }
    }
}

impl CheckInput for ExportQuery {
    fn check_input(&self, problems: &mut Problems) {
        let limit = Limit::Bytes(MAX_EXPORT_CHOICE_BYTES);
        for (name, value) in [
            ("format", &self.format),
            ("template", &self.template),
            ("preset", &self.preset),
            ("from", &self.from),
            ("to", &self.to),
            ("paper", &self.paper),
            ("accent", &self.accent),
            ("font", &self.font),
            ("font_size", &self.font_size),
            ("margin", &self.margin),
            ("language", &self.language),
        ] {
            if let Some(value) = value {
                check_line(problems, name, value, limit);
            }
        }
        if let Some(sections) = &self.sections {
            check_line(
                problems,
                "sections",
                sections,
                Limit::Bytes(MAX_SECTIONS_BYTES),
            );
        }
    }
}

/// The page and size of `GET /resumes/{id}/preview`, which also takes every parameter of
/// [`ExportQuery`] (its `format` may only be `pdf`).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// The page, from 1 (default 1).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub page: Option<u64>,
    /// The image width in pixels, 100 to 2000 (default 400).
    #[serde(default, deserialize_with = "lenient_u64")]
    #[param(value_type = Option<u32>, minimum = 100, maximum = 2000)]
    pub width: Option<u64>,
}

impl PreviewQuery {
    /// Every parameter name the preview takes: the export's and its own.
    pub const NAMES: &'static [&'static str] = &["page", "width"];

    /// The page asked for, from 0.
    pub(super) fn page_index(&self) -> Result<usize, AppError> {
        let page = self.page.unwrap_or(1);
        if !(1..=u64::from(MAX_PREVIEW_PAGE)).contains(&page) {
            return Err(AppError::validation([(
                "page",
                format!("Use a page from 1 to {MAX_PREVIEW_PAGE}."),
            )]));
        }
        Ok(usize::try_from(page - 1).unwrap_or(0))
    }

    /// The width asked for, in pixels.
    pub(super) fn width(&self) -> Result<u32, AppError> {
        let width = self.width.unwrap_or(u64::from(DEFAULT_PREVIEW_WIDTH));
        match u32::try_from(width) {
            Ok(width) if (MIN_PREVIEW_WIDTH..=MAX_PREVIEW_WIDTH).contains(&width) => Ok(width),
            _ => Err(AppError::validation([(
                "width",
                format!("Use a width from {MIN_PREVIEW_WIDTH} to {MAX_PREVIEW_WIDTH} pixels."),
            )])),
        }
    }
}

impl CheckInput for PreviewQuery {
    fn check_input(&self, _problems: &mut Problems) {}
}

/// An export's choices in their text forms, each absent when not given.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Choices<'a> {
    format: Option<&'a str>,
    template: Option<&'a str>,
    preset: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    include_projects: Option<bool>,
    projects_first: Option<bool>,
    include_education: Option<bool>,
    design: DesignChoices<'a>,
}

impl<'a> Choices<'a> {
    /// The choices stored as preferences.
    pub(super) fn from_preferences(preferences: &'a ExportPreferences) -> Self {
        Self {
            format: Some(&preferences.format),
            template: preferences.template.as_deref(),
            preset: Some(&preferences.preset),
            from: preferences.from.as_deref(),
            to: preferences.to.as_deref(),
            include_projects: Some(preferences.include_projects),
            projects_first: Some(preferences.projects_first),
            include_education: Some(preferences.include_education),
            design: design_choices(&preferences.design),
        }
    }
}

fn design_choices(design: &DesignPreferences) -> DesignChoices<'_> {
    DesignChoices {
        paper: design.paper.as_deref(),
        accent: design.accent.as_deref(),
        font: design.font.as_deref(),
        font_size: design.font_size.as_deref(),
        margin: design.margin.as_deref(),
        language: design.language.as_deref(),
        sections: design.sections.as_deref(),
    }
}

/// Refuses a query parameter the operation does not take: 422 naming it.
pub(super) fn reject_unknown(raw: Option<&str>, names: &[&str]) -> Result<(), AppError> {
    let unknown: Vec<(String, String)> = raw
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').map_or(pair, |(name, _)| name))
        .filter(|name| !names.contains(name))
        .map(|name| {
            let shown: String = name.chars().take(64).collect();
            (shown, "no such option".to_owned())
        })
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(unknown))
    }
}

/// The options of an export: the query's choices over the remembered ones over the defaults.
pub(super) fn export_options(
    choices: &Choices<'_>,
    saved: Option<&ExportPreferences>,
) -> Result<ExportOptions, AppError> {
    let saved_choices = saved.map(Choices::from_preferences).unwrap_or_default();
    let format_name = choices
        .format
        .or(saved_choices.format)
        .unwrap_or("docx-ats");
    let (format, named_by_format) = ExportFormat::parse_with_alias(format_name).map_err(|_| {
        AppError::bad_parameter(format!(
            "Invalid format \"{format_name}\": use pdf, docx, markdown or json-resume (docx-ats and docx-plain also work)."
        ))
    })?;
    let template = choose_template(format, choices, &saved_choices, named_by_format)?;
    let design = Design::for_template(template)
        .apply(&saved_choices.design)
        .and_then(|design| design.apply(&choices.design))
        .map_err(option_error)?;
    let preset_name = choices.preset.or(saved_choices.preset).unwrap_or("general");
    let preset: Preset = preset_name.parse().map_err(|_| {
        AppError::bad_parameter(format!(
            "Invalid preset \"{preset_name}\": use general or executive_summary."
        ))
    })?;
    let from = month("from", choices.from.or(saved_choices.from))?;
    let to = month("to", choices.to.or(saved_choices.to))?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(AppError::bad_parameter(format!(
            "The range ends ({to}) before it starts ({from})."
        )));
    }
    let flag =
        |query: Option<bool>, saved: Option<bool>, default| query.or(saved).unwrap_or(default);
    Ok(ExportOptions {
        format,
        template,
        design,
        preset,
        from,
        to,
        include_projects: flag(
            choices.include_projects,
            saved_choices.include_projects,
            true,
        ),
        projects_first: flag(choices.projects_first, saved_choices.projects_first, false),
        include_education: flag(
            choices.include_education,
            saved_choices.include_education,
            true,
        ),
        today: clock::current_month(),
    })
}

/// The template: named in the query (by `template`, or by a `docx-*` format), else the
/// remembered one when it renders the format, else the format's default. A template the
/// query names must render the format (422 otherwise).
fn choose_template(
    format: ExportFormat,
    choices: &Choices<'_>,
    saved: &Choices<'_>,
    named_by_format: Option<Template>,
) -> Result<Template, AppError> {
    let offers =
        |template: &Template| !format.is_designed() || template.formats().contains(&format);
    let named = match choices.template {
        Some(name) => Some(
            name.parse::<Template>()
                .map_err(|e| AppError::validation([("template", e.to_string())]))?,
        ),
        None => named_by_format.filter(|_| choices.format.is_some()),
    };
    if let Some(template) = named {
        if let Some(alias) = named_by_format.filter(|alias| *alias != template) {
            return Err(AppError::validation([(
                "template",
                format!("The format names template {alias}; it cannot also be {template}."),
            )]));
        }
        if !offers(&template) {
            return Err(AppError::validation([(
                "template",
                format!(
                    "Template {template} does not render {format}; it renders {}.",
                    formats_text(template)
                ),
            )]));
        }
        return Ok(template);
    }
    let remembered = saved
        .template
        .and_then(|name| name.parse::<Template>().ok())
        .or(named_by_format);
    Ok(remembered
        .filter(offers)
        .unwrap_or_else(|| Template::default_for(format)))
}

fn formats_text(template: Template) -> String {
    template
        .formats()
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

fn option_error(error: OptionError) -> AppError {
    AppError::validation([(error.option(), error.to_string())])
}

fn month(name: &str, value: Option<&str>) -> Result<Option<YearMonth>, AppError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| match parse_date(v, false) {
            Ok(DateValue::Month(month)) => Ok(month),
            _ => Err(AppError::bad_parameter(format!(
                "Invalid {name} \"{v}\": use a month such as 2021-03."
            ))),
        })
        .transpose()
}

/// The preferences as stored: every value in its canonical form, the design options only
/// where given.
pub(super) fn stored_preferences(
    input: &ExportPreferences,
    options: &ExportOptions,
) -> ExportPreferences {
    let design = &options.design;
    let given = &input.design;
    let keep = |value: &Option<String>, canonical: String| value.as_ref().map(|_| canonical);
    ExportPreferences {
        format: options.format.to_string(),
        preset: options.preset.to_string(),
        from: options.from.map(|m| m.to_string()),
        to: options.to.map(|m| m.to_string()),
        include_projects: options.include_projects,
        projects_first: options.projects_first,
        include_education: options.include_education,
        template: Some(options.template.to_string()),
        design: DesignPreferences {
            paper: keep(&given.paper, design.paper.to_string()),
            accent: keep(&given.accent, design.accent.css()),
            font: keep(&given.font, design.font.as_str().to_owned()),
            font_size: keep(&given.font_size, decimal(design.font_size, 10)),
            margin: keep(&given.margin, decimal(design.margin, 100)),
            language: keep(&given.language, design.language.code().to_owned()),
            sections: keep(
                &given.sections,
                design
                    .sections
                    .iter()
                    .flatten()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        },
    }
}

/// `105, 10` → `10.5`; `60, 100` → `0.6`.
fn decimal(scaled: u16, scale: u16) -> String {
    let whole = scaled / scale;
    let fraction = scaled % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let width = if scale == 100 { 2 } else { 1 };
    let digits = format!("{fraction:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The options of a document in a designed template, in `format`: the template named, else
/// the resume's remembered one when it is designed, else `modern`; the design options (paper,
/// accent, font, size, margin, language, sections) the resume's export remembers. A cover
/// letter's export uses it, so its header matches the resume's, and a share link's PDF, so it
/// looks as the owner set it up. Only designed templates (422 naming them for an original one).
pub(crate) fn designed_options(
    format: ExportFormat,
    template: Option<&str>,
    saved: Option<&ExportPreferences>,
) -> Result<ExportOptions, AppError> {
    let template = match template {
        Some(name) => name
            .parse::<Template>()
            .map_err(|e| AppError::validation([("template", e.to_string())]))?,
        None => saved
            .and_then(|saved| saved.template.as_deref())
            .and_then(|name| name.parse::<Template>().ok())
            .filter(|template| template.is_designed())
            .unwrap_or(Template::Modern),
    };
    if !template.is_designed() {
        return Err(AppError::validation([(
            "template",
            format!(
                "Use a designed template: classic, modern or compact ({template} is a Word layout of its own)."
            ),
        )]));
    }
    let choices = Choices {
        format: Some(ExportFormat::Pdf.as_str()),
        template: Some(template.as_str()),
        ..Choices::default()
    };
    let mut options = export_options(&choices, saved)?;
    options.format = format;
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_print_without_trailing_zeros() {
        assert_eq!(decimal(105, 10), "10.5");
        assert_eq!(decimal(100, 10), "10");
        assert_eq!(decimal(60, 100), "0.6");
        assert_eq!(decimal(55, 100), "0.55");
        assert_eq!(decimal(75, 100), "0.75");
    }

    #[test]
    fn unknown_parameters_are_named() {
        assert!(reject_unknown(Some("format=pdf&accent=%23000000"), ExportQuery::NAMES).is_ok());
        assert!(reject_unknown(None, ExportQuery::NAMES).is_ok());
        let error = reject_unknown(Some("format=pdf&colour=red"), ExportQuery::NAMES)
            .expect_err("colour is no option");
        assert!(format!("{error:?}").contains("colour"));
    }
}
