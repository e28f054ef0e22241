//! `resume-editor export FILE --format … [--template NAME] [options]`: write the resume as
//! PDF, Word, Markdown or JSON Resume, in any template with any of its options.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use resume_shared::YearMonth;
use resume_shared::date::{DateValue, parse_date};

use super::design_args::DesignArgs;
use super::files::{display_name, load_resume, report_io_error, write_atomically, write_stdout};
use super::{EXIT_USAGE, InputPath};
use resume_documents::{
    Document, ExportFormat, ExportOptions, Preset, Template, export, file_name,
};

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The resume file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: InputPath,
    /// Document format.
    #[arg(long, short = 'f', value_enum)]
    format: FormatArg,
    /// Template (`resume-editor templates` lists them): default original-ats for Word,
    /// modern for PDF.
    #[arg(long, short = 't', value_enum)]
    template: Option<TemplateArg>,
    /// The design options of the designed templates.
    #[command(flatten)]
    design: DesignArgs,
    /// Layout preset.
    #[arg(long, short = 'p', value_enum, default_value_t = PresetArg::General)]
    preset: PresetArg,
    /// Only roles and projects that overlap this month or later (YYYY-MM or MM/YYYY).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    from: Option<YearMonth>,
    /// Only roles and projects that overlap this month or earlier (YYYY-MM or MM/YYYY).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    to: Option<YearMonth>,
    /// Leave the projects out.
    #[arg(long)]
    no_projects: bool,
    /// Put the projects before the work history.
    #[arg(long)]
    projects_first: bool,
    /// Leave the education out.
    #[arg(long)]
    no_education: bool,
    /// Output file (`-` for standard output). Default: `<file name>.<ext>` in the current
    /// directory.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// PDF, typeset in-process (the designed templates).
    Pdf,
    /// Word (every template).
    Docx,
    /// The Markdown text (canonical when filters apply).
    Markdown,
    /// A JSON Resume document (docs/FORMAT.md says how the fields map).
    JsonResume,
    /// Word in the original ATS-friendly layout (= --format docx --template original-ats).
    DocxAts,
    /// Word in the original plain layout (= --format docx --template original-plain).
    DocxPlain,
}

/// `--template` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum TemplateArg {
    /// Modern single column with an accent colour.
    Modern,
    /// Classic single column, serif.
    Classic,
    /// Compact single column for one page.
    Compact,
    /// The original ATS-friendly Word layout.
    OriginalAts,
    /// The original plain Word layout.
    OriginalPlain,
}

impl From<TemplateArg> for Template {
    fn from(value: TemplateArg) -> Self {
        match value {
            TemplateArg::Modern => Self::Modern,
            TemplateArg::Classic => Self::Classic,
            TemplateArg::Compact => Self::Compact,
            TemplateArg::OriginalAts => Self::OriginalAts,
            TemplateArg::OriginalPlain => Self::OriginalPlain,
        }
    }
}

/// `--preset` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum PresetArg {
    /// The general layout.
    General,
    /// Executive summary by job category and a skills matrix before the work history.
    #[value(alias = "executive_summary")]
    ExecutiveSummary,
}

impl FormatArg {
    /// The format, and the template the older `docx-*` names imply.
    fn resolve(self) -> (ExportFormat, Option<Template>) {
        match self {
            Self::Pdf => (ExportFormat::Pdf, None),
            Self::Docx => (ExportFormat::Docx, None),
            Self::Markdown => (ExportFormat::Markdown, None),
            Self::JsonResume => (ExportFormat::JsonResume, None),
            Self::DocxAts => (ExportFormat::Docx, Some(Template::OriginalAts)),
            Self::DocxPlain => (ExportFormat::Docx, Some(Template::OriginalPlain)),
        }
    }
}

impl From<PresetArg> for Preset {
    fn from(value: PresetArg) -> Self {
        match value {
            PresetArg::General => Self::General,
            PresetArg::ExecutiveSummary => Self::ExecutiveSummary,
        }
    }
}

fn parse_month(text: &str) -> Result<YearMonth, String> {
    match parse_date(text, false) {
        Ok(DateValue::Month(month)) => Ok(month),
        Ok(DateValue::OpenEnd) => Err(format!("\"{text}\" is not a month")),
        Err(error) => Err(error.to_string()),
    }
}

/// Exports one file.
pub(super) fn run(args: &ExportArgs) -> u8 {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && to < from
    {
        eprintln!("error: --to {to} is before --from {from}");
        return EXIT_USAGE;
    }
    let options = match options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let format = options.format;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.file, format));
    if let Err(status) = distinct_output(&output, &args.file) {
        return status;
    }
    let (text, parsed) = match load_resume(&args.file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let document = match export(&text, &parsed.resume, &options) {
        Ok(document) => document,
        Err(error) => {
            eprintln!(
                "{}: error: export failed: {error}",
                display_name(&args.file)
            );
            return EXIT_USAGE;
        }
    };
    deliver(&output, &args.file, &document)
}

/// The export options the arguments ask for.
fn options(args: &ExportArgs) -> Result<ExportOptions, String> {
    let (format, implied) = args.format.resolve();
    let template = match (args.template.map(Template::from), implied) {
        (Some(named), Some(implied)) if named != implied => {
            return Err(format!(
                "--format {} already means --template {implied}",
                format_name(args.format)
            ));
        }
        (Some(named), _) => named,
        (None, Some(implied)) => implied,
        (None, None) => Template::default_for(format),
    };
    if format.is_designed() && !template.formats().contains(&format) {
        return Err(format!("template {template} does not render {format}"));
    }
    let design = args.design.for_template(template)?;
    Ok(ExportOptions {
        format,
        template,
        design,
        preset: args.preset.into(),
        from: args.from,
        to: args.to,
        include_projects: !args.no_projects,
        projects_first: args.projects_first,
        include_education: !args.no_education,
        today: crate::clock::current_month(),
    })
}

fn format_name(format: FormatArg) -> String {
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned())
}

/// `<file stem>.<ext>` in the current directory, sanitised like downloads.
fn default_output(input: &Path, format: ExportFormat) -> PathBuf {
    let stem = if input == Path::new("-") {
        "resume".to_owned()
    } else {
        input
            .file_stem()
            .map_or_else(|| "resume".to_owned(), |s| s.to_string_lossy().into_owned())
    };
    PathBuf::from(file_name(&stem, None, false, format))
}

/// Refuses (usage error) an output that is the input file.
pub(super) fn distinct_output(output: &Path, input: &Path) -> Result<(), u8> {
    let same = match (output.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if output != Path::new("-") && same {
        eprintln!(
            "error: the output {} is the input file; pass another name with -o",
            output.display()
        );
        return Err(EXIT_USAGE);
    }
    Ok(())
}

/// Writes `document` to `output` (`-`: standard output) and prints its warnings, as made from
/// `source`; the exit status.
pub(super) fn deliver(output: &Path, source: &Path, document: &Document) -> u8 {
    let written = if output == Path::new("-") {
        write_stdout(&document.bytes)
    } else {
        write_atomically(output, &document.bytes)
    };
    if let Err(error) = written {
        report_io_error(output, "write", &error);
        return EXIT_USAGE;
    }
    for warning in &document.warnings {
        eprintln!("{}: warning: {warning}", display_name(source));
    }
    if output != Path::new("-") {
        eprintln!("wrote {}", output.display());
    }
    0
}
