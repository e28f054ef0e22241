//! Paging parameters of every paged list: a huge page, zero, a page whose row offset would
//! overflow, numbers beyond 64 bits and negative numbers all answer 422 naming the parameter;
//! the largest page answers (empty).

use reqwest::{Method, StatusCode};

use super::{call, refused};
use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    every_paged_list_refuses_out_of_range_pages_with_422_naming_the_parameter,
    the_largest_page_answers_empty_and_text_is_not_a_number,
);

/// The paged lists and their largest page size.
const LISTS: [(&str, u64); 3] = [
    ("/resumes", 100),
    ("/admin/users", 200),
    ("/admin/audit", 200),
];

async fn every_paged_list_refuses_out_of_range_pages_with_422_naming_the_parameter(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;

    for (path, max_per_page) in LISTS {
        for (query, parameter) in [
            // A panic in a library `unwrap()` before the fix, debug and release builds alike.
            ("page=100000000000000000&per_page=100".to_owned(), "page"),
            // `(page - 1) * per_page` overflows 64 bits.
            ("page=9223372036854775807&per_page=100".to_owned(), "page"),
            ("page=18446744073709551615".to_owned(), "page"),
            // Beyond 64 bits: out of range, not "not a number".
            ("page=99999999999999999999999999".to_owned(), "page"),
            ("page=1000001".to_owned(), "page"),
            ("page=0".to_owned(), "page"),
            ("page=-1".to_owned(), "page"),
            ("per_page=0".to_owned(), "per_page"),
            (format!("per_page={}", max_per_page + 1), "per_page"),
            ("per_page=99999999999999999999999999".to_owned(), "per_page"),
            ("per_page=-5".to_owned(), "per_page"),
        ] {
            // Act
            let url = format!("{path}?{query}");
            let problem = refused(&app, Some(&admin), Method::GET, &url, None, parameter).await;

            // Assert
            assert!(
                problem.starts_with("must be from 1 to "),
                "{url}: {problem}"
            );
        }
    }
}

async fn the_largest_page_answers_empty_and_text_is_not_a_number(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;

    for (path, max_per_page) in LISTS {
        // Act
        let url = format!("{path}?page=1000000&per_page={max_per_page}");
        let (status, body) = call(&app, Some(&admin), Method::GET, &url, None).await;

        // Assert
        assert_eq!(status, StatusCode::OK, "{url}: {body}");
        assert_eq!(body["items"].as_array().map(Vec::len), Some(0), "{body}");
        assert_eq!(body["page"], 1_000_000);
        assert!(body["total"].as_u64().is_some_and(|total| total > 0) || path == "/resumes");
        let (status, body) = call(
            &app,
            Some(&admin),
            Method::GET,
            &format!("{path}?page=two"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "invalid_parameter");
    }
}
