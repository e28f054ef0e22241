//! The section catalogue of the resume format (format spec B §1.4) as static data.
//!
//! Which headings exist at which depth, what kind of content each holds, and which keys a
//! key/value section knows. The outline builder walks this table to decide what a heading
//! means; nothing here reads text.

/// Every section type of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionId {
    Document,
    Personal,
    Contact,
    Websites,
    Visa,
    Banner,
    Note,
    Education,
    Degrees,
    Degree,
    Certifications,
    Certification,
    Experience,
    Projects,
    Project,
    Overview,
    Description,
    ProjectSkills,
    Roles,
    Role,
    Basics,
    Summary,
    Responsibilities,
    RoleSkills,
}

/// What a section holds.
#[derive(Debug)]
pub(crate) enum Kind {
    /// Sub-sections with fixed names; a name should appear once.
    Named(&'static [Spec]),
    /// Items under any heading of the next depth; all items share one spec.
    Repeating(&'static Spec),
    /// `Key: value` lines; the slice lists the keys in canonical spelling and order.
    KeyValue(&'static [&'static str]),
    /// `* item` / `- item` lines.
    List,
    /// Free text.
    Text,
}

/// One section type: its identity, canonical heading title and content kind.
#[derive(Debug)]
pub(crate) struct Spec {
    pub(crate) id: SectionId,
    /// Heading title as the canonical serializer writes it (matching is case-insensitive).
    pub(crate) title: &'static str,
    pub(crate) kind: Kind,
}

impl Spec {
    /// True for sections that hold lines rather than sub-sections.
    pub(crate) fn is_leaf(&self) -> bool {
        matches!(self.kind, Kind::KeyValue(_) | Kind::List | Kind::Text)
    }

    /// The named child spec whose title equals `title`, ignoring case.
    pub(crate) fn named_child(&self, title: &str) -> Option<&'static Spec> {
        self.named_children()
            .iter()
            .find(|c| c.title.eq_ignore_ascii_case(title))
    }

    /// The named children of a named container (empty for other kinds).
    pub(crate) fn named_children(&self) -> &'static [Spec] {
        match self.kind {
            Kind::Named(children) => children,
            _ => &[],
        }
    }
}

pub(crate) const CONTACT_KEYS: &[&str] = &["Name", "Email", "Phone", "Location"];
pub(crate) const WEBSITE_KEYS: &[&str] = &["GitHub", "LinkedIn", "Website", "Twitter"];
pub(crate) const VISA_KEYS: &[&str] = &["Work Authorization", "Require sponsorship"];
pub(crate) const DEGREE_KEYS: &[&str] =
    &["School", "Degree", "Major", "Start date", "End date", "GPA"];
pub(crate) const CERTIFICATION_KEYS: &[&str] =
    &["Name", "Issuer", "Issued", "Expires", "Certification ID"];
pub(crate) const OVERVIEW_KEYS: &[&str] = &[
    "Title",
    "Url",
    "Url Description",
    "Start date",
    "End date",
    "Inclusion",
];
pub(crate) const BASICS_KEYS: &[&str] = &[
    "Company",
    "Title",
    "Employment type",
    "Job category",
    "Agency",
    "Reason for change",
    "Location",
    "Start date",
    "End date",
    "Inclusion",
];

const fn leaf(id: SectionId, title: &'static str, kind: Kind) -> Spec {
    Spec { id, title, kind }
}

const PERSONAL: Spec = Spec {
    id: SectionId::Personal,
    title: "Personal",
    kind: Kind::Named(&[
        leaf(
            SectionId::Contact,
            "Contact Information",
            Kind::KeyValue(CONTACT_KEYS),
        ),
        leaf(
            SectionId::Websites,
            "Websites",
            Kind::KeyValue(WEBSITE_KEYS),
        ),
        leaf(SectionId::Visa, "Visa Status", Kind::KeyValue(VISA_KEYS)),
        leaf(SectionId::Banner, "Banner", Kind::Text),
        leaf(SectionId::Note, "Note", Kind::Text),
    ]),
};

const DEGREE: Spec = leaf(SectionId::Degree, "Degree", Kind::KeyValue(DEGREE_KEYS));

const EDUCATION: Spec = Spec {
    id: SectionId::Education,
    title: "Education",
    kind: Kind::Named(&[Spec {
        id: SectionId::Degrees,
        title: "Degrees",
        kind: Kind::Repeating(&DEGREE),
    }]),
};

const CERTIFICATION: Spec = leaf(
    SectionId::Certification,
    "Certification",
    Kind::KeyValue(CERTIFICATION_KEYS),
);

const CERTIFICATIONS: Spec = Spec {
    id: SectionId::Certifications,
    title: "Certifications",
    kind: Kind::Repeating(&CERTIFICATION),
};

const PROJECT: Spec = Spec {
    id: SectionId::Project,
    title: "Project",
    kind: Kind::Named(&[
        leaf(
            SectionId::Overview,
            "Overview",
            Kind::KeyValue(OVERVIEW_KEYS),
        ),
        leaf(SectionId::Description, "Description", Kind::Text),
        leaf(SectionId::ProjectSkills, "Skills", Kind::List),
    ]),
};

const ROLE: Spec = Spec {
    id: SectionId::Role,
    title: "Role",
    kind: Kind::Named(&[
        leaf(SectionId::Basics, "Basics", Kind::KeyValue(BASICS_KEYS)),
        leaf(SectionId::Summary, "Summary", Kind::Text),
        leaf(SectionId::Responsibilities, "Responsibilities", Kind::Text),
        leaf(SectionId::RoleSkills, "Skills", Kind::List),
    ]),
};

const EXPERIENCE: Spec = Spec {
    id: SectionId::Experience,
    title: "Experience",
    kind: Kind::Named(&[
        Spec {
            id: SectionId::Projects,
            title: "Projects",
            kind: Kind::Repeating(&PROJECT),
        },
        Spec {
            id: SectionId::Roles,
            title: "Roles",
            kind: Kind::Repeating(&ROLE),
        },
    ]),
};

/// The whole document: the four top-level sections.
pub(crate) static DOCUMENT: Spec = Spec {
    id: SectionId::Document,
    title: "",
    kind: Kind::Named(&[PERSONAL, EDUCATION, CERTIFICATIONS, EXPERIENCE]),
};
