//! Fixtures shared by the unit tests: places and people with every optional
//! key left out, to be adjusted with struct update syntax
//! (`Participant { carpool: true, ..participant("a", "A", "ales") }`).

use crate::model::{Participant, Venue, Village};

/// A village with no department.
pub(crate) fn village(id: &str, name: &str, lat: f64, lon: f64) -> Village {
    Village {
        id: id.into(),
        name: name.into(),
        lat,
        lon,
        department: None,
    }
}

/// An active venue at its village's point, with nothing else known.
pub(crate) fn venue(id: &str, name: &str, village: &str) -> Venue {
    Venue {
        id: id.into(),
        name: name.into(),
        village: village.into(),
        lat: None,
        lon: None,
        capacity: None,
        amenities: vec![],
        address: None,
        contact: None,
        active: true,
    }
}

/// An active participant with no email address, who still takes mail.
pub(crate) fn participant(id: &str, name: &str, village: &str) -> Participant {
    Participant {
        id: id.into(),
        name: name.into(),
        email: None,
        village: village.into(),
        max_km: None,
        active: true,
        profession: None,
        joined: None,
        carpool: false,
        mail: true,
        bounced: None,
        skills: vec![],
        aliases: vec![],
        listed: false,
        website: None,
        phone: None,
    }
}
