//! The duration and date parsers: never panic, and what they accept is
//! within range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(offset) = jelly::model::parse_offset(text) {
        let _ = offset.num_minutes();
    }
    let _ = jelly::rotation::plan::Spacing::parse(text);
    if let Some(date) = jelly::model::parse_local_datetime(text) {
        let _ = date.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    let _ = jelly::store::load::parse_smtp_url(text);
    let _ = jelly::model::validate_text_field(text);
    let _ = jelly::model::validate_recipient("Ana", text);
    let _ = jelly::error::shown(text);
});
