//! Fuzz target: the parser never panics, and whatever it reads survives a canonical round
//! trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = resume_shared::parse(text) {
        let canonical = resume_shared::to_markdown(&parsed.resume);
        let again = resume_shared::parse(&canonical).expect("the canonical text parses");
        assert_eq!(again.resume, parsed.resume, "round trip changed the resume");
        assert_eq!(resume_shared::to_markdown(&again.resume), canonical);
    }
});
