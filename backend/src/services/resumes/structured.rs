//! Structured editing: changes made to the parsed model and written back as canonical text.
//!
//! [`edit`] is the one write path: parse the stored text, apply the change to the model,
//! normalize and validate it (field errors name paths like `experience.roles[2].basics.title`),
//! serialize it canonically, and store it as a `structured edit` revision (the write checks the
//! text parses; that parse is the one the answer is built from — two parses per edit, the
//! stored text's and the new text's). The collection operations ([`insert`], [`replace`], [`remove`], [`reorder`]) are
//! pure functions on the model, generic over the four collections through [`Item`].
//!
//! Writing the canonical form drops what the parser ignored (unknown sections and keys, with
//! warnings when the text was saved); the text before the edit stays in the revisions.

use chrono::{DateTime, Utc};
use resume_shared::validate::{normalize, validate};
use resume_shared::{
    Certification, Degree, Education, Experience, Project, Resume, Role, to_markdown,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait as _};
use uuid::Uuid;

use super::{Actor, Change, Reason, Stored, owned, parse_stored};
use crate::db::entities::resumes;
use crate::services::FieldErrors;
use crate::services::ServiceError;

/// The stored resume and its text parsed.
///
/// # Errors
/// Not found; an internal error if stored text no longer parses (it is checked on every write).
pub async fn read(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    id: Uuid,
) -> Result<(resumes::Model, Resume), ServiceError> {
    let row = owned(conn, owner, id).await?;
    let resume = parse_stored(&row)?.resume;
    Ok((row, resume))
}

/// Applies `change` to the parsed resume and stores the result as a new version. The stored
/// text is read first, outside the write transaction (see [`super::update`] on why writes
/// come first in a transaction); the version check of the write catches a change made in
/// between.
///
/// # Errors
/// Not found; a stale version; whatever `change` refuses; field errors of the result.
pub async fn edit<T: Send + 'static>(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    expected_version: i64,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut Resume) -> Result<T, ServiceError>,
) -> Result<(Stored, T), ServiceError> {
    let row = owned(db, actor.user_id, id).await?;
    if row.version != expected_version {
        return Err(ServiceError::VersionConflict {
            current: row.version,
        });
    }
    let mut resume = parse_stored(&row)?.resume;
    let outcome = change(&mut resume)?;
    let content = canonical_text(resume)?;
    let updated = db
        .transaction::<_, _, ServiceError>(move |txn| {
            Box::pin(async move {
                super::update(
                    txn,
                    actor,
                    id,
                    expected_version,
                    Change {
                        content: Some((content, Reason::StructuredEdit)),
                        ..Change::default()
                    },
                    now,
                )
                .await
            })
        })
        .await?;
    Ok((updated, outcome))
}

/// Normalizes and validates a model and writes it as text. The text is not parsed here: the
/// write that stores it checks it (and refuses, for example, an emptied resume).
///
/// # Errors
/// [`ServiceError::Validation`] with one entry per bad field.
pub fn canonical_text(mut resume: Resume) -> Result<String, ServiceError> {
    normalize(&mut resume);
    let errors = validate(&resume);
    if !errors.is_empty() {
        return Err(ServiceError::Validation(
            errors
                .into_iter()
                .map(|e| (e.path, e.message))
                .collect::<FieldErrors>(),
        ));
    }
    Ok(to_markdown(&resume))
}

/// One of the four collections of a resume.
pub trait Item: Sized + Clone {
    /// Singular noun for messages (`role`).
    const NOUN: &'static str;
    /// Field path of the collection (`experience.roles`).
    const PATH: &'static str;
    /// The items, in order.
    fn items(resume: &Resume) -> &[Self];
    /// The items, created empty when the section is absent.
    fn items_mut(resume: &mut Resume) -> &mut Vec<Self>;
}

impl Item for Role {
    const NOUN: &'static str = "role";
    const PATH: &'static str = "experience.roles";
    fn items(resume: &Resume) -> &[Self] {
        resume.experience.as_ref().map_or(&[], |e| &e.roles)
    }
    fn items_mut(resume: &mut Resume) -> &mut Vec<Self> {
        &mut resume
            .experience
            .get_or_insert_with(Experience::default)
            .roles
    }
}

impl Item for Project {
    const NOUN: &'static str = "project";
    const PATH: &'static str = "experience.projects";
    fn items(resume: &Resume) -> &[Self] {
        resume.experience.as_ref().map_or(&[], |e| &e.projects)
    }
    fn items_mut(resume: &mut Resume) -> &mut Vec<Self> {
        &mut resume
            .experience
            .get_or_insert_with(Experience::default)
            .projects
    }
}

impl Item for Degree {
    const NOUN: &'static str = "degree";
    const PATH: &'static str = "education.degrees";
    fn items(resume: &Resume) -> &[Self] {
        resume.education.as_ref().map_or(&[], |e| &e.degrees)
    }
    fn items_mut(resume: &mut Resume) -> &mut Vec<Self> {
        &mut resume
            .education
            .get_or_insert_with(Education::default)
            .degrees
    }
}

impl Item for Certification {
    const NOUN: &'static str = "certification";
    const PATH: &'static str = "certifications";
    fn items(resume: &Resume) -> &[Self] {
        &resume.certifications
    }
    fn items_mut(resume: &mut Resume) -> &mut Vec<Self> {
        &mut resume.certifications
    }
}

fn missing<T: Item>(index: usize, len: usize) -> ServiceError {
    ServiceError::NotFound(format!(
        "no {} at index {index} (the resume has {len})",
        T::NOUN
    ))
}

/// The item at `index`.
///
/// # Errors
/// Not found when out of range.
pub fn get<T: Item>(resume: &Resume, index: usize) -> Result<T, ServiceError> {
    let items = T::items(resume);
    items
        .get(index)
        .cloned()
        .ok_or_else(|| missing::<T>(index, items.len()))
}

/// Inserts `item` at `position` (default: the end); returns its index.
///
/// # Errors
/// A position past the end.
pub fn insert<T: Item>(
    resume: &mut Resume,
    item: T,
    position: Option<usize>,
) -> Result<usize, ServiceError> {
    let items = T::items_mut(resume);
    let index = position.unwrap_or(items.len());
    if index > items.len() {
        return Err(ServiceError::invalid(
            "position",
            format!("must be from 0 to {}", items.len()),
        ));
    }
    items.insert(index, item);
    Ok(index)
}

/// Replaces the item at `index`.
///
/// # Errors
/// Not found when out of range.
pub fn replace<T: Item>(resume: &mut Resume, index: usize, item: T) -> Result<(), ServiceError> {
    let len = T::items(resume).len();
    let slot = T::items_mut(resume)
        .get_mut(index)
        .ok_or_else(|| missing::<T>(index, len))?;
    *slot = item;
    Ok(())
}

/// Removes the item at `index` and returns it.
///
/// # Errors
/// Not found when out of range.
pub fn remove<T: Item>(resume: &mut Resume, index: usize) -> Result<T, ServiceError> {
    let items = T::items_mut(resume);
    if index >= items.len() {
        return Err(missing::<T>(index, items.len()));
    }
    Ok(items.remove(index))
}

/// Puts the items in the order given: `order[i]` is the current index of the item that goes
/// to position `i`.
///
/// # Errors
/// `order` is not a permutation of the current indices.
pub fn reorder<T: Item>(resume: &mut Resume, order: &[usize]) -> Result<(), ServiceError> {
    let items = T::items_mut(resume);
    let mut seen = vec![false; items.len()];
    let is_permutation = order.len() == items.len()
        && order
            .iter()
            .all(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true));
    if !is_permutation {
        return Err(ServiceError::invalid(
            "order",
            format!(
                "must list each index from 0 to {} exactly once",
                items.len().saturating_sub(1)
            ),
        ));
    }
    let reordered: Vec<T> = order.iter().map(|&i| items[i].clone()).collect();
    *items = reordered;
    Ok(())
}

#[cfg(test)]
mod tests {
    use resume_shared::{RoleBasics, YearMonth};

    use super::*;

    fn role(company: &str) -> Role {
        Role::new(RoleBasics::new(
            company,
            "Engineer",
            YearMonth::new(2020, 1).unwrap(),
        ))
    }

    fn companies(resume: &Resume) -> Vec<String> {
        Role::items(resume)
            .iter()
            .map(|r| r.basics.company.clone())
            .collect()
    }

    #[test]
    fn collections_insert_replace_remove_and_reorder() {
        let mut resume = Resume::default();
        assert_eq!(insert(&mut resume, role("A"), None).unwrap(), 0);
        assert_eq!(insert(&mut resume, role("C"), None).unwrap(), 1);
        assert_eq!(insert(&mut resume, role("B"), Some(1)).unwrap(), 1);
        assert_eq!(companies(&resume), ["A", "B", "C"]);
        replace(&mut resume, 2, role("D")).unwrap();
        reorder::<Role>(&mut resume, &[2, 0, 1]).unwrap();
        assert_eq!(companies(&resume), ["D", "A", "B"]);
        assert_eq!(remove::<Role>(&mut resume, 1).unwrap().basics.company, "A");
        assert_eq!(companies(&resume), ["D", "B"]);
    }

    #[test]
    fn out_of_range_and_bad_orders_are_refused() {
        let mut resume = Resume::default();
        insert(&mut resume, role("A"), None).unwrap();
        assert!(matches!(
            get::<Role>(&resume, 3),
            Err(ServiceError::NotFound(m)) if m == "no role at index 3 (the resume has 1)"
        ));
        assert!(insert(&mut resume, role("B"), Some(5)).is_err());
        assert!(remove::<Role>(&mut resume, 1).is_err());
        insert(&mut resume, role("B"), None).unwrap();
        for order in [&[0, 0][..], &[0], &[0, 2], &[1, 0, 2]] {
            assert!(reorder::<Role>(&mut resume, order).is_err(), "{order:?}");
        }
    }

    #[test]
    fn canonical_text_reports_field_paths() {
        let mut resume = Resume::default();
        insert(&mut resume, role(""), None).unwrap();
        match canonical_text(resume) {
            Err(ServiceError::Validation(fields)) => {
                assert_eq!(
                    fields
                        .get("experience.roles[0].basics.company")
                        .map(String::as_str),
                    Some("must not be empty")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_emptied_resume_cannot_be_stored() {
        let text = canonical_text(Resume::default()).unwrap();
        assert!(matches!(
            super::super::check_content(&text),
            Err(ServiceError::InvalidResume(_))
        ));
    }
}
