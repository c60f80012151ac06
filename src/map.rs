//! The network as an SVG map (pure: data in, SVG text out).
//!
//! Projection: equirectangular, with longitudes scaled by the cosine of the
//! map's mean latitude, so that at the scale of a region (a few hundred km)
//! distances read the same in every direction and the scale bar holds.
//! Villages are circles sized by the number of participants living there,
//! venues are squares, the chosen venue is highlighted and joined by a line
//! to every village with participants. Labels are placed greedily, the most
//! important first, at the first of eight spots around their point that
//! overlaps nothing already drawn. The first 40 (the venue, then the
//! villages with the most people or a venue) take their least covered spot
//! when none is free; the others are left out then, so that a national map
//! stays readable.

use std::collections::HashMap;
use std::fmt::Write;

use crate::geo::KM_PER_DEGREE;
use crate::i18n::Lang;
use crate::model::Dataset;
use crate::t;

const WIDTH: f64 = 960.0;
const MARGIN: f64 = 50.0;
const TOP: f64 = 60.0;
const BOTTOM: f64 = 110.0;
const FONT_SIZE: f64 = 12.0;
/// How many labels are drawn even where they overlap (see `render`).
const REQUIRED_LABELS: usize = 40;

/// What to draw.
#[derive(Debug, Clone, Default)]
pub(crate) struct MapSpec {
    /// A title line, e.g. the session's date and venue.
    pub title: String,
    /// The venue to highlight and join every village to.
    pub venue: Option<String>,
    /// Participants per village id (only villages listed here get a circle
    /// sized by their count).
    pub people: HashMap<String, usize>,
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x: x - r,
            y: y - r,
            w: 2.0 * r,
            h: 2.0 * r,
        }
    }

    fn overlap(&self, other: &Rect) -> f64 {
        let w = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let h = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    fn inside(&self, width: f64, height: f64) -> bool {
        self.x >= 2.0
            && self.y >= 2.0
            && self.x + self.w <= width - 2.0
            && self.y + self.h <= height - 2.0
    }
}

/// Everything drawn so far that a label must not cover, with a uniform grid
/// over the map so that a label is tested against the shapes near it only
/// (testing against all of them made a national map quadratic: a map of
/// 10,000 villages took seconds).
struct Occupied {
    rects: Vec<Rect>,
    cells: Vec<Vec<u32>>,
    cols: usize,
    rows: usize,
    /// When each shape was last counted by [`Occupied::cost`] (a shape
    /// filed under several cells is counted once).
    seen: Vec<u32>,
    epoch: u32,
}

const CELL: f64 = 32.0;

impl Occupied {
    fn new(width: f64, height: f64) -> Occupied {
        let cols = (width / CELL).ceil().max(1.0) as usize;
        let rows = (height / CELL).ceil().max(1.0) as usize;
        Occupied {
            rects: Vec::new(),
            cells: vec![Vec::new(); cols * rows],
            cols,
            rows,
            seen: Vec::new(),
            epoch: 0,
        }
    }

    /// The grid cells a rectangle touches, clamped to the grid (a shape
    /// partly off the map is filed under the border cells).
    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let cell = |v: f64, n: usize| ((v / CELL).floor().max(0.0) as usize).min(n - 1);
        (
            cell(r.x, self.cols),
            cell(r.x + r.w, self.cols),
            cell(r.y, self.rows),
            cell(r.y + r.h, self.rows),
        )
    }

    /// The shapes filed under the cells `r` touches (a shape may come more
    /// than once).
    fn near(&self, r: &Rect) -> impl Iterator<Item = u32> + '_ {
        let (c0, c1, r0, r1) = self.span(r);
        (r0..=r1).flat_map(move |row| {
            (c0..=c1).flat_map(move |col| self.cells[row * self.cols + col].iter().copied())
        })
    }

    fn push(&mut self, r: Rect) {
        let i = self.rects.len() as u32;
        let (c0, c1, r0, r1) = self.span(&r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                self.cells[row * self.cols + col].push(i);
            }
        }
        self.rects.push(r);
        self.seen.push(0);
    }

    /// Whether `r` overlaps nothing drawn (it stops at the first overlap).
    fn free(&self, r: &Rect) -> bool {
        self.near(r)
            .all(|i| self.rects[i as usize].overlap(r) == 0.0)
    }

    /// The area of `r` covered by what is drawn (overlaps added up).
    fn cost(&mut self, r: &Rect) -> f64 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.seen.fill(0);
            self.epoch = 1;
        }
        let epoch = self.epoch;
        let (c0, c1, r0, r1) = self.span(r);
        let mut total = 0.0;
        for row in r0..=r1 {
            for col in c0..=c1 {
                for &i in &self.cells[row * self.cols + col] {
                    let i = i as usize;
                    if self.seen[i] != epoch {
                        self.seen[i] = epoch;
                        total += self.rects[i].overlap(r);
                    }
                }
            }
        }
        total
    }
}

/// Rough width of a label: sans-serif glyphs average ~0.56 em.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// A round length for the scale bar, near a fifth of the map's width.
fn nice_km(km: f64) -> f64 {
    let magnitude = 10f64.powf(km.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .rev()
        .find(|s| s * magnitude <= km)
        .unwrap_or(1.0);
    step * magnitude
}

struct Projection {
    lat_top: f64,
    lon_left: f64,
    cos: f64,
    px_per_degree: f64,
}

impl Projection {
    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            MARGIN + (lon - self.lon_left) * self.cos * self.px_per_degree,
            TOP + (self.lat_top - lat) * self.px_per_degree,
        )
    }

    fn km_per_px(&self) -> f64 {
        KM_PER_DEGREE / self.px_per_degree
    }
}

/// Draws the map.
pub(crate) fn render(data: &Dataset, spec: &MapSpec, lang: Lang) -> String {
    let mut points: Vec<(f64, f64)> = data.villages.iter().map(|v| (v.lat, v.lon)).collect();
    points.extend(data.venues.iter().filter_map(|v| data.venue_point(v)));
    if points.is_empty() {
        points.push((46.5, 2.5));
    }
    let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for &(lat, lon) in &points {
        lat_min = lat_min.min(lat);
        lat_max = lat_max.max(lat);
        lon_min = lon_min.min(lon);
        lon_max = lon_max.max(lon);
    }
    // At least ~20 km across, so a single village is not a point.
    let pad = 0.1_f64.max((lat_max - lat_min).max(lon_max - lon_min) * 0.04);
    lat_min -= pad;
    lat_max += pad;
    lon_min -= pad;
    lon_max += pad;
    let cos = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.05);
    let inner_width = WIDTH - 2.0 * MARGIN;
    let px_per_degree = inner_width / ((lon_max - lon_min) * cos);
    let projection = Projection {
        lat_top: lat_max,
        lon_left: lon_min,
        cos,
        px_per_degree,
    };
    let map_height = (lat_max - lat_min) * px_per_degree;
    let height = (TOP + map_height + BOTTOM).round();

    let radius = |people: usize| {
        if people == 0 {
            2.5
        } else {
            4.0 + 3.0 * (people as f64).sqrt()
        }
    };
    let chosen = spec
        .venue
        .as_ref()
        .and_then(|id| data.venue(id))
        .and_then(|v| data.venue_point(v).map(|p| (v, p)));

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&spec.title));
    let _ = writeln!(
        svg,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#f7f5ef"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="32" font-size="18" font-weight="bold" fill="#222">{}</text>"##,
        escape(&spec.title)
    );

    // Everything drawn so far that a label must not cover.
    let mut occupied = Occupied::new(WIDTH, height);

    // Lines from every village with participants to the chosen venue.
    if let Some((_, (vlat, vlon))) = chosen {
        let (tx, ty) = projection.xy(vlat, vlon);
        let _ = writeln!(
            svg,
            r##"<g stroke="#c0392b" stroke-opacity="0.45" fill="none">"##
        );
        for village in &data.villages {
            let people = spec.people.get(&village.id).copied().unwrap_or(0);
            if people == 0 {
                continue;
            }
            let (x, y) = projection.xy(village.lat, village.lon);
            let _ = writeln!(
                svg,
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{tx:.1}" y2="{ty:.1}" stroke-width="{:.1}"/>"#,
                1.0 + (people as f64).sqrt() * 0.6
            );
        }
        let _ = writeln!(svg, "</g>");
    }

    // Villages, the largest circles first so that small ones stay visible.
    let mut villages: Vec<_> = data.villages.iter().collect();
    villages.sort_by_key(|v| std::cmp::Reverse(spec.people.get(&v.id).copied().unwrap_or(0)));
    let _ = writeln!(svg, r#"<g id="villages">"#);
    for village in &villages {
        let people = spec.people.get(&village.id).copied().unwrap_or(0);
        let (x, y) = projection.xy(village.lat, village.lon);
        let r = radius(people);
        let (fill, stroke) = if people > 0 {
            ("#2e86c1", "#1b4f72")
        } else {
            ("#aab7b8", "#7f8c8d")
        };
        let _ = writeln!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.6" stroke="{stroke}"><title>{}: {people}</title></circle>"#,
            escape(&village.name)
        );
        occupied.push(Rect::around(x, y, r));
    }
    let _ = writeln!(svg, "</g>");

    // Venues: squares; the chosen one larger, red, with a ring.
    let _ = writeln!(svg, r#"<g id="venues">"#);
    for venue in &data.venues {
        let Some((lat, lon)) = data.venue_point(venue) else {
            continue;
        };
        let (x, y) = projection.xy(lat, lon);
        let is_chosen = chosen.is_some_and(|(c, _)| c.id == venue.id);
        if is_chosen {
            continue;
        }
        let fill = if venue.active { "#34495e" } else { "#bdc3c7" };
        let _ = writeln!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{fill}" stroke="#fff" stroke-width="1"><title>{}</title></rect>"##,
            x - 4.0,
            y - 4.0,
            escape(&venue.name)
        );
        occupied.push(Rect::around(x, y, 4.0));
    }
    if let Some((venue, (lat, lon))) = chosen {
        let (x, y) = projection.xy(lat, lon);
        let _ = writeln!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="11" fill="none" stroke="#c0392b" stroke-width="2.5"/><rect x="{:.1}" y="{:.1}" width="12" height="12" fill="#c0392b" stroke="#fff" stroke-width="1.5"><title>{}</title></rect>"##,
            x - 6.0,
            y - 6.0,
            escape(&venue.name)
        );
        occupied.push(Rect::around(x, y, 12.0));
    }
    let _ = writeln!(svg, "</g>");

    // Labels: the chosen venue first, then villages by participants.
    let mut labels: Vec<(String, f64, f64, f64, bool, bool)> = Vec::new(); // text, x, y, r, bold, optional
    if let Some((venue, (lat, lon))) = chosen {
        let (x, y) = projection.xy(lat, lon);
        labels.push((venue.name.clone(), x, y, 12.0, true, false));
    }
    let hosting: std::collections::HashSet<&str> =
        data.venues.iter().map(|v| v.village.as_str()).collect();
    for village in &villages {
        let people = spec.people.get(&village.id).copied().unwrap_or(0);
        let (x, y) = projection.xy(village.lat, village.lon);
        let hosts = hosting.contains(village.id.as_str());
        let text = if people > 0 {
            format!("{} ({people})", village.name)
        } else {
            village.name.clone()
        };
        labels.push((text, x, y, radius(people), false, people == 0 && !hosts));
    }
    let _ = writeln!(
        svg,
        r##"<g id="labels" fill="#222" stroke="#f7f5ef" stroke-width="3" paint-order="stroke">"##
    );
    // The first labels that matter (the venue, the villages with the most
    // people or a venue) are drawn even where they overlap, at their best
    // spot; past those, a label is drawn only where it overlaps nothing.
    // On a national map (9,500 villages with people) labels drawn over
    // each other could not be read, and piled up they made the placement
    // quadratic.
    let mut required = 0;
    for (text, x, y, r, bold, optional) in labels {
        let optional = optional || required >= REQUIRED_LABELS;
        if !optional {
            required += 1;
        }
        let size = if bold { FONT_SIZE + 1.0 } else { FONT_SIZE };
        let w = text_width(&text, size);
        let h = size * 1.1;
        let gap = r + 3.0;
        let spots = [
            (x + gap, y - h / 2.0),
            (x - gap - w, y - h / 2.0),
            (x - w / 2.0, y - gap - h),
            (x - w / 2.0, y + gap),
            (x + gap * 0.7, y - gap * 0.7 - h),
            (x - gap * 0.7 - w, y - gap * 0.7 - h),
            (x + gap * 0.7, y + gap * 0.7),
            (x - gap * 0.7 - w, y + gap * 0.7),
        ];
        let mut best: Option<(f64, Rect)> = None;
        for (lx, ly) in spots {
            let rect = Rect { x: lx, y: ly, w, h };
            if !rect.inside(WIDTH, height) {
                continue;
            }
            if optional {
                // Only a free spot will do: no need to measure the others.
                if occupied.free(&rect) {
                    best = Some((0.0, rect));
                    break;
                }
                continue;
            }
            let cost = occupied.cost(&rect);
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, rect));
            }
            if cost == 0.0 {
                break;
            }
        }
        let Some((cost, rect)) = best else { continue };
        if cost > 0.0 && optional {
            continue;
        }
        occupied.push(rect);
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size}"{weight}>{}</text>"#,
            rect.x,
            rect.y + size * 0.9,
            escape(&text)
        );
    }
    let _ = writeln!(svg, "</g>");

    // Scale bar, bottom right.
    let target_km = (WIDTH - 2.0 * MARGIN) / 5.0 * projection.km_per_px();
    let bar_km = nice_km(target_km);
    let bar_px = bar_km / projection.km_per_px();
    let bar_x = WIDTH - MARGIN - bar_px;
    let bar_y = height - 40.0;
    let km_text = crate::i18n::number(lang, bar_km, 0);
    let _ = writeln!(
        svg,
        r##"<g id="scale" stroke="#222" stroke-width="2"><line x1="{bar_x:.1}" y1="{bar_y:.1}" x2="{:.1}" y2="{bar_y:.1}"/><line x1="{bar_x:.1}" y1="{:.1}" x2="{bar_x:.1}" y2="{:.1}"/><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/><text x="{:.1}" y="{:.1}" stroke="none" fill="#222" text-anchor="middle">{} km</text></g>"##,
        bar_x + bar_px,
        bar_y - 5.0,
        bar_y + 5.0,
        bar_x + bar_px,
        bar_y - 5.0,
        bar_x + bar_px,
        bar_y + 5.0,
        bar_x + bar_px / 2.0,
        bar_y - 9.0,
        km_text
    );

    // Legend, bottom left.
    let lx = MARGIN;
    let ly = height - 85.0;
    let _ = writeln!(svg, r##"<g id="legend" fill="#222">"##);
    let _ = writeln!(
        svg,
        r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#2e86c1" fill-opacity="0.6" stroke="#1b4f72"/><circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="#2e86c1" fill-opacity="0.6" stroke="#1b4f72"/><text x="{:.1}" y="{:.1}">{}</text>"##,
        lx + 6.0,
        ly + 4.0,
        radius(1),
        lx + 30.0,
        ly + 4.0,
        radius(5),
        lx + 50.0,
        ly + 8.0,
        escape(&t!(lang, "map-legend-people"))
    );
    let _ = writeln!(
        svg,
        r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="#aab7b8" stroke="#7f8c8d"/><text x="{:.1}" y="{:.1}">{}</text>"##,
        lx + 6.0,
        ly + 30.0,
        lx + 20.0,
        ly + 34.0,
        escape(&t!(lang, "map-legend-village"))
    );
    let _ = writeln!(
        svg,
        r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#34495e"/><text x="{:.1}" y="{:.1}">{}</text>"##,
        lx + 2.0,
        ly + 46.0,
        lx + 20.0,
        ly + 54.0,
        escape(&t!(lang, "map-legend-venue"))
    );
    if chosen.is_some() {
        let cx = lx + 360.0;
        let _ = writeln!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="#c0392b"/><text x="{:.1}" y="{:.1}">{}</text><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#c0392b" stroke-opacity="0.45" stroke-width="2"/><text x="{:.1}" y="{:.1}">{}</text>"##,
            cx,
            ly - 2.0,
            cx + 20.0,
            ly + 8.0,
            escape(&t!(lang, "map-legend-chosen")),
            cx,
            ly + 30.0,
            cx + 14.0,
            ly + 30.0,
            cx + 20.0,
            ly + 34.0,
            escape(&t!(lang, "map-legend-line"))
        );
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" font-size="9" fill="#777" text-anchor="end">{}</text>"##,
        WIDTH - MARGIN,
        height - 12.0,
        escape(&t!(lang, "map-attribution"))
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rect() -> impl Strategy<Value = Rect> {
        (
            -50.0..1000.0f64,
            -50.0..800.0f64,
            0.0..150.0f64,
            0.0..40.0f64,
        )
            .prop_map(|(x, y, w, h)| Rect { x, y, w, h })
    }

    proptest! {
        /// The grid finds every shape a label would cover: its cost is the
        /// sum over all the shapes (to rounding: the order differs), and a
        /// spot is free exactly when that sum is 0.
        #[test]
        fn grid_cost_is_the_sum_over_every_shape(
            drawn in proptest::collection::vec(rect(), 0..300),
            probes in proptest::collection::vec(rect(), 1..30),
        ) {
            let mut occupied = Occupied::new(WIDTH, 700.0);
            for r in &drawn {
                occupied.push(*r);
            }
            for p in &probes {
                let all: f64 = drawn.iter().map(|o| o.overlap(p)).sum();
                let cost = occupied.cost(p);
                prop_assert!((cost - all).abs() <= 1e-9 * all.max(1.0), "{} {}", cost, all);
                prop_assert_eq!(occupied.free(p), all == 0.0);
            }
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"L'Atelier <"Café" & Co>"#),
            "L&apos;Atelier &lt;&quot;Café&quot; &amp; Co&gt;"
        );
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_km(37.0), 20.0);
        assert_eq!(nice_km(12.0), 10.0);
        assert_eq!(nice_km(180.0), 100.0);
        assert_eq!(nice_km(260.0), 200.0);
        assert_eq!(nice_km(0.7), 0.5);
    }

    #[test]
    fn projection_keeps_distances_in_both_directions() {
        let projection = Projection {
            lat_top: 45.0,
            lon_left: 3.0,
            cos: 44.0_f64.to_radians().cos(),
            px_per_degree: 100.0,
        };
        // 0.1° of latitude and 0.1°/cos(44°) of longitude: the same length.
        let (x0, y0) = projection.xy(44.0, 4.0);
        let (_, y1) = projection.xy(43.9, 4.0);
        let (x2, _) = projection.xy(44.0, 4.0 + 0.1 / 44.0_f64.to_radians().cos());
        assert!(((y1 - y0) - (x2 - x0)).abs() < 1e-9);
        assert!((projection.km_per_px() * (y1 - y0) - 11.1195).abs() < 1e-3);
    }
}
