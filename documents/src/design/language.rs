//! The language of the words a designed template writes itself: section headings, month
//! abbreviations, "Present", the "Skills" label and a letter's date. The resume's own text is
//! never translated.

use std::fmt;
use std::str::FromStr;

use resume_shared::YearMonth;

/// A language the designed templates can label a resume in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// English (the default).
    #[default]
    English,
    /// German.
    German,
    /// French.
    French,
    /// Spanish.
    Spanish,
}

/// The words of one language.
struct Words {
    summary: &'static str,
    experience: &'static str,
    projects: &'static str,
    education: &'static str,
    certifications: &'static str,
    skills: &'static str,
    present: &'static str,
    gpa: &'static str,
    expires: &'static str,
    months: [&'static str; 12],
    /// Full month names, as a letter's date writes them.
    long_months: [&'static str; 12],
    /// How a date is written: day, full month name, year.
    day_order: DayOrder,
}

/// The shape of a full date in a language.
#[derive(Clone, Copy)]
enum DayOrder {
    /// `7 December 2026`.
    DayMonthYear,
    /// `7. Dezember 2026`.
    DayDotMonthYear,
    /// `1er décembre 2026`, `7 décembre 2026`.
    FrenchDay,
    /// `7 de diciembre de 2026`.
    DayDeMonthDeYear,
}

const ENGLISH: Words = Words {
    summary: "Summary",
    experience: "Experience",
    projects: "Projects",
    education: "Education",
    certifications: "Certifications",
    skills: "Skills",
    present: "Present",
    gpa: "GPA",
    expires: "expires",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    long_months: resume_shared::date::MONTH_NAMES,
    day_order: DayOrder::DayMonthYear,
};

const GERMAN: Words = Words {
    summary: "Profil",
    experience: "Berufserfahrung",
    projects: "Projekte",
    education: "Ausbildung",
    certifications: "Zertifikate",
    skills: "Kenntnisse",
    present: "heute",
    gpa: "Note",
    expires: "gültig bis",
    months: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.",
        "Dez.",
    ],
    long_months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    day_order: DayOrder::DayDotMonthYear,
};

const FRENCH: Words = Words {
    summary: "Profil",
    experience: "Expérience professionnelle",
    projects: "Projets",
    education: "Formation",
    certifications: "Certifications",
    skills: "Compétences",
    present: "aujourd’hui",
    gpa: "Moyenne",
    expires: "expire",
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    long_months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    day_order: DayOrder::FrenchDay,
};

const SPANISH: Words = Words {
    summary: "Perfil",
    experience: "Experiencia",
    projects: "Proyectos",
    education: "Formación",
    certifications: "Certificaciones",
    skills: "Habilidades",
    present: "actualidad",
    gpa: "Promedio",
    expires: "vence",
    months: [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.",
        "dic.",
    ],
    long_months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    day_order: DayOrder::DayDeMonthDeYear,
};

impl Language {
    /// Every language, in the order the export dialog lists them.
    pub const ALL: [Self; 4] = [Self::English, Self::German, Self::French, Self::Spanish];

    /// The ISO 639-1 code: `en`, `de`, `fr` or `es`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::German => "de",
            Self::French => "fr",
            Self::Spanish => "es",
        }
    }

    /// The language's own name, as the export dialog shows it.
    #[must_use]
    pub fn native_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "Deutsch",
            Self::French => "Français",
            Self::Spanish => "Español",
        }
    }

    fn words(self) -> &'static Words {
        match self {
            Self::English => &ENGLISH,
            Self::German => &GERMAN,
            Self::French => &FRENCH,
            Self::Spanish => &SPANISH,
        }
    }

    /// The heading of `section`.
    #[must_use]
    pub fn heading(self, section: super::Section) -> &'static str {
        use super::Section;
        let words = self.words();
        match section {
            Section::Summary => words.summary,
            Section::Experience => words.experience,
            Section::Projects => words.projects,
            Section::Education => words.education,
            Section::Certifications => words.certifications,
            Section::Skills => words.skills,
        }
    }

    /// The label before a role's or project's skills.
    #[must_use]
    pub fn skills_label(self) -> &'static str {
        self.words().skills
    }

    /// The word for a grade point average.
    #[must_use]
    pub fn gpa_label(self) -> &'static str {
        self.words().gpa
    }

    /// The word before a certification's expiry month.
    #[must_use]
    pub fn expires_label(self) -> &'static str {
        self.words().expires
    }

    /// A month as the designs write it: `Mar 2021`, `März 2021`, `mars 2021`.
    #[must_use]
    pub fn month(self, month: YearMonth) -> String {
        let index = usize::try_from(month.month().saturating_sub(1)).unwrap_or(0);
        let name = self.words().months.get(index).copied().unwrap_or("");
        format!("{name} {}", month.year())
    }

    /// A full date as a letter is dated: `7 December 2026`, `7. Dezember 2026`,
    /// `1er décembre 2026`, `7 de diciembre de 2026`. `day` is written as given.
    #[must_use]
    pub fn date(self, month: YearMonth, day: u32) -> String {
        let words = self.words();
        let index = usize::try_from(month.month().saturating_sub(1)).unwrap_or(0);
        let name = words.long_months.get(index).copied().unwrap_or("");
        let year = month.year();
        match words.day_order {
            DayOrder::DayMonthYear => format!("{day} {name} {year}"),
            DayOrder::DayDotMonthYear => format!("{day}. {name} {year}"),
            DayOrder::FrenchDay if day == 1 => format!("1er {name} {year}"),
            DayOrder::FrenchDay => format!("{day} {name} {year}"),
            DayOrder::DayDeMonthDeYear => format!("{day} de {name} de {year}"),
        }
    }

    /// A span of months: `Mar 2021 – Present`, `Mar 2021 – Jun 2023`, or one month when the
    /// span starts and ends in it.
    #[must_use]
    pub fn span(self, start: Option<YearMonth>, end: Option<YearMonth>, ongoing: bool) -> String {
        let end_text = match end {
            Some(end) => Some(self.month(end)),
            None if ongoing => Some(self.words().present.to_owned()),
            None => None,
        };
        match (start.map(|s| self.month(s)), end_text) {
            (Some(start), Some(end)) if start == end => start,
            (Some(start), Some(end)) => format!("{start} – {end}"),
            (Some(only), None) | (None, Some(only)) => only,
            (None, None) => String::new(),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = ();

    /// Reads `en`, `de`, `fr` or `es` (ASCII case ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(s.trim()))
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(year: u32, month: u32) -> YearMonth {
        YearMonth::new(year, month).expect("valid month")
    }

    #[test]
    fn spans_use_the_language_words() {
        let start = Some(month(2021, 3));
        assert_eq!(
            Language::English.span(start, None, true),
            "Mar 2021 – Present"
        );
        assert_eq!(
            Language::German.span(start, None, true),
            "März 2021 – heute"
        );
        assert_eq!(
            Language::French.span(start, Some(month(2023, 8)), false),
            "mars 2021 – août 2023"
        );
        assert_eq!(Language::Spanish.span(start, start, false), "mar. 2021");
        assert_eq!(Language::English.span(None, None, false), "");
    }

    #[test]
    fn dates_follow_each_language() {
        let december = month(2026, 12);
        assert_eq!(Language::English.date(december, 7), "7 December 2026");
        assert_eq!(Language::German.date(december, 7), "7. Dezember 2026");
        assert_eq!(Language::French.date(december, 7), "7 décembre 2026");
        assert_eq!(Language::French.date(month(2026, 3), 1), "1er mars 2026");
        assert_eq!(
            Language::Spanish.date(month(2026, 8), 31),
            "31 de agosto de 2026"
        );
    }

    #[test]
    fn codes_read_back() {
        for language in Language::ALL {
            assert_eq!(language.code().parse(), Ok(language));
        }
        assert!("it".parse::<Language>().is_err());
    }
}
