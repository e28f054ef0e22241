//! `resume-editor templates`: the templates, their formats and their options with defaults.

use std::fmt::Write as _;

use resume_documents::Template;
use resume_documents::template::OptionKind;

/// Prints every template.
pub(super) fn run() -> u8 {
    print!("{}", listing());
    0
}

/// The listing: per template its name, formats and description, then one line per option.
fn listing() -> String {
    let mut out = String::new();
    for template in Template::ALL {
        let formats: Vec<&str> = template.formats().iter().map(|f| f.as_str()).collect();
        let _ = writeln!(
            out,
            "{} ({})\n  {}",
            template,
            formats.join(", "),
            template.description()
        );
        for option in template.options() {
            let values = match &option.kind {
                OptionKind::Choice(values) => values.join(" | "),
                OptionKind::SectionList(values) => format!("any of {}", values.join(",")),
                OptionKind::Colour => "#rrggbb".to_owned(),
                OptionKind::Number { min, max, step } => format!("{min} to {max}, step {step}"),
            };
            let _ = writeln!(
                out,
                "  --{:<10} {values} (default {})",
                option.name.replace('_', "-"),
                option.default
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_and_option_is_listed() {
        let text = listing();
        for template in Template::ALL {
            assert!(text.contains(template.as_str()), "{template}");
        }
        for option in [
            "--paper",
            "--accent",
            "--font ",
            "--font-size",
            "--margin",
            "--language",
            "--sections",
        ] {
            assert!(text.contains(option), "{option}");
        }
    }
}
