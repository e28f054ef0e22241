//! Cover letters: the list (`/cover-letters`), writing one with the assistant
//! (`/cover-letters/new?resume=…`) and the letter editor (`/cover-letters/{id}`).
//!
//! One file per job: [`list`] (the letters), [`new_letter`] (the write page: [`write_form`],
//! then the job it started, [`drafting`], whose state [`draft`] builds from the job's event
//! stream), and the editor: [`editor`] over one [`state`], with [`save`] (the version and its
//! conflicts), [`markdown`] and [`preview`] (the text as it reads, flagged terms marked),
//! [`flags`] (the fact guard's findings), [`export`] (downloads), [`revisions`] and [`delete`].

pub mod delete;
pub mod draft;
pub mod drafting;
pub mod editor;
pub mod export;
pub mod flags;
pub mod list;
pub mod markdown;
pub mod new_letter;
pub mod preview;
pub mod revisions;
pub mod save;
pub mod state;
pub mod write_form;

pub use self::editor::CoverLetterPage;
pub use self::list::CoverLettersPage;
pub use self::new_letter::NewCoverLetterPage;
