//! The duration and date parsers: never panic, and what they accept is
//! within range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use jelly::model::duration::Span;
    if let Ok(span) = Span::parse_offset(text) {
        let _ = span.fixed();
        assert_eq!(Span::parse(&span.to_string()), Ok(span), "{span} reads back");
    }
    if let Ok(span) = Span::parse_spacing(text) {
        let start = jelly::model::parse_local_datetime("2026-01-01").unwrap();
        let _ = span.after(start, 100);
    }
    if let Some(date) = jelly::model::parse_local_datetime(text) {
        let _ = date.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    // Issue 24: French dates, times, weekdays and answers as typed.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    if let Some(typed) = jelly::model::input::parse_datetime(text, today) {
        let _ = typed.at.format("%Y-%m-%dT%H:%M").to_string();
    }
    let _ = jelly::model::input::parse_weekday(text);
    let _ = jelly::model::input::parse_answer(text);
    let _ = jelly::store::syntax::message(jelly::i18n::Lang::Fr, text);
    let _ = jelly::model::validate_text_field(text);
    let _ = jelly::model::validate_recipient("Ana", text);
    let _ = jelly::error::shown(text);
});
