//! The state of the list pages lives in the address: the dashboard's filter, kind, order, page
//! and page size, the audit log's action and page, the user list's page. This module reads
//! that state from a query string and writes it back, and [`ListUrl`] ties it to the router:
//! a page reads its state from the URL (the fetch re-runs when it changes) and changes it only
//! by navigating. Back, forward and reload therefore show the same list, and a list can be
//! linked to.
//!
//! Values equal to the defaults are left out of the URL, so the plain path is the default list.
//! A value that cannot be read (`page=abc`, `page=0`, an unknown order) is the default: an
//! address typed or kept from an older version never shows an error.
//!
//! The parsing is plain functions of strings, tested without a browser. The module knows no
//! component and fetches nothing; the API's own query types (such as [`ResumeQuery`]) are the
//! states, so what the URL says is exactly what the API is asked.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_url};
use resume_shared::api::input::MAX_PAGE;
use resume_shared::api::resumes::ResumeKind;

use crate::api::resumes::{ResumeQuery, SORT_OPTIONS};
use crate::routes::{Page, decode_component, encode_component};

/// The page sizes the dashboard offers (any other `per_page` in the URL is the default).
pub const RESUME_PER_PAGE_OPTIONS: [u64; 3] = [10, 20, 50];

/// The actions the audit log's filter offers (see the API design document); any other
/// `action` in the URL means all actions.
pub const AUDIT_ACTIONS: [&str; 26] = [
    "setup",
    "login.success",
    "login.failure",
    "login.rate_limited",
    "logout",
    "user.register",
    "user.create",
    "user.update",
    "user.delete",
    "role.add",
    "role.remove",
    "password.change",
    "settings.update",
    "instance.update",
    "impersonation.start",
    "impersonation.stop",
    "impersonation.write",
    "api_token.create",
    "api_token.revoke",
    "api_token.new_address",
    "application.create",
    "application.status",
    "application.delete",
    "share.create",
    "share.update",
    "share.revoke",
];

/// The decoded parameters of a query string, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryString(Vec<(String, String)>);

impl QueryString {
    /// Reads `search`, with or without its leading `?` (`+` is a space; a malformed escape
    /// stays as it is).
    #[must_use]
    pub fn parse(search: &str) -> Self {
        let search = search.strip_prefix('?').unwrap_or(search);
        Self(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode_component(key), decode_component(value))
                })
                .collect(),
        )
    }

    /// The first value of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The page number: a whole number from 1 to the API's largest page, else 1.
    #[must_use]
    pub fn page(&self) -> u64 {
        self.get("page")
            .and_then(|page| page.parse::<u64>().ok())
            .filter(|page| (1..=MAX_PAGE).contains(page))
            .unwrap_or(1)
    }
}

/// A list's state that lives in the URL's query string.
pub trait ListState: Clone + Default + PartialEq + Send + Sync + 'static {
    /// Reads the state; a missing or unreadable value is its default.
    fn from_query(query: &QueryString) -> Self;

    /// The parameters that differ from the defaults, in a fixed order.
    fn to_query(&self) -> Vec<(&'static str, String)>;
}

/// `path` with the query string of `state` (just `path` for the defaults).
#[must_use]
pub fn list_href(path: &str, state: &impl ListState) -> String {
    let query = state
        .to_query()
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode_component(&value)))
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The dashboard: `/?q=acme&kind=tailored&sort=name&page=2&per_page=20`.
impl ListState for ResumeQuery {
    fn from_query(query: &QueryString) -> Self {
        let default = Self::default();
        Self {
            q: query.get("q").unwrap_or_default().trim().to_owned(),
            kind: query.get("kind").and_then(ResumeKind::from_name),
            sort: query
                .get("sort")
                .filter(|sort| SORT_OPTIONS.iter().any(|(value, _)| value == sort))
                .map_or(default.sort, ToOwned::to_owned),
            page: query.page(),
            per_page: query
                .get("per_page")
                .and_then(|n| n.parse().ok())
                .filter(|n| RESUME_PER_PAGE_OPTIONS.contains(n))
                .unwrap_or(default.per_page),
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        // The API's parameters, less those at their defaults.
        let defaults = Self::default().params();
        self.params()
            .into_iter()
            .filter(|param| !defaults.contains(param))
            .collect()
    }
}

/// The audit log: `/admin/audit?action=login.failure&page=3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditListQuery {
    /// Only this action (one of [`AUDIT_ACTIONS`]); `None` for all.
    pub action: Option<String>,
    /// From 1.
    pub page: u64,
}

impl Default for AuditListQuery {
    fn default() -> Self {
        Self {
            action: None,
            page: 1,
        }
    }
}

impl ListState for AuditListQuery {
    fn from_query(query: &QueryString) -> Self {
        Self {
            action: query
                .get("action")
                .filter(|action| AUDIT_ACTIONS.contains(action))
                .map(ToOwned::to_owned),
            page: query.page(),
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(action) = &self.action {
            params.push(("action", action.clone()));
        }
        if self.page != 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }
}

/// The user list: `/admin/users?page=2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListQuery {
    /// From 1.
    pub page: u64,
}

impl Default for UserListQuery {
    fn default() -> Self {
        Self { page: 1 }
    }
}

impl ListState for UserListQuery {
    fn from_query(query: &QueryString) -> Self {
        Self { page: query.page() }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        if self.page == 1 {
            Vec::new()
        } else {
            vec![("page", self.page.to_string())]
        }
    }
}

/// How a change of the list state enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// A new entry that back returns from (a page, an order, a filter chosen).
    Push,
    /// Replaces the current entry (each pause while typing a filter: back skips the letters).
    Replace,
}

/// The router's navigation, kept in the page's arena.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// The state of a list page, read from the current route's URL and changed by navigating to
/// it. `Copy`; create it in the page component (it needs the router).
pub struct ListUrl<T: Send + Sync + 'static> {
    state: Memo<T>,
    target: StoredValue<(String, Navigate), LocalStorage>,
}

impl<T: Send + Sync> Clone for ListUrl<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync> Copy for ListUrl<T> {}

impl<T: ListState> ListUrl<T> {
    /// The state of `page`'s list in the URL. Only this route's URL is read: leaving the page
    /// changes nothing here, so the list is not fetched again on the way out.
    #[must_use]
    pub fn new(page: &Page) -> Self {
        let url = use_url();
        let navigate = use_navigate();
        Self {
            state: Memo::new(move |_| {
                url.with(|url| T::from_query(&QueryString::parse(url.search())))
            }),
            target: StoredValue::new_local((page.path(), Rc::new(navigate) as Navigate)),
        }
    }

    /// The state, reactively (the fetch reads it; it changes only when the state does, not
    /// with every change of the address).
    #[must_use]
    pub fn state(self) -> Memo<T> {
        self.state
    }

    /// Changes the state with a new history entry.
    pub fn push(self, change: impl FnOnce(&mut T)) {
        self.go(change, Entry::Push);
    }

    /// Changes the state in the current history entry.
    pub fn replace(self, change: impl FnOnce(&mut T)) {
        self.go(change, Entry::Replace);
    }

    fn go(self, change: impl FnOnce(&mut T), entry: Entry) {
        // `try_`: a debounced change may fire while the page is being left.
        let Some(current) = self.state.try_get_untracked() else {
            return;
        };
        let mut next = current.clone();
        change(&mut next);
        if next == current {
            return;
        }
        let _ = self.target.try_with_value(|(path, navigate)| {
            navigate(
                &list_href(path, &next),
                NavigateOptions {
                    replace: entry == Entry::Replace,
                    // The controls stay where the reader is (the pager is at the bottom).
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        });
    }
}
