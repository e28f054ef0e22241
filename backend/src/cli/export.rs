//! `resume-editor export FILE --format …`: write the resume as Markdown or DOCX.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use resume_shared::YearMonth;
use resume_shared::date::{DateValue, parse_date};

use super::files::{display_name, load_resume, report_io_error, write_atomically, write_stdout};
use super::{EXIT_USAGE, InputPath};
use resume_documents::{ExportFormat, ExportOptions, Preset, export, file_name};

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The resume file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: InputPath,
    /// Document format.
    #[arg(long, short = 'f', value_enum)]
    format: FormatArg,
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
    /// The Markdown text (canonical when filters apply).
    Markdown,
    /// Word, ATS-friendly layout (no tables, plain text structure).
    DocxAts,
    /// Word, plain layout (centred header, tab stops, hyperlinks).
    DocxPlain,
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

impl From<FormatArg> for ExportFormat {
    fn from(value: FormatArg) -> Self {
        match value {
            FormatArg::Markdown => Self::Markdown,
            FormatArg::DocxAts => Self::DocxAts,
            FormatArg::DocxPlain => Self::DocxPlain,
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
    let format = ExportFormat::from(args.format);
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.file, format));
    if output != Path::new("-") && same_file(&output, &args.file) {
        eprintln!(
            "error: the output {} is the input file; pass another name with -o",
            output.display()
        );
        return EXIT_USAGE;
    }
    let (text, parsed) = match load_resume(&args.file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let options = ExportOptions {
        format,
        preset: args.preset.into(),
        from: args.from,
        to: args.to,
        include_projects: !args.no_projects,
        projects_first: args.projects_first,
        include_education: !args.no_education,
        today: crate::clock::current_month(),
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
    let written = if output == Path::new("-") {
        write_stdout(&document.bytes)
    } else {
        write_atomically(&output, &document.bytes)
    };
    if let Err(error) = written {
        report_io_error(&output, "write", &error);
        return EXIT_USAGE;
    }
    if output != Path::new("-") {
        eprintln!("wrote {}", output.display());
    }
    0
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

/// True when both paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
