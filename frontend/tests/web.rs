//! Logic of the browser app that needs no page: the access rules of the routes, the
//! login page's return address, the CSRF cookie, the API's error envelope, the request bodies
//! the forms build, and the text helpers.
//!
//! Runs under Node.js with `wasm-bindgen-test-runner` (see `scripts/test.sh`):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p resume_frontend --target wasm32-unknown-unknown`.

use resume_frontend::api::resumes::ResumeQuery;
use resume_frontend::api::{ApiError, SessionEvent, csrf_token};
use resume_frontend::components::pager::page_count;
use resume_frontend::format::{count, list_names, local_time, preview};
use resume_frontend::pages::admin_audit::details_text;
use resume_frontend::pages::admin_users::{can_impersonate, update_request};
use resume_frontend::pages::dashboard::trash_consequence;
use resume_frontend::pages::settings::{
    OptionFields, key_dropped_by_endpoint_change, option_fields, options_request, settings_request,
    test_summary,
};
use resume_frontend::routes::{
    Access, Decision, Page, decide, decode_component, encode_component, login_path, query_param,
    safe_next,
};
use resume_frontend::state::Session;
use resume_shared::api::llm::{LlmAuthHeader, LlmEndpointOptions, LlmOutputMode};
use resume_shared::api::resumes::{ResumeKind, ResumeRef, ResumeSummary};
use resume_shared::api::{
    AdminUserResponse, LlmTestResponse, Patch, SettingsResponse, UpdateSettingsRequest, UserRef,
    UserResponse,
};
use wasm_bindgen_test::wasm_bindgen_test;

fn user(roles: &[&str]) -> UserResponse {
    UserResponse {
        id: "u1".to_owned(),
        username: "casey".to_owned(),
        email: "casey@example.com".to_owned(),
        roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        active: true,
        force_password_change: false,
        last_login_at: None,
        impersonator: None,
    }
}

fn redirect(path: &str) -> Decision {
    Decision::Redirect(path.to_owned())
}

#[wasm_bindgen_test]
fn while_the_session_loads_no_route_decides() {
    for access in [
        Access::Setup,
        Access::Guest,
        Access::Member,
        Access::Admin,
        Access::Any,
    ] {
        assert_eq!(decide(&Session::Loading, access, "/"), Decision::Wait);
    }
}

#[wasm_bindgen_test]
fn before_setup_every_route_leads_to_the_setup_page() {
    for access in [
        Access::Guest,
        Access::ForcedChange,
        Access::Member,
        Access::Admin,
        Access::Any,
    ] {
        assert_eq!(
            decide(&Session::NeedsSetup, access, "/x"),
            redirect("/setup")
        );
    }
    assert_eq!(
        decide(&Session::NeedsSetup, Access::Setup, "/setup"),
        Decision::Show
    );
}

#[wasm_bindgen_test]
fn visitors_go_to_the_login_page_which_remembers_the_page() {
    let anonymous = Session::Anonymous;
    assert_eq!(decide(&anonymous, Access::Guest, "/login"), Decision::Show);
    assert_eq!(decide(&anonymous, Access::Any, "/nowhere"), Decision::Show);
    assert_eq!(
        decide(&anonymous, Access::Setup, "/setup"),
        redirect("/login")
    );
    assert_eq!(decide(&anonymous, Access::Member, "/"), redirect("/login"));
    assert_eq!(
        decide(&anonymous, Access::Member, "/settings"),
        redirect("/login?next=/settings")
    );
    assert_eq!(
        decide(&anonymous, Access::Admin, "/admin/audit?page=2&x=y"),
        redirect("/login?next=/admin/audit%3Fpage%3D2%26x%3Dy")
    );
}

#[wasm_bindgen_test]
fn after_signing_in_the_login_page_leads_to_the_page_asked_for() {
    let signed_in = Session::SignedIn(user(&["user"]));
    assert_eq!(
        decide(
            &signed_in,
            Access::Guest,
            "/login?next=/admin/audit%3Fpage%3D2%26x%3Dy"
        ),
        redirect("/admin/audit?page=2&x=y")
    );
    assert_eq!(decide(&signed_in, Access::Guest, "/login"), redirect("/"));
    assert_eq!(
        decide(&signed_in, Access::Guest, "/login?next=//evil.example"),
        redirect("/")
    );
    assert_eq!(decide(&signed_in, Access::Setup, "/setup"), redirect("/"));
}

#[wasm_bindgen_test]
fn a_forced_password_change_allows_nothing_else() {
    let mut forced = user(&["user", "admin"]);
    forced.force_password_change = true;
    let session = Session::SignedIn(forced);
    for access in [
        Access::Guest,
        Access::Member,
        Access::Admin,
        Access::Any,
        Access::Setup,
    ] {
        assert_eq!(decide(&session, access, "/"), redirect("/change-password"));
    }
    assert_eq!(
        decide(&session, Access::ForcedChange, "/change-password"),
        Decision::Show
    );
    let normal = Session::SignedIn(user(&["user"]));
    assert_eq!(
        decide(&normal, Access::ForcedChange, "/change-password"),
        redirect("/")
    );
}

#[wasm_bindgen_test]
fn administration_is_for_administrators_who_are_not_being_impersonated() {
    let member = Session::SignedIn(user(&["user"]));
    let admin = Session::SignedIn(user(&["user", "admin"]));
    let mut acting = user(&["user", "admin"]);
    acting.impersonator = Some(UserRef {
        id: "a1".to_owned(),
        username: "admin".to_owned(),
    });
    let impersonated = Session::SignedIn(acting);
    assert_eq!(
        decide(&member, Access::Admin, "/admin/users"),
        redirect("/")
    );
    assert_eq!(
        decide(&admin, Access::Admin, "/admin/users"),
        Decision::Show
    );
    assert_eq!(
        decide(&impersonated, Access::Admin, "/admin/users"),
        redirect("/")
    );
    assert_eq!(decide(&member, Access::Member, "/trash"), Decision::Show);
}

#[wasm_bindgen_test]
fn return_addresses_stay_on_this_site() {
    assert_eq!(safe_next(Some("/settings?tab=1")), "/settings?tab=1");
    for unsafe_next in [
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example",
        "",
        "x",
    ] {
        assert_eq!(safe_next(Some(unsafe_next)), "/", "{unsafe_next}");
    }
    assert_eq!(safe_next(None), "/");
    assert_eq!(login_path("/login?next=/x"), "/login");
    assert_eq!(login_path("/resumes/a b"), "/login?next=/resumes/a%20b");
}

#[wasm_bindgen_test]
fn query_parameters_are_read_and_written_back() {
    assert_eq!(
        query_param("/login?next=%2Fx%3Fa%3Db&y=1", "next").as_deref(),
        Some("/x?a=b")
    );
    assert_eq!(query_param("/login?a=1", "next"), None);
    assert_eq!(query_param("/login", "next"), None);
    assert_eq!(query_param("/p?q=a+b#frag", "q").as_deref(), Some("a b"));
    let text = "Zoë & co / 100%?";
    assert_eq!(decode_component(&encode_component(text)), text);
    assert_eq!(decode_component("%zz%4"), "%zz%4");
    assert_eq!(Page::Resume("a/b".to_owned()).path(), "/resumes/a/b");
    assert_eq!(Page::AdminAudit.path(), "/admin/audit");
    assert_eq!(Page::CoverLetters.path(), "/cover-letters");
    assert_eq!(Page::NewCoverLetter(None).path(), "/cover-letters/new");
    assert_eq!(
        Page::NewCoverLetter(Some("r 1".to_owned())).path(),
        "/cover-letters/new?resume=r%201"
    );
    assert_eq!(
        query_param(
            &Page::NewCoverLetter(Some("r&1".to_owned())).path(),
            "resume"
        )
        .as_deref(),
        Some("r&1")
    );
    assert_eq!(
        Page::CoverLetter("l1".to_owned()).path(),
        "/cover-letters/l1"
    );
}

#[wasm_bindgen_test]
fn the_csrf_token_is_read_from_the_cookies() {
    assert_eq!(
        csrf_token("theme=dark; resume_editor_csrf=abc123; other=1").as_deref(),
        Some("abc123")
    );
    assert_eq!(csrf_token("resume_editor_csrf="), None);
    assert_eq!(csrf_token("x_resume_editor_csrf=nope"), None);
    assert_eq!(csrf_token(""), None);
    // Over HTTPS the cookie has the `__Host-` prefix, which wins over a plain one.
    assert_eq!(
        csrf_token("__Host-resume_editor_csrf=secure1").as_deref(),
        Some("secure1")
    );
    assert_eq!(
        csrf_token("resume_editor_csrf=old; __Host-resume_editor_csrf=secure1").as_deref(),
        Some("secure1")
    );
}

#[wasm_bindgen_test]
fn the_error_envelope_is_decoded_and_tells_session_problems() {
    let body = r#"{"error":{"code":"validation_failed","message":"Some fields are invalid.","fields":{"email":"is not an email address"}}}"#;
    let error = ApiError::from_body(422, body);
    assert_eq!(error.code, "validation_failed");
    assert_eq!(
        error.field("email").as_deref(),
        Some("is not an email address")
    );
    assert_eq!(error.session_event(), None);
    assert_eq!(
        ApiError::from_body(401, r#"{"error":{"code":"unauthorized","message":"x"}}"#)
            .session_event(),
        Some(SessionEvent::Expired)
    );
    assert_eq!(
        ApiError::from_body(
            403,
            r#"{"error":{"code":"password_change_required","message":"x"}}"#
        )
        .session_event(),
        Some(SessionEvent::PasswordChangeRequired)
    );
    assert_eq!(
        ApiError::from_body(409, r#"{"error":{"code":"setup_required","message":"x"}}"#)
            .session_event(),
        Some(SessionEvent::SetupRequired)
    );
    let proxy = ApiError::from_body(502, "<html>Bad gateway</html>");
    assert_eq!(proxy.code, "unexpected");
    assert!(proxy.message.contains("502"));
}

#[wasm_bindgen_test]
fn the_resume_query_sends_only_what_is_set() {
    let default = ResumeQuery::default();
    assert_eq!(
        default.params(),
        vec![
            ("sort", "-updated".to_owned()),
            ("page", "1".to_owned()),
            ("per_page", "10".to_owned())
        ]
    );
    let query = ResumeQuery {
        q: "  acme remote ".to_owned(),
        kind: Some(ResumeKind::Tailored),
        sort: "name".to_owned(),
        page: 2,
        per_page: 20,
    };
    assert_eq!(
        query.params(),
        vec![
            ("q", "acme remote".to_owned()),
            ("kind", "tailored".to_owned()),
            ("sort", "name".to_owned()),
            ("page", "2".to_owned()),
            ("per_page", "20".to_owned())
        ]
    );
}

fn summary(kind: ResumeKind, parent: Option<&str>) -> ResumeSummary {
    ResumeSummary {
        id: "r1".to_owned(),
        name: "Engineer".to_owned(),
        kind,
        parent: parent.map(|name| ResumeRef {
            id: "p1".to_owned(),
            name: name.to_owned(),
        }),
        company: None,
        notes: None,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[wasm_bindgen_test]
fn the_delete_confirmation_says_what_goes_to_the_trash() {
    let base = summary(ResumeKind::Base, None);
    assert_eq!(
        trash_consequence(&base, &[]),
        "It has no tailored resumes: only this resume goes to the trash."
    );
    assert_eq!(
        trash_consequence(&base, &["For Acme".to_owned(), "For Globex".to_owned()]),
        "Its 2 tailored resumes go to the trash with it: “For Acme” and “For Globex”."
    );
    assert_eq!(
        trash_consequence(&summary(ResumeKind::Tailored, Some("Engineer")), &[]),
        "Only this tailored resume goes to the trash; its base resume “Engineer” stays."
    );
}

#[wasm_bindgen_test]
fn the_settings_form_sends_changes_and_never_an_empty_key() {
    let saved = SettingsResponse {
        llm_endpoint: Some("https://a.example/v1".to_owned()),
        llm_model: None,
        api_key_set: true,
        session_timeout_minutes: 60,
        llm_options: LlmEndpointOptions::default(),
    };
    let unchanged = settings_request(&saved, "https://a.example/v1", "", "", "60");
    assert!(matches!(
        unchanged,
        Ok(ref request) if request.llm_endpoint == Patch::Unchanged
            && request.llm_model == Patch::Unchanged
            && request.api_key == Patch::Unchanged
            && request.session_timeout_minutes == Some(60)
    ));
    let changed = settings_request(&saved, " ", "gpt-4o", "sk-1", " 90 ");
    assert!(matches!(
        changed,
        Ok(ref request) if request.llm_endpoint == Patch::Clear
            && request.llm_model == Patch::Set("gpt-4o".to_owned())
            && request.api_key == Patch::Set("sk-1".to_owned())
            && request.session_timeout_minutes == Some(90)
    ));
    assert!(settings_request(&saved, "", "", "", "sixty").is_err());
}

#[wasm_bindgen_test]
fn the_settings_page_tells_when_an_endpoint_change_dropped_the_key() {
    let answer = |api_key_set| SettingsResponse {
        llm_endpoint: Some("https://b.example/v1".to_owned()),
        llm_model: None,
        api_key_set,
        session_timeout_minutes: 60,
        llm_options: LlmEndpointOptions::default(),
    };
    let request = |llm_endpoint, api_key| UpdateSettingsRequest {
        llm_endpoint,
        api_key,
        ..UpdateSettingsRequest::default()
    };
    let moved = request(
        Patch::Set("https://b.example/v1".to_owned()),
        Patch::Unchanged,
    );
    assert!(key_dropped_by_endpoint_change(true, &moved, &answer(false)));
    // No key before, a key kept (same server), or a new key sent with the change: nothing to say.
    assert!(!key_dropped_by_endpoint_change(
        false,
        &moved,
        &answer(false)
    ));
    assert!(!key_dropped_by_endpoint_change(true, &moved, &answer(true)));
    let with_key = request(
        Patch::Set("https://b.example/v1".to_owned()),
        Patch::Set("sk-2".to_owned()),
    );
    assert!(!key_dropped_by_endpoint_change(
        true,
        &with_key,
        &answer(true)
    ));
    // Removing the key on purpose is not a drop.
    let removed = request(Patch::Unchanged, Patch::Clear);
    assert!(!key_dropped_by_endpoint_change(
        true,
        &removed,
        &answer(false)
    ));
}

fn admin_user(roles: &[&str], active: bool) -> AdminUserResponse {
    AdminUserResponse {
        id: "u2".to_owned(),
        username: "dana".to_owned(),
        email: "dana@example.com".to_owned(),
        roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        active,
        force_password_change: false,
        last_login_at: None,
        resume_count: 0,
        attributes: serde_json::Map::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[wasm_bindgen_test]
fn the_user_form_sends_only_changed_fields() {
    let dana = admin_user(&["user"], true);
    let nothing = update_request(&dana, "dana@example.com", true, false, "");
    assert_eq!(nothing, resume_shared::api::UpdateUserRequest::default());
    let changes = update_request(&dana, " new@example.com ", false, true, "a new password");
    assert_eq!(changes.email.as_deref(), Some("new@example.com"));
    assert_eq!(changes.active, Some(false));
    assert_eq!(changes.force_password_change, Some(true));
    assert_eq!(changes.password.as_deref(), Some("a new password"));
}

#[wasm_bindgen_test]
fn only_active_non_administrators_other_than_oneself_can_be_impersonated() {
    assert!(can_impersonate(&admin_user(&["user"], true), "me"));
    assert!(!can_impersonate(&admin_user(&["user"], false), "me"));
    assert!(!can_impersonate(
        &admin_user(&["user", "admin"], true),
        "me"
    ));
    assert!(!can_impersonate(&admin_user(&["user"], true), "u2"));
}

#[wasm_bindgen_test]
fn text_helpers() {
    assert_eq!(page_count(0, 10), 1);
    assert_eq!(page_count(10, 10), 1);
    assert_eq!(page_count(11, 10), 2);
    assert_eq!(preview("  a\n\n b  ", 10), "a b");
    assert_eq!(preview("abcdefghijkl", 5), "abcd…");
    assert_eq!(count(1, "resume", "resumes"), "1 resume");
    assert_eq!(count(3, "resume", "resumes"), "3 resumes");
    assert_eq!(list_names(&["A".to_owned()]), "“A”");
    assert_eq!(
        list_names(&["A".to_owned(), "B".to_owned(), "C".to_owned()]),
        "“A”, “B” and “C”"
    );
    assert_eq!(
        details_text(&serde_json::json!({"fields": ["email"], "method": "POST"})),
        "fields: [\"email\"], method: POST"
    );
    assert_eq!(details_text(&serde_json::json!({})), "");
    assert_eq!(
        details_text(
            &serde_json::json!({"name_fingerprint": "3f9a0c1d2e4b5a69", "reason": "unknown name"})
        ),
        "unknown name #3f9a0c1d2e4b5a69, reason: unknown name"
    );
    let shown = local_time("2026-01-31T12:05:00Z");
    assert_eq!(shown.len(), "2026-01-31 12:05".len(), "{shown}");
    assert!(
        shown.starts_with("2026-01-3") || shown.starts_with("2026-02-01"),
        "{shown}"
    );
    assert_eq!(local_time("not a time"), "not a time");
}

#[wasm_bindgen_test]
fn the_endpoint_options_are_read_from_the_form_and_sent_only_when_changed() {
    let saved = LlmEndpointOptions::default();
    let untouched = option_fields(&saved);
    assert_eq!(options_request(&saved, &untouched), Ok(Patch::Unchanged));
    let azure = OptionFields {
        output_mode: "json_object".to_owned(),
        auth_header: "api_key".to_owned(),
        query: " api-version = 2024-10-21 & x=1 ".to_owned(),
        concurrency: "2".to_owned(),
        idle_timeout: " 30 ".to_owned(),
        ..untouched.clone()
    };
    let Ok(Patch::Set(options)) = options_request(&saved, &azure) else {
        panic!("the options are sent");
    };
    assert_eq!(options.output_mode, Some(LlmOutputMode::JsonObject));
    assert_eq!(options.auth_header, LlmAuthHeader::ApiKey);
    assert_eq!(options.query["api-version"], "2024-10-21");
    assert_eq!(options.query["x"], "1");
    assert_eq!(options.concurrency, Some(2));
    assert_eq!(options.idle_timeout_seconds, Some(30));
    assert_eq!(options.max_tokens, None);
    // The saved options read back into the same form text.
    assert_eq!(
        options_request(&options, &option_fields(&options)),
        Ok(Patch::Unchanged)
    );
    let bad_number = OptionFields {
        max_tokens: "lots".to_owned(),
        ..untouched.clone()
    };
    assert_eq!(
        options_request(&saved, &bad_number)
            .err()
            .map(|(field, _)| field),
        Some("llm_options.max_tokens")
    );
    let bad_query = OptionFields {
        query: "api-version".to_owned(),
        ..untouched
    };
    assert_eq!(
        options_request(&saved, &bad_query)
            .err()
            .map(|(field, _)| field),
        Some("llm_options.query")
    );
}

#[wasm_bindgen_test]
fn the_connection_test_says_what_answered_or_what_to_do() {
    let result = |ok, retryable, error: Option<&str>| LlmTestResponse {
        ok,
        latency_ms: 120,
        mode: ok.then(|| "json_object".to_owned()),
        model: "qwen3".to_owned(),
        error: error.map(str::to_owned),
        retryable,
        notes: Vec::new(),
    };
    assert_eq!(
        test_summary(&result(true, None, None)),
        "Connected: qwen3 answered in 120 ms (json_object output)."
    );
    assert!(
        test_summary(&result(false, Some(true), Some("rate limited")))
            .ends_with("Trying again later may help.")
    );
    assert!(
        test_summary(&result(
            false,
            Some(false),
            Some("the API key was rejected")
        ))
        .contains("Change the settings")
    );
}
