//! Small text helpers for display: local times, previews, plurals. Pure except for
//! [`local_time`], which asks the browser for the time zone.

/// An RFC 3339 timestamp as `YYYY-MM-DD HH:MM` in the browser's time zone; the input itself
/// when it does not parse.
#[must_use]
pub fn local_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    let millis = date.get_time();
    if millis.is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The text on one line (runs of white space as one space), cut to at most `max` characters
/// with an ellipsis.
#[must_use]
pub fn preview(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `1 resume`, `2 resumes`.
#[must_use]
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `A`, `A and B`, `A, B and C`.
#[must_use]
pub fn list_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("“{one}”"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|name| format!("“{name}”")).collect();
            format!("{} and “{last}”", init.join(", "))
        }
    }
}
