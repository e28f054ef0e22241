//! The page's state in the address: `/applications?view=list&status=applied&q=acme&sort=name&page=2`.
//! The board is the default view; the filter, order and page are the list's.

use resume_shared::api::applications::ApplicationStatus;

use crate::api::applications::{ApplicationQuery, SORT_OPTIONS};
use crate::url_state::{ListState, QueryString};

/// How the applications show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// One column per status.
    #[default]
    Board,
    /// A table with filters.
    List,
}

/// The view and the list's query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationsState {
    /// Board or list.
    pub view: View,
    /// What the list asks the API for.
    pub query: ApplicationQuery,
}

impl ListState for ApplicationsState {
    fn from_query(query: &QueryString) -> Self {
        let default = ApplicationQuery::default();
        Self {
            view: match query.get("view") {
                Some("list") => View::List,
                _ => View::Board,
            },
            query: ApplicationQuery {
                status: query.get("status").and_then(ApplicationStatus::from_name),
                q: query.get("q").unwrap_or_default().trim().to_owned(),
                sort: query
                    .get("sort")
                    .filter(|sort| SORT_OPTIONS.iter().any(|(value, _)| value == sort))
                    .map_or(default.sort, ToOwned::to_owned),
                page: query.page(),
                per_page: default.per_page,
            },
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.view == View::List {
            params.push(("view", "list".to_owned()));
        }
        // The API's parameters, less those at their defaults.
        let defaults = ApplicationQuery::default().params();
        params.extend(
            self.query
                .params()
                .into_iter()
                .filter(|param| !defaults.contains(param)),
        );
        params
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::url_state::list_href;

    fn read(search: &str) -> ApplicationsState {
        ApplicationsState::from_query(&QueryString::parse(search))
    }

    #[wasm_bindgen_test]
    fn the_defaults_are_the_plain_path() {
        assert_eq!(read(""), ApplicationsState::default());
        assert_eq!(
            list_href("/applications", &ApplicationsState::default()),
            "/applications"
        );
    }

    #[wasm_bindgen_test]
    fn the_state_goes_to_the_address_and_back() {
        let state = ApplicationsState {
            view: View::List,
            query: ApplicationQuery {
                status: Some(ApplicationStatus::Interviewing),
                q: "acme remote".to_owned(),
                sort: "next_step".to_owned(),
                page: 2,
                ..ApplicationQuery::default()
            },
        };
        let href = list_href("/applications", &state);
        assert_eq!(
            href,
            "/applications?view=list&status=interviewing&q=acme%20remote&sort=next_step&page=2"
        );
        let search = href.split_once('?').map_or("", |(_, search)| search);
        assert_eq!(read(search), state);
    }

    #[wasm_bindgen_test]
    fn unreadable_values_are_the_defaults() {
        assert_eq!(
            read("view=grid&status=hired&sort=salary&page=0"),
            ApplicationsState::default()
        );
    }
}
