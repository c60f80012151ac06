//! The IMAP client on whatever a server sends: the bytes are played back as
//! the server's side of a session (greeting, LOGIN, CAPABILITY, SELECT,
//! SEARCH, FETCH, MOVE…), and jelly's `ImapBox` logs in, lists, fetches and
//! moves what it listed. A hostile or broken server may make it fail with
//! an error, never panic or loop (the bytes run out: end of stream).
#![no_main]

use std::io::{Cursor, Read, Write};

use jelly::inbox::imap::ImapBox;
use jelly::inbox::Mailbox;
use libfuzzer_sys::fuzz_target;

struct Played(Cursor<Vec<u8>>);

impl Read for Played {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Played {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let stream = Played(Cursor::new(data.to_vec()));
    if let Ok(mut mailbox) = ImapBox::open(stream, true, "jelly", "secret", "INBOX", "jelly") {
        if let Ok(listed) = mailbox.list() {
            let ids: Vec<String> = listed.iter().map(|l| l.id.clone()).collect();
            let _ = mailbox.fetch(&ids);
            let _ = mailbox.done(&ids);
        }
        mailbox.close();
    }
});
