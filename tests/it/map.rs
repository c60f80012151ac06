//! `jelly map`: valid XML, renders, highlights the right venue, escapes names.

use crate::harness::*;

/// Rasterises an SVG; returns (width, height, pixels that are not the
/// background colour, pixels of the highlight red).
fn rasterise(svg: &str) -> (u32, u32, usize, usize) {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .expect("usvg parses the map");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.pixels();
    let background = pixels[0];
    let drawn = pixels.iter().filter(|p| **p != background).count();
    let red = pixels
        .iter()
        .filter(|p| p.red() > 170 && p.green() < 80 && p.blue() < 80 && p.alpha() == 255)
        .count();
    (size.width(), size.height(), drawn, red)
}

/// The element with this id.
fn by_id<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

/// The text of the first element with this tag (the node itself included).
fn first_text<'a>(node: roxmltree::Node<'a, '_>, tag: &str) -> &'a str {
    node.descendants()
        .find(|n| n.has_tag_name(tag))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no text in a <{tag}>"))
}

#[test]
fn map_of_the_next_session_is_valid_xml_and_renders() {
    let env = TestEnv::demo().at("2026-11-23");
    let svg = env.ok(&["map"]);
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    // One circle per village, one square per venue but the chosen one, a
    // line per village with active participants.
    let villages = by_id(&doc, "villages");
    assert_eq!(
        villages
            .children()
            .filter(|n| n.has_tag_name("circle"))
            .count(),
        18
    );
    let venues = by_id(&doc, "venues");
    assert_eq!(
        venues.children().filter(|n| n.has_tag_name("rect")).count(),
        10
    );
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("line") && n.parent().and_then(|p| p.attribute("id")).is_none())
        .count();
    assert!(lines >= 15, "{lines}");
    // The chosen venue is the one `next` picks.
    let next = env.json(&["next"]);
    let choice = next["choice"].as_str().unwrap();
    let venues_toml = env.read("venues.toml");
    let name = venues_toml
        .split("[[venue]]")
        .find(|block| block.contains(&format!("id = \"{choice}\"")))
        .and_then(|block| block.lines().find(|l| l.starts_with("name = ")))
        .unwrap()
        .trim_start_matches("name = ")
        .trim_matches('"')
        .to_string();
    let title = first_text(doc.root(), "title");
    assert!(title.ends_with(&name), "{title} / {name}");
    // Legend and scale bar are there.
    assert!(doc
        .descendants()
        .any(|n| n.attribute("id") == Some("legend")));
    let scale = by_id(&doc, "scale");
    let label = first_text(scale, "text");
    assert!(label.ends_with(" km"), "{label}");
    let (w, h, drawn, red) = rasterise(&svg);
    assert_eq!(w, 960);
    assert!(h > 300);
    assert!(drawn > 2000, "{drawn} pixels drawn");
    assert!(red > 50, "the chosen venue is drawn in red ({red})");
}

#[test]
fn map_of_a_session_highlights_its_venue_and_escapes_names() {
    let env = TestEnv::demo();
    let venues = env.read("venues.toml").replace(
        "name = \"Médiathèque d'Anduze\"",
        "name = \"Médiathèque <d'Anduze> & \\\"Co\\\"\"",
    );
    env.write("venues.toml", &venues);
    let out = env
        .run(&["--lang", "en", "map", "2014-06-05-anduze", "-o"])
        .arg(env.file("out.svg"))
        .ok();
    assert!(out.starts_with("Map written to"), "{out}");
    let svg = env.read("out.svg");
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let title = first_text(doc.root(), "title");
    assert_eq!(
        title,
        "Session of 2014-06-05 18:30 — Médiathèque <d'Anduze> & \"Co\""
    );
    assert!(svg.contains("&lt;d&apos;Anduze&gt; &amp; &quot;Co&quot;"));
    let legend: String = by_id(&doc, "legend")
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    assert!(legend.contains("venue of the session"), "{legend}");
    let (_, _, drawn, red) = rasterise(&svg);
    assert!(drawn > 2000 && red > 50);
}

#[test]
fn labels_do_not_overlap_on_the_demo() {
    let env = TestEnv::demo().at("2026-11-23");
    let svg = env.ok(&["map"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let labels = by_id(&doc, "labels");
    let boxes: Vec<(f64, f64, f64, f64)> = labels
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
            let x: f64 = n.attribute("x").unwrap().parse().unwrap();
            let y: f64 = n.attribute("y").unwrap().parse().unwrap();
            let w = n.text().unwrap().chars().count() as f64 * size * 0.56;
            (x, y - size * 0.9, w, size * 1.1)
        })
        .collect();
    // Every village with participants and the chosen venue has a label.
    assert!(boxes.len() >= 17, "{}", boxes.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap_w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
            let overlap_h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
            assert!(
                overlap_w <= 0.0 || overlap_h <= 0.0,
                "labels overlap: {a:?} {b:?}"
            );
        }
    }
}

#[test]
fn unknown_session_exits_2_with_the_closest_id() {
    let env = TestEnv::demo();
    let err = env.fails(2, &["--lang", "en", "map", "2014-06-05-anduz"]);
    assert!(err.contains("closest: `2014-06-05-anduze`"), "{err}");
}
