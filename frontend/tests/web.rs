//! Logic of the browser app that needs no page: the access rules of the routes, the
//! login page's return address, the CSRF cookie, the API's error envelope, the request bodies
//! the forms build, the two-factor screens' text, and the text helpers.
//!
//! Runs under Node.js with `wasm-bindgen-test-runner` (see `scripts/test.sh`):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p resume_frontend --target wasm32-unknown-unknown`.

use resume_frontend::api::resumes::ResumeQuery;
use resume_frontend::api::{ApiError, SessionEvent, csrf_token};
use resume_frontend::components::pager::page_count;
use resume_frontend::format::{count, list_names, local_time, preview};
use resume_frontend::pages::admin_audit::details_text;
use resume_frontend::pages::admin_instance::saved_message;
use resume_frontend::pages::admin_users::{can_impersonate, update_request};
use resume_frontend::pages::dashboard::trash_consequence;
use resume_frontend::pages::second_factor::{challenge_ended, code_error};
use resume_frontend::pages::sessions::session_summary;
use resume_frontend::pages::settings::{
    OptionFields, key_dropped_by_endpoint_change, option_fields, options_request, settings_request,
    test_summary,
};
use resume_frontend::pages::two_factor::status_text;
use resume_frontend::pages::two_factor::text::{
    base64, grouped_secret, recovery_codes_file, svg_data_url, text_data_url,
};
use resume_frontend::routes::{
    Access, Decision, Page, decide, decode_component, encode_component, login_path, query_param,
    safe_next,
};
use resume_frontend::state::Session;
use resume_shared::api::llm::{LlmAuthHeader, LlmEndpointOptions, LlmOutputMode};
use resume_shared::api::resumes::{ResumeKind, ResumeRef, ResumeSummary};
use resume_shared::api::sessions::{SessionEntry, SignInMethod};
use resume_shared::api::two_factor::TwoFactorStatus;
use resume_shared::api::{
    AdminUserResponse, InstanceSettings, LlmTestResponse, Patch, SettingsResponse,
    UpdateSettingsRequest, UserRef, UserResponse,
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
        two_factor_enabled: false,
        two_factor_enrolment_required: false,
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
fn a_required_two_factor_enrolment_allows_nothing_else() {
    let mut unenrolled = user(&["user", "admin"]);
    unenrolled.two_factor_enrolment_required = true;
    let session = Session::SignedIn(unenrolled.clone());
    for access in [
        Access::Guest,
        Access::Member,
        Access::Admin,
        Access::Any,
        Access::Setup,
        Access::ForcedChange,
    ] {
        assert_eq!(decide(&session, access, "/"), redirect("/two-factor-setup"));
    }
    assert_eq!(
        decide(&session, Access::ForcedEnrolment, "/two-factor-setup"),
        Decision::Show
    );
    assert_eq!(Page::TwoFactorSetup.path(), "/two-factor-setup");
    assert_eq!(Page::TwoFactorSetup.access(), Access::ForcedEnrolment);

    // The password change comes first when both apply.
    unenrolled.force_password_change = true;
    let both = Session::SignedIn(unenrolled);
    assert_eq!(
        decide(&both, Access::ForcedEnrolment, "/two-factor-setup"),
        redirect("/change-password")
    );
    assert_eq!(
        decide(&both, Access::ForcedChange, "/change-password"),
        Decision::Show
    );

    // Enrolled, or never asked: the setup page leads to the app; visitors sign in first.
    let normal = Session::SignedIn(user(&["user"]));
    assert_eq!(
        decide(&normal, Access::ForcedEnrolment, "/two-factor-setup"),
        redirect("/")
    );
    assert_eq!(
        decide(
            &Session::Anonymous,
            Access::ForcedEnrolment,
            "/two-factor-setup"
        ),
        redirect("/login?next=/two-factor-setup")
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
    assert_eq!(
        ApiError::from_body(
            403,
            r#"{"error":{"code":"two_factor_enrolment_required","message":"x"}}"#
        )
        .session_event(),
        Some(SessionEvent::TwoFactorEnrolmentRequired)
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
        two_factor_enabled: false,
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

#[wasm_bindgen_test]
fn a_refused_code_says_where_its_message_goes_and_whether_to_sign_in_again() {
    let wrong = ApiError::from_body(
        401,
        r#"{"error":{"code":"invalid_code","message":"That code is wrong or was already used. Enter the current code."}}"#,
    );
    assert!(!challenge_ended(&wrong));
    assert_eq!(code_error(&wrong).as_deref(), Some(wrong.message.as_str()));
    let ended = ApiError::from_body(
        401,
        r#"{"error":{"code":"sign_in_expired","message":"This sign-in has expired. Sign in again."}}"#,
    );
    assert!(challenge_ended(&ended));
    let empty = ApiError::from_body(
        422,
        r#"{"error":{"code":"validation_failed","message":"x","fields":{"code":"must not be empty"}}}"#,
    );
    assert_eq!(code_error(&empty).as_deref(), Some("must not be empty"));
    let limited = ApiError::from_body(
        429,
        r#"{"error":{"code":"rate_limited","message":"Too many."}}"#,
    );
    assert_eq!(code_error(&limited), None);
    assert!(!challenge_ended(&limited));
}

#[wasm_bindgen_test]
fn the_secret_qr_code_and_recovery_codes_are_shown_safely() {
    assert_eq!(
        grouped_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
    );
    assert_eq!(grouped_secret("ABCDEF"), "ABCD EF");
    for (text, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(text.as_bytes()), encoded);
    }
    assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    assert_eq!(svg_data_url("<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
    let codes = vec!["k7qm-2xhd-9tfa".to_owned(), "abcd-efgh-jkmn".to_owned()];
    let file = recovery_codes_file("casey", &codes);
    assert!(file.starts_with("Resume Editor recovery codes for casey\n"));
    assert!(file.ends_with("k7qm-2xhd-9tfa\nabcd-efgh-jkmn\n"));
    assert!(text_data_url("a").starts_with("data:text/plain;charset=utf-8;base64,"));
}

#[wasm_bindgen_test]
fn saving_the_instance_says_what_is_now_in_force() {
    let mut settings = InstanceSettings {
        registration_open: true,
        require_two_factor: Some(false),
    };
    assert!(saved_message(&settings).starts_with("Registration is open"));
    assert!(!saved_message(&settings).contains("two-factor"));
    settings.registration_open = false;
    settings.require_two_factor = Some(true);
    assert_eq!(
        saved_message(&settings),
        "Registration is closed. Every user must sign in with two-factor authentication."
    );
}

#[wasm_bindgen_test]
fn a_session_says_how_and_from_where_it_signed_in() {
    let session = SessionEntry {
        id: "s1".to_owned(),
        current: true,
        method: SignInMethod::Totp,
        device: "Firefox on Linux".to_owned(),
        user_agent: None,
        ip: Some("203.0.113.7".to_owned()),
        created_at: "2026-12-07T10:00:00Z".to_owned(),
        last_seen_at: "2026-12-07T10:42:00Z".to_owned(),
        expires_at: "2026-12-07T11:42:00Z".to_owned(),
    };
    let summary = session_summary(&session);
    assert!(
        summary.starts_with("Password and authenticator code from 203.0.113.7 · started "),
        "{summary}"
    );
    let status = TwoFactorStatus {
        enabled: false,
        enabled_at: None,
        recovery_codes_left: 0,
        required: false,
    };
    assert!(status_text(&status).starts_with("Off"));
    let on = TwoFactorStatus {
        enabled: true,
        recovery_codes_left: 1,
        ..status
    };
    assert!(
        status_text(&on).ends_with("1 recovery code left."),
        "{}",
        status_text(&on)
    );
}
