//! Geography on the sphere: the Earth's radius and great-circle distances
//! between WGS84 points. The one place these live; rotation, planning,
//! maps and statistics all measure with them.

/// Mean Earth radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres per degree of latitude (or of longitude on the equator).
pub(crate) const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// The unit vector of a WGS84 point (degrees) on the sphere.
pub fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// Great-circle distance in km between two unit vectors. This is the
/// haversine formula written with the chord `c` between the points
/// (`sin²(θ/2) = (c/2)²`), so it needs no trigonometry per pair but one
/// `asin`.
#[inline(always)]
pub fn great_circle_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let dx = a[0] - b[0];
    let dy = a[1] - b[1];
    let dz = a[2] - b[2];
    let half_chord = (dx * dx + dy * dy + dz * dz).sqrt() * 0.5;
    // `vecmath::asin`, not libm's: the ranking's kernel vectorises this
    // very function, and every distance of jelly is the same bits.
    2.0 * EARTH_RADIUS_KM * crate::vecmath::asin(half_chord.min(1.0))
}

/// Great-circle distance in km between two WGS84 points (degrees): the
/// haversine distance on a sphere of radius [`EARTH_RADIUS_KM`]. Gives
/// exactly the same number as [`great_circle_km`] on the points' unit
/// vectors, which is what the fast paths use.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    great_circle_km(&unit_vector(lat1, lon1), &unit_vector(lat2, lon2))
}
