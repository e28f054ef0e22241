//! `resume-editor export-letter LETTER --resume FILE --format … [--template NAME] [options]`:
//! write a cover letter (its Markdown body) as PDF, Word or Markdown, with the header of the
//! resume it was written for, in a designed template.

use std::path::PathBuf;

use chrono::{Datelike as _, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use resume_documents::{
    ExportFormat, ExportOptions, Letter, LetterDate, Preset, Template, export_letter,
    letter_file_name,
};
use resume_shared::api::cover_letters::MAX_LETTER_BYTES;

use super::design_args::DesignArgs;
use super::export::{deliver, distinct_output};
use super::files::{display_name, load_resume, read_input, report_io_error};
use super::{EXIT_USAGE, InputPath};

/// Arguments of `export-letter`.
#[derive(Debug, Args)]
pub struct ExportLetterArgs {
    /// The letter's body as Markdown (`-` for standard input).
    #[arg(value_name = "LETTER")]
    file: InputPath,
    /// The resume the letter is written for: its header (name and contact line) heads the
    /// letter.
    #[arg(long, value_name = "FILE")]
    resume: PathBuf,
    /// Document format.
    #[arg(long, short = 'f', value_enum)]
    format: LetterFormatArg,
    /// Template: modern (default), classic or compact.
    #[arg(long, short = 't', value_enum, default_value_t = LetterTemplateArg::Modern)]
    template: LetterTemplateArg,
    /// The design options of the template.
    #[command(flatten)]
    design: DesignArgs,
    /// The company written to.
    #[arg(long)]
    company: Option<String>,
    /// The person written to.
    #[arg(long)]
    contact: Option<String>,
    /// The letter's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    date: Option<NaiveDate>,
    /// Output file (`-` for standard output). Default: `<name>_Cover_Letter_<company>.<ext>`
    /// in the current directory.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LetterFormatArg {
    /// PDF, typeset in-process.
    Pdf,
    /// Word.
    Docx,
    /// Markdown, with the header as text.
    Markdown,
}

impl From<LetterFormatArg> for ExportFormat {
    fn from(value: LetterFormatArg) -> Self {
        match value {
            LetterFormatArg::Pdf => Self::Pdf,
            LetterFormatArg::Docx => Self::Docx,
            LetterFormatArg::Markdown => Self::Markdown,
        }
    }
}

/// `--template` values: the designed templates.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LetterTemplateArg {
    /// Modern single column with an accent colour.
    Modern,
    /// Classic single column, serif.
    Classic,
    /// Compact single column.
    Compact,
}

impl From<LetterTemplateArg> for Template {
    fn from(value: LetterTemplateArg) -> Self {
        match value {
            LetterTemplateArg::Modern => Self::Modern,
            LetterTemplateArg::Classic => Self::Classic,
            LetterTemplateArg::Compact => Self::Compact,
        }
    }
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date such as 2026-12-07"))
}

/// Exports one letter.
pub(super) fn run(args: &ExportLetterArgs) -> u8 {
    let template = Template::from(args.template);
    let design = match args.design.for_template(template) {
        Ok(design) => design,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let day = args.date.unwrap_or_else(|| Utc::now().date_naive());
    let date = match LetterDate::new(
        u32::try_from(day.year()).unwrap_or(0),
        day.month(),
        day.day(),
    ) {
        Ok(date) => date,
        Err(error) => {
            eprintln!("error: --date: {error}");
            return EXIT_USAGE;
        }
    };
    let body = match read_input(&args.file) {
        Ok(body) => body,
        Err(error) => {
            report_io_error(&args.file, "read", &error);
            return EXIT_USAGE;
        }
    };
    if body.len() > MAX_LETTER_BYTES {
        eprintln!(
            "{}: error: the letter has {} bytes, more than the {MAX_LETTER_BYTES} a letter may have",
            display_name(&args.file),
            body.len()
        );
        return EXIT_USAGE;
    }
    let (_, parsed) = match load_resume(&args.resume) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let format = ExportFormat::from(args.format);
    let output = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(letter_file_name(
            parsed.resume.candidate_name(),
            args.company.as_deref(),
            format,
        ))
    });
    for input in [&args.file, &args.resume] {
        if let Err(status) = distinct_output(&output, input) {
            return status;
        }
    }
    let options = ExportOptions {
        format,
        template,
        design,
        preset: Preset::General,
        from: None,
        to: None,
        include_projects: true,
        projects_first: false,
        include_education: true,
        today: date.month(),
    };
    let letter = Letter {
        body: &body,
        company: args.company.as_deref(),
        contact: args.contact.as_deref(),
        date,
    };
    match export_letter(&letter, &parsed.resume, &options) {
        Ok(document) => deliver(&output, &args.file, &document),
        Err(error) => {
            eprintln!(
                "{}: error: export failed: {error}",
                display_name(&args.file)
            );
            EXIT_USAGE
        }
    }
}
