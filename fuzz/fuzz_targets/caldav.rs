//! The CalDAV server's PROPFIND answer (untrusted): whatever comes back,
//! the parser returns without panicking, and every name it keeps is a
//! plain `.ics` file name directly inside the collection.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (base, xml) = text.split_once('\n').unwrap_or(("/cal/", text));
    if let Some(held) = jelly::publish::dav::parse_multistatus(xml, base) {
        for h in held {
            assert!(h.name.ends_with(".ics") && !h.name.contains('/'));
        }
    }
});
