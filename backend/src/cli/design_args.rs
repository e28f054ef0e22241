//! The design options of the designed templates as command-line flags, shared by `export`
//! and `export-letter`.

use clap::Args;
use resume_documents::{Design, DesignChoices, Template};

/// `--paper`, `--accent`, `--font`, `--font-size`, `--margin`, `--language`, `--sections`.
#[derive(Debug, Args)]
pub struct DesignArgs {
    /// Designs: page size, a4 or letter.
    #[arg(long)]
    paper: Option<String>,
    /// Designs: the accent colour, #rrggbb.
    #[arg(long)]
    accent: Option<String>,
    /// Designs: the type family, inter or libertinus-serif.
    #[arg(long)]
    font: Option<String>,
    /// Designs: body size in points, 8 to 14 in steps of 0.5.
    #[arg(long)]
    font_size: Option<String>,
    /// Designs: page margin in inches, 0.5 to 0.75.
    #[arg(long)]
    margin: Option<String>,
    /// Designs: language of the headings and date words, en, de, fr or es.
    #[arg(long)]
    language: Option<String>,
    /// Designs: the sections to show, in order, separated by commas.
    #[arg(long)]
    sections: Option<String>,
}

impl DesignArgs {
    /// The design of `template` with these options applied.
    ///
    /// # Errors
    /// The option that does not take its value, named as its flag.
    pub fn for_template(&self, template: Template) -> Result<Design, String> {
        let choices = DesignChoices {
            paper: self.paper.as_deref(),
            accent: self.accent.as_deref(),
            font: self.font.as_deref(),
            font_size: self.font_size.as_deref(),
            margin: self.margin.as_deref(),
            language: self.language.as_deref(),
            sections: self.sections.as_deref(),
        };
        Design::for_template(template)
            .apply(&choices)
            .map_err(|e| format!("--{}: {e}", e.option().replace('_', "-")))
    }
}
