//! `GET /templates`: the document templates, the formats each renders and the options each
//! takes, with their types and defaults.

use serde::{Deserialize, Serialize};

/// One template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInfo {
    /// Its name, as `?template=` takes it.
    pub name: String,
    /// What it looks like.
    pub description: String,
    /// The formats it renders: `pdf` and/or `docx` (every resume also exports as `markdown`).
    pub formats: Vec<String>,
    /// The options it takes; empty for the original layouts.
    pub options: Vec<TemplateOption>,
    /// The number of pages it aims at, if any: a longer resume still renders, on more pages,
    /// with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_pages: Option<u32>,
}

/// The kind of values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemplateOptionKind {
    /// One of `values`.
    Choice,
    /// A colour, `#rrggbb`.
    Colour,
    /// A number from `min` to `max` in steps of `step`.
    Number,
    /// Any of `values`, each at most once, in order, separated by commas.
    Sections,
}

/// One option of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateOption {
    /// Its name, as the export query and the stored preferences spell it.
    pub name: String,
    /// What it does.
    pub description: String,
    /// What values it takes.
    pub kind: TemplateOptionKind,
    /// The values of a `choice` or `sections` option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The smallest value of a `number` option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The largest value of a `number` option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The step of a `number` option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// The template's default, in the text form.
    pub default: String,
}
