//! Sample resumes: the example a new resume starts from ([`PLACEHOLDER`]), and generated
//! resumes of any size for benchmarks and load tests.
//!
//! Generation is deterministic: the same sizes give the same text. Field lengths and shapes
//! follow real resumes (a few skills and four responsibility lines per role).

use std::fmt::Write as _;

/// The text a new resume starts with: a small, complete and valid example that shows every
/// section and key, in canonical form, for the user to overwrite.
pub const PLACEHOLDER: &str = "# Personal

## Contact Information

Name: Your Name
Email: you@example.com
Phone: 555-0100
Location: City, Country

## Websites

GitHub: https://github.com/your-name
LinkedIn: https://www.linkedin.com/in/your-name
Website: https://your-name.example.com
Twitter: https://twitter.com/your-name

## Visa Status

Work Authorization: Citizen
Require sponsorship: No

## Banner

One or two sentences about what you do best, with **bold** and *italic* if you like.

## Note

Anything else a reader should know, such as the hours you can work.

# Education

## Degrees

### Degree

School: Example University
Degree: B.S. Computer Science
Major: Computer Science
Start date: 09/2012
End date: 06/2016
GPA: 3.6

# Certifications

## Certification

Name: Example Certified Professional
Issuer: Example Institute
Issued: 05/2021
Expires: 05/2024
Certification ID: 00123

# Experience

## Projects

### Project

#### Overview

Title: Example Project
Url: https://example.com/project
Url Description: Project page
Start date: 01/2022
End date: 06/2022

#### Description

What the project does and the part you played in it.

#### Skills

* Rust
* PostgreSQL

## Roles

### Role

#### Basics

Company: Example Company
Title: Software Engineer
Employment type: Full-time
Job category: Development
Location: Remote
Start date: 07/2016

#### Summary

One sentence on the scope of the role.

#### Responsibilities

* Start each line with an action verb and say what changed because of you
* Give numbers where you have them: cut build times by 40%

#### Skills

* Rust
* PostgreSQL
* Kubernetes";

const COMPANIES: [&str; 6] = [
    "Northwind Logistics",
    "Bluefin Analytics",
    "Initech",
    "Globex Corporation",
    "Umbrella Health",
    "Acme Widgets",
];
const TITLES: [&str; 5] = [
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Platform Engineer",
    "Data Engineer",
    "Engineering Manager",
];
const SKILLS: [&str; 12] = [
    "Rust",
    "Go",
    "Python",
    "PostgreSQL",
    "Kafka",
    "Kubernetes",
    "Terraform",
    "AWS",
    "React",
    "TypeScript",
    "Redis",
    "gRPC",
];
const CATEGORIES: [&str; 3] = ["Development", "DevOps", "Architecture"];

/// A valid resume text with every Personal section, two degrees, two certifications,
/// `projects` projects and `roles` roles (newest first, one year each, the first ongoing).
#[must_use]
pub fn generated_resume(roles: usize, projects: usize) -> String {
    let mut text = String::from(
        "# Personal\n\n## Contact Information\n\nName: Jordan Rivera\nEmail: jordan@example.org\n\
         Phone: 555-0100\nLocation: Springfield, USA\n\n## Websites\n\n\
         GitHub: https://github.com/jrivera\nLinkedIn: https://www.linkedin.com/in/jrivera\n\n\
         ## Visa Status\n\nWork Authorization: Permanent resident\nRequire sponsorship: No\n\n\
         ## Banner\n\nBackend engineer focused on **reliable** data pipelines.\n\n\
         # Education\n\n## Degrees\n\n### Degree\n\nSchool: State Technical Institute\n\
         Degree: B.S.\nMajor: Computer Engineering\nStart date: 09/1990\nEnd date: 05/1994\n\n\
         ### Degree\n\nSchool: Valley College\nDegree: A.S.\nStart date: 09/1988\nEnd date: 05/1990\n\n\
         # Certifications\n\n## Certification\n\nName: Cloud Practitioner\nIssuer: Example Cloud Inc.\n\
         Issued: 02/2021\nExpires: 02/2024\nCertification ID: 00417\n\n## Certification\n\n\
         Name: Kubernetes Administrator\nIssuer: CNCF\nIssued: 05/2022\n\n# Experience\n",
    );
    let newest_year = 1994 + roles.max(1);
    if projects > 0 {
        text.push_str("\n## Projects\n");
    }
    for index in 0..projects {
        let year = newest_year - index % 20;
        let (a, b) = (
            SKILLS[index % SKILLS.len()],
            SKILLS[(index + 5) % SKILLS.len()],
        );
        let _ = write!(
            text,
            "\n### Project\n\n#### Overview\n\nTitle: Project {index}\n\
             Url: https://example.org/projects/{index}\nUrl Description: Project {index} page\n\
             Start date: 03/{year}\nEnd date: 08/{year}\n\n#### Description\n\n\
             A tool that draws message-queue depth over time using {a} and {b}, with alerts.\n\n\
             #### Skills\n\n* {a}\n* {b}\n"
        );
    }
    if roles > 0 {
        text.push_str("\n## Roles\n");
    }
    for index in 0..roles {
        let start = newest_year - index - 1;
        let end = if index == 0 {
            String::new()
        } else {
            format!("End date: 12/{start}\n")
        };
        let skills: Vec<&str> = (0..4)
            .map(|k| SKILLS[(index * 3 + k) % SKILLS.len()])
            .collect();
        let _ = write!(
            text,
            "\n### Role\n\n#### Basics\n\nCompany: {company} {index}\nTitle: {title}\n\
             Employment type: Full-time\nJob category: {category}\nLocation: Remote\n\
             Start date: 01/{start}\n{end}\n#### Summary\n\n\
             Led the {s0} platform that moves shipment events between forty services.\n\n\
             #### Responsibilities\n\n\
             * Migrated 120 nightly batch jobs to {s1} streams, cutting data latency from 24 hours to 2 minutes\n\
             * Designed the on-call runbook and SLOs for the event platform using {s2}\n\
             * Mentored six engineers through the platform's {s0} rewrite\n\
             * Cut cloud costs by 30% with {s3} autoscaling\n\n\
             #### Skills\n\n* {s0}\n* {s1}\n* {s2}\n* {s3}\n",
            company = COMPANIES[index % COMPANIES.len()],
            title = TITLES[index % TITLES.len()],
            category = CATEGORIES[index % CATEGORIES.len()],
            s0 = skills[0],
            s1 = skills[1],
            s2 = skills[2],
            s3 = skills[3],
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_valid_canonical_and_shows_every_section() {
        let parsed = crate::parse(PLACEHOLDER).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(crate::to_markdown(&parsed.resume), PLACEHOLDER);
        let resume = parsed.resume;
        let personal = resume.personal.unwrap();
        assert!(personal.contact.is_some() && personal.websites.is_some());
        assert!(personal.visa.is_some() && personal.banner.is_some() && personal.note.is_some());
        assert!(resume.education.is_some() && !resume.certifications.is_empty());
        let experience = resume.experience.unwrap();
        assert!(!experience.projects.is_empty() && !experience.roles.is_empty());
    }

    #[test]
    fn generated_resumes_are_valid_and_sized_as_asked() {
        let parsed = crate::parse(&generated_resume(50, 20)).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let experience = parsed.resume.experience.unwrap();
        assert_eq!(
            (experience.roles.len(), experience.projects.len()),
            (50, 20)
        );
        assert_eq!(experience.roles[0].basics.end_date, None);
    }
}
