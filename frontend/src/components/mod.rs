//! Reusable, prop-driven pieces of the screens. A component here takes what it shows and what
//! it reports as props (`Signal`s and `Callback`s); it does not read the app's context or call
//! the API, so a page decides where data comes from.
//!
//! The class constants keep buttons and inputs alike across screens (Tailwind sees them because
//! they are complete literals in the source).

pub mod account_form;
pub mod admin_tabs;
pub mod confirm_dialog;
pub mod connection_notice;
pub mod error_notice;
pub mod form;
pub mod impersonation_banner;
pub mod job_progress;
pub mod modal;
pub mod nav_bar;
pub mod pager;
pub mod password_form;
pub mod spinner;
pub mod toast_area;
pub mod unified_diff;

/// The main action of a form or page.
pub const BUTTON_PRIMARY: &str = "inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60";
/// A secondary action.
pub const BUTTON_SECONDARY: &str = "inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60";
/// A destructive action.
pub const BUTTON_DANGER: &str = "inline-flex items-center justify-center gap-2 rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:cursor-not-allowed disabled:opacity-60";
/// A small action inside a list row.
pub const BUTTON_SMALL: &str = "inline-flex items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60";
/// A small destructive action inside a list row.
pub const BUTTON_SMALL_DANGER: &str = "inline-flex items-center justify-center gap-1 rounded-md border border-red-300 bg-white px-2.5 py-1.5 text-xs font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:cursor-not-allowed disabled:opacity-60";
/// Text inputs and selects.
pub const INPUT: &str = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-indigo-600 focus:outline-2 focus:outline-indigo-600 aria-[invalid=true]:border-red-600";
/// A white panel.
pub const CARD: &str = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6";
/// A text link.
pub const LINK: &str = "font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600";
