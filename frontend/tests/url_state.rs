//! The list pages' state in the URL: reading it (bad values are the defaults), writing it back
//! (defaults are left out) and the round trip between the two.
//!
//! Runs under Node.js with `wasm-bindgen-test-runner` (see `scripts/test.sh`):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p resume_frontend --target wasm32-unknown-unknown --test url_state`.

use resume_frontend::api::resumes::ResumeQuery;
use resume_frontend::url_state::{
    AuditListQuery, ListState, QueryString, UserListQuery, list_href,
};
use resume_shared::api::resumes::ResumeKind;
use wasm_bindgen_test::wasm_bindgen_test;

fn read<T: ListState>(search: &str) -> T {
    T::from_query(&QueryString::parse(search))
}

#[wasm_bindgen_test]
fn query_strings_are_decoded_with_or_without_the_question_mark() {
    let query = QueryString::parse("?q=acme%20corp&kind=base&empty=&flag&q=second");
    assert_eq!(query.get("q"), Some("acme corp"), "the first value counts");
    assert_eq!(query.get("kind"), Some("base"));
    assert_eq!(query.get("empty"), Some(""));
    assert_eq!(query.get("flag"), Some(""));
    assert_eq!(query.get("missing"), None);
    assert_eq!(QueryString::parse("q=a+b").get("q"), Some("a b"));
    assert_eq!(QueryString::parse("q=100%"), QueryString::parse("?q=100%"));
    assert_eq!(QueryString::parse("q=100%").get("q"), Some("100%"));
    assert_eq!(QueryString::parse(""), QueryString::default());
    assert_eq!(QueryString::parse("?"), QueryString::default());
}

#[wasm_bindgen_test]
fn the_page_is_a_whole_number_from_one_else_the_first() {
    for (search, page) in [
        ("page=2", 2),
        ("page=1000000", 1_000_000),
        ("", 1),
        ("page=", 1),
        ("page=0", 1),
        ("page=-3", 1),
        ("page=abc", 1),
        ("page=2.5", 1),
        ("page=1000001", 1),
        ("page=99999999999999999999999", 1),
    ] {
        assert_eq!(QueryString::parse(search).page(), page, "{search}");
    }
}

#[wasm_bindgen_test]
fn the_plain_dashboard_address_is_the_default_list() {
    assert_eq!(read::<ResumeQuery>(""), ResumeQuery::default());
    assert_eq!(list_href("/", &ResumeQuery::default()), "/");
}

#[wasm_bindgen_test]
fn the_dashboard_state_is_read_from_the_address() {
    let query: ResumeQuery = read("?q=%20acme%20&kind=tailored&sort=name&page=2&per_page=20");
    assert_eq!(
        query,
        ResumeQuery {
            q: "acme".to_owned(),
            kind: Some(ResumeKind::Tailored),
            sort: "name".to_owned(),
            page: 2,
            per_page: 20,
        }
    );
}

#[wasm_bindgen_test]
fn unreadable_dashboard_values_are_the_defaults() {
    let query: ResumeQuery = read("kind=draft&sort=price&page=0&per_page=37");
    assert_eq!(query, ResumeQuery::default());
    let query: ResumeQuery = read("q=&per_page=abc&sort=");
    assert_eq!(query, ResumeQuery::default());
}

#[wasm_bindgen_test]
fn the_dashboard_address_leaves_out_the_defaults() {
    let query = ResumeQuery {
        q: "acme corp".to_owned(),
        page: 2,
        ..ResumeQuery::default()
    };
    assert_eq!(list_href("/", &query), "/?q=acme%20corp&page=2");
    let query = ResumeQuery {
        kind: Some(ResumeKind::Base),
        sort: "-name".to_owned(),
        per_page: 50,
        ..ResumeQuery::default()
    };
    assert_eq!(list_href("/", &query), "/?kind=base&sort=-name&per_page=50");
    let blank = ResumeQuery {
        q: "   ".to_owned(),
        ..ResumeQuery::default()
    };
    assert_eq!(list_href("/", &blank), "/");
}

#[wasm_bindgen_test]
fn the_dashboard_state_survives_the_round_trip() {
    let query = ResumeQuery {
        q: "C++ & Rust 100%?".to_owned(),
        kind: Some(ResumeKind::Tailored),
        sort: "company".to_owned(),
        page: 7,
        per_page: 20,
    };
    let href = list_href("/", &query);
    let (_, search) = href.split_once('?').expect("a query string");
    assert_eq!(read::<ResumeQuery>(search), query);
}

#[wasm_bindgen_test]
fn the_audit_log_state_is_read_and_written() {
    let query: AuditListQuery = read("action=login.failure&page=3");
    assert_eq!(
        query,
        AuditListQuery {
            action: Some("login.failure".to_owned()),
            page: 3,
        }
    );
    assert_eq!(
        list_href("/admin/audit", &query),
        "/admin/audit?action=login.failure&page=3"
    );
    assert_eq!(
        list_href("/admin/audit", &AuditListQuery::default()),
        "/admin/audit"
    );
    // An action the filter does not offer is all actions.
    assert_eq!(
        read::<AuditListQuery>("action=drop%20table&page=x"),
        AuditListQuery::default()
    );
}

#[wasm_bindgen_test]
fn the_user_list_state_is_read_and_written() {
    assert_eq!(read::<UserListQuery>("page=2"), UserListQuery { page: 2 });
    assert_eq!(read::<UserListQuery>("page=0"), UserListQuery::default());
    assert_eq!(
        list_href("/admin/users", &UserListQuery { page: 2 }),
        "/admin/users?page=2"
    );
    assert_eq!(
        list_href("/admin/users", &UserListQuery::default()),
        "/admin/users"
    );
}
