//! The one port allocator of the suite. Servers that accept port 0 (the
//! test SMTP server) are given it and report the port the system chose.
//! For the others (Postfix, Dovecot, osrm-routed, a script's listeners),
//! [`hold`] binds 127.0.0.1:0 — a port the system gives, outside any fixed
//! range that another run could share — and keeps it bound until the
//! caller releases it just before starting the server; no port is handed
//! out twice by one test binary.

use std::collections::HashSet;
use std::net::TcpListener;
use std::sync::Mutex;

static GIVEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);

/// A free port of 127.0.0.1, bound until [`PortHold::release`].
#[derive(Debug)]
pub struct PortHold {
    pub port: u16,
    listener: Option<TcpListener>,
}

impl PortHold {
    /// Frees the port, for the server about to bind it; returns it.
    pub fn release(&mut self) -> u16 {
        self.listener = None;
        self.port
    }
}

/// Binds a free port (given by the system) and holds it.
pub fn hold() -> PortHold {
    let mut given = GIVEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let given = given.get_or_insert_with(HashSet::new);
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        if given.insert(port) {
            return PortHold {
                port,
                listener: Some(listener),
            };
        }
    }
}

/// `count` distinct free ports, each held.
pub fn hold_many(count: usize) -> Vec<PortHold> {
    (0..count).map(|_| hold()).collect()
}

/// Waits (at most `seconds`) until something listens on `port`; the
/// server's log in the panic message otherwise.
#[track_caller]
pub fn wait_listening(port: u16, seconds: u64, log: impl Fn() -> String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing listens on 127.0.0.1:{port} after {seconds} s:\n{}",
            log()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A port nobody listens on (bound, then freed, and never handed out again
/// by [`hold`]).
pub fn closed_port() -> u16 {
    hold().release()
}
