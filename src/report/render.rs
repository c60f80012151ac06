//! The report as HTML (one page, the year's map inline), PDF (A4, drawn
//! with the sign-in sheet's krilla setup and fonts) and OpenDocument
//! spreadsheet (spreadsheet-ods: one sheet of figures, one of sessions,
//! one of months, one of definitions, numbers as numbers).

use std::fmt::Write;

use crate::error::{Error, Result};
use crate::i18n::{self, Lang};
use crate::mail::compose::long_date;
use crate::t;

use super::{Report, FIGURES, NEAR_KM};

/// One figure: its key, label, value as text and as a number.
pub(crate) struct Figure {
    pub key: &'static str,
    pub label: String,
    pub text: String,
    pub number: Option<f64>,
}

fn month_name(lang: Lang, month: u32) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2000, month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    // "samedi 1er janvier 2000" → "janvier"
    long_date(lang, date)
        .split(' ')
        .nth(2)
        .unwrap_or_default()
        .to_string()
}

/// The figures with their values, in the report's order (`by-month` is a
/// table of its own and not listed here).
pub(crate) fn figures(report: &Report, lang: Lang) -> Vec<Figure> {
    let count = |n: usize| (i18n::number(lang, n as f64, 0), Some(n as f64));
    let km = |v: Option<f64>| match v {
        Some(v) => (format!("{} km", i18n::km(lang, v)), Some(v)),
        None => ("—".to_string(), None),
    };
    FIGURES
        .iter()
        .filter(|k| **k != "by-month")
        .map(|&key| {
            let (text, number) = match key {
                "sessions-held" => count(report.sessions_held),
                "sessions-cancelled" => count(report.sessions_cancelled),
                "attendances" => count(report.attendances),
                "people-reached" => count(report.people_reached),
                "newcomers" => count(report.newcomers),
                "returning" => count(report.returning),
                "host-villages" => count(report.host_villages),
                "villages-reached" => count(report.villages_reached),
                "departments-reached" => count(report.departments_reached),
                "members" => count(report.members),
                "members-near" => count(report.members_near),
                "share-near" => match report.share_near {
                    Some(share) => (
                        format!("{} %", i18n::number(lang, share * 100.0, 1)),
                        Some(share),
                    ),
                    None => ("—".to_string(), None),
                },
                "km-total" => km(Some(report.km_total)),
                "km-mean" => km(report.km_mean),
                "km-central" => {
                    let (mut text, number) = km(report.km_central);
                    if let Some(name) = &report.central_venue_name {
                        text = format!("{text} ({name})");
                    }
                    (text, number)
                }
                _ => km(report.km_saved),
            };
            Figure {
                key,
                label: t!(lang, &format!("report-fig-{key}"), km = NEAR_KM),
                text,
                number,
            }
        })
        .collect()
}

/// The definitions appendix: (label, definition) of every figure.
pub(crate) fn definitions(lang: Lang) -> Vec<(String, String)> {
    FIGURES
        .iter()
        .map(|key| {
            (
                t!(lang, &format!("report-fig-{key}"), km = NEAR_KM),
                t!(lang, &format!("report-def-{key}"), km = NEAR_KM),
            )
        })
        .collect()
}

fn esc(text: &str) -> String {
    crate::map::escape(text)
}

/// The report as one HTML page.
pub(crate) fn html(report: &Report, lang: Lang, map_svg: &str) -> String {
    let title = t!(lang, "report-title", year = crate::i18n::Raw(report.year));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; color: #1b1b1b; }}\n\
         table {{ border-collapse: collapse; margin: 1rem 0; }} th, td {{ border-bottom: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }}\n\
         td.num {{ text-align: right; }} svg {{ max-width: 100%; height: auto; }} dt {{ font-weight: bold; margin-top: .5rem; }}\n</style>\n</head>\n<body>\n<main>\n\
         <h1>{}</h1>\n<p>{}</p>\n",
        lang.code(),
        esc(&title),
        esc(&report.association),
        esc(&title),
        esc(&report.association)
    );
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table>\n<tbody>",
        esc(&t!(lang, "report-figures"))
    );
    for f in figures(report, lang) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"#def-{}\">{}</a></th><td class=\"num\">{}</td></tr>",
            f.key,
            esc(&f.label),
            esc(&f.text)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(&t!(lang, "report-sessions")),
        esc(&t!(lang, "site-col-date")),
        esc(&t!(lang, "site-col-village")),
        esc(&t!(lang, "site-place")),
        esc(&t!(lang, "site-col-theme")),
        esc(&t!(lang, "site-col-came")),
    );
    for s in &report.sessions {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            s.date.format("%d/%m/%Y"),
            esc(&s.village),
            esc(&s.venue),
            esc(s.theme.as_deref().unwrap_or("")),
            s.attendance
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<h2 id=\"def-by-month\">{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(&t!(lang, "report-fig-by-month")),
        esc(&t!(lang, "report-month")),
        esc(&t!(lang, "report-fig-sessions-held")),
        esc(&t!(lang, "report-fig-attendances")),
    );
    for m in &report.by_month {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&month_name(lang, m.month)),
            m.sessions,
            m.attendance
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<figure role=\"img\" aria-label=\"{}\">\n{}</figure>",
        esc(&t!(lang, "report-map")),
        esc(&t!(
            lang,
            "report-map-alt",
            year = crate::i18n::Raw(report.year)
        )),
        map_svg
    );
    let _ = writeln!(out, "<h2>{}</h2>\n<dl>", esc(&t!(lang, "report-appendix")));
    for (key, (label, definition)) in FIGURES.iter().zip(definitions(lang)) {
        let _ = writeln!(
            out,
            "<dt id=\"def-{key}\">{}</dt><dd>{}</dd>",
            esc(&label),
            esc(&definition)
        );
    }
    out.push_str("</dl>\n</main>\n</body>\n</html>\n");
    out
}

/// The report as an A4 PDF: figures and months, sessions (over as many
/// pages as needed), a map of the year, the definitions.
pub(crate) fn pdf(report: &Report, lang: Lang, data: &crate::model::Dataset) -> Result<Vec<u8>> {
    use crate::sheet::pdf::{Face, Pen, BOLD, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, REGULAR};
    use krilla::metadata::Metadata;
    use krilla::page::PageSettings;
    use krilla::Document;

    let regular = Face::new(REGULAR)?;
    let bold = Face::new(BOLD)?;
    let title = t!(lang, "report-title", year = crate::i18n::Raw(report.year));
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{title} — {}", report.association))
            .language(lang.code().to_string())
            .creator("jelly".to_string()),
    );
    let inner = PAGE_WIDTH - 2.0 * MARGIN;
    // Lines to lay out: (text, size, bold, indent, right-hand text).
    enum Line {
        Heading(String),
        Row(String, String),
        Text(String),
        Gap,
        Map,
    }
    let mut lines = vec![
        Line::Heading(title.clone()),
        Line::Text(report.association.clone()),
        Line::Gap,
    ];
    lines.push(Line::Heading(t!(lang, "report-figures")));
    for f in figures(report, lang) {
        lines.push(Line::Row(f.label, f.text));
    }
    lines.push(Line::Gap);
    lines.push(Line::Heading(t!(lang, "report-fig-by-month")));
    for m in &report.by_month {
        lines.push(Line::Row(
            month_name(lang, m.month),
            t!(
                lang,
                "report-month-row",
                sessions = m.sessions,
                attendance = m.attendance
            ),
        ));
    }
    lines.push(Line::Gap);
    lines.push(Line::Heading(t!(lang, "report-sessions")));
    for s in &report.sessions {
        let mut left = format!("{}  {} — {}", s.date.format("%d/%m/%Y"), s.village, s.venue);
        if let Some(theme) = &s.theme {
            let _ = write!(left, " — {theme}");
        }
        lines.push(Line::Row(left, s.attendance.to_string()));
    }
    lines.push(Line::Gap);
    lines.push(Line::Map);
    lines.push(Line::Heading(t!(lang, "report-appendix")));
    for (label, definition) in definitions(lang) {
        lines.push(Line::Row(label, String::new()));
        for line in wrap(&regular, &definition, 9.0, inner - 12.0) {
            lines.push(Line::Text(format!("   {line}")));
        }
    }
    const MAP_HEIGHT: f32 = 300.0;
    let mut pages: Vec<Vec<&Line>> = vec![Vec::new()];
    let mut y = MARGIN + 20.0;
    for line in &lines {
        let height = match line {
            Line::Heading(_) => 26.0,
            Line::Map => 26.0 + MAP_HEIGHT + 12.0,
            Line::Gap => 8.0,
            _ => 14.0,
        };
        if y + height > PAGE_HEIGHT - MARGIN - 20.0 {
            pages.push(Vec::new());
            y = MARGIN + 20.0;
        }
        y += height;
        pages.last_mut().expect("one page").push(line);
    }
    let count = pages.len();
    for (number, page_lines) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| Error::runtime("A4 page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut pen = Pen {
            surface: &mut surface,
            regular: &regular,
            bold: &bold,
        };
        let mut y = MARGIN + 20.0;
        for line in page_lines {
            match line {
                Line::Heading(text) => {
                    pen.text(MARGIN, y + 16.0, text, 14.0, true, inner);
                    y += 26.0;
                }
                Line::Row(left, right) => {
                    let right_width = bold.width(right, 9.5);
                    pen.text(
                        MARGIN,
                        y + 10.0,
                        left,
                        9.5,
                        right.is_empty(),
                        inner - right_width - 12.0,
                    );
                    pen.text(
                        PAGE_WIDTH - MARGIN - right_width,
                        y + 10.0,
                        right,
                        9.5,
                        true,
                        right_width + 1.0,
                    );
                    y += 14.0;
                }
                Line::Text(text) => {
                    pen.text(MARGIN, y + 10.0, text, 9.0, false, inner);
                    y += 14.0;
                }
                Line::Gap => y += 8.0,
                Line::Map => {
                    // The heading and the map stay on one page.
                    pen.text(MARGIN, y + 16.0, &t!(lang, "report-map"), 14.0, true, inner);
                    y += 26.0;
                    draw_map(&mut pen, report, data, MARGIN, y, inner, MAP_HEIGHT);
                    y += MAP_HEIGHT + 12.0;
                }
            }
        }
        pen.centred(
            PAGE_WIDTH / 2.0,
            PAGE_HEIGHT - 24.0,
            &format!("{}/{count}", number + 1),
            9.0,
            false,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| Error::runtime(format!("PDF: {e:?}")))
}

/// Breaks `text` into lines of at most `width` points.
fn wrap(face: &crate::sheet::pdf::Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The year's map in the PDF: every village a small grey dot, the villages
/// of the people reached a blue disc sized by their number, the year's
/// venues a red dot; same projection as `jelly map` (longitudes scaled by
/// the cosine of the mean latitude).
fn draw_map(
    pen: &mut crate::sheet::pdf::Pen,
    report: &Report,
    data: &crate::model::Dataset,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
) {
    pen.rect(x, y, width, height, Some(248), 0.5);
    if data.villages.is_empty() {
        return;
    }
    let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) =
        (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for v in &data.villages {
        lat_min = lat_min.min(v.lat);
        lat_max = lat_max.max(v.lat);
        lon_min = lon_min.min(v.lon);
        lon_max = lon_max.max(v.lon);
    }
    let pad = 0.05f64.max((lat_max - lat_min).max(lon_max - lon_min) * 0.05);
    let (lat_min, lat_max, lon_min, lon_max) =
        (lat_min - pad, lat_max + pad, lon_min - pad, lon_max + pad);
    let cos = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.05);
    let scale = ((width - 20.0) as f64 / ((lon_max - lon_min) * cos))
        .min((height - 20.0) as f64 / (lat_max - lat_min));
    let project = |lat: f64, lon: f64| {
        (
            x + 10.0 + ((lon - lon_min) * cos * scale) as f32,
            y + 10.0 + ((lat_max - lat) * scale) as f32,
        )
    };
    for v in &data.villages {
        let (px, py) = project(v.lat, v.lon);
        pen.disc(px, py, 1.2, (150, 150, 150));
    }
    let mut reached: Vec<(&String, &usize)> = report.people_by_village.iter().collect();
    reached.sort();
    for (id, n) in reached {
        if let Some(v) = data.village(id) {
            let (px, py) = project(v.lat, v.lon);
            pen.disc(px, py, 2.0 + 2.0 * (*n as f32).sqrt(), (40, 100, 170));
        }
    }
    for s in &report.sessions {
        let point = data
            .events
            .iter()
            .find(|e| e.id == s.id)
            .and_then(|e| data.venue(&e.venue))
            .and_then(|v| data.venue_point(v));
        if let Some((lat, lon)) = point {
            let (px, py) = project(lat, lon);
            pen.disc(px, py, 3.5, (190, 30, 40));
        }
    }
}

/// The report as an OpenDocument spreadsheet.
pub(crate) fn ods(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    use spreadsheet_ods::{Sheet, WorkBook};
    let mut book = WorkBook::new_empty();
    let mut sheet = Sheet::new(t!(lang, "report-figures"));
    sheet.set_value(
        0,
        0,
        t!(lang, "report-title", year = crate::i18n::Raw(report.year)),
    );
    sheet.set_value(0, 1, report.association.clone());
    for (row, f) in figures(report, lang).iter().enumerate() {
        let row = row as u32 + 2;
        sheet.set_value(row, 0, f.label.clone());
        match f.number {
            Some(n) => sheet.set_value(row, 1, n),
            None => sheet.set_value(row, 1, ""),
        }
        sheet.set_value(row, 2, f.key);
    }
    book.push_sheet(sheet);

    let mut sessions = Sheet::new(t!(lang, "report-sessions"));
    for (col, key) in [
        "site-col-date",
        "site-col-village",
        "site-place",
        "site-col-theme",
        "site-col-came",
    ]
    .iter()
    .enumerate()
    {
        sessions.set_value(0, col as u32, t!(lang, key));
    }
    for (row, s) in report.sessions.iter().enumerate() {
        let row = row as u32 + 1;
        sessions.set_value(row, 0, s.date.date());
        sessions.set_value(row, 1, s.village.clone());
        sessions.set_value(row, 2, s.venue.clone());
        sessions.set_value(row, 3, s.theme.clone().unwrap_or_default());
        sessions.set_value(row, 4, s.attendance as f64);
    }
    book.push_sheet(sessions);

    let mut months = Sheet::new(t!(lang, "report-fig-by-month"));
    months.set_value(0, 0, t!(lang, "report-month"));
    months.set_value(0, 1, t!(lang, "report-fig-sessions-held"));
    months.set_value(0, 2, t!(lang, "report-fig-attendances"));
    for (row, m) in report.by_month.iter().enumerate() {
        let row = row as u32 + 1;
        months.set_value(row, 0, month_name(lang, m.month));
        months.set_value(row, 1, m.sessions as f64);
        months.set_value(row, 2, m.attendance as f64);
    }
    book.push_sheet(months);

    let mut appendix = Sheet::new(t!(lang, "report-appendix"));
    for (row, (label, definition)) in definitions(lang).into_iter().enumerate() {
        appendix.set_value(row as u32, 0, label);
        appendix.set_value(row as u32, 1, definition);
    }
    book.push_sheet(appendix);
    spreadsheet_ods::write_ods_buf(&mut book, Vec::new())
        .map_err(|e| Error::runtime(format!("ODS: {e}")))
}
