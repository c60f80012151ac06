//! The sign-in sheet as a PDF: A4 portrait, drawn with krilla, text in
//! DejaVu Sans Condensed (embedded and subset by krilla, so it prints the
//! same everywhere; the font and its licence are in `src/sheet/fonts/`). The
//! header — association, title, theme, date and times, venue, organiser
//! with a signature box — and the column titles are repeated on every page,
//! with "1/3" at the foot.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

use crate::error::{Error, Result};
use crate::sheet::{Sheet, ROWS_PER_PAGE};

pub(crate) const REGULAR: &[u8] = include_bytes!("fonts/DejaVuSansCondensed.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("fonts/DejaVuSansCondensed-Bold.ttf");

/// A4 in PDF points.
pub(crate) const PAGE_WIDTH: f32 = 595.276;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const MARGIN: f32 = 36.0;
const TABLE_TOP: f32 = 196.0;
const HEADER_ROW: f32 = 20.0;
const ROW: f32 = 24.0;

/// A font with what is needed to measure text.
pub(crate) struct Face {
    font: Font,
    data: &'static [u8],
}

/// Does the sheet's font (DejaVu Sans Condensed) lack a glyph for one of
/// the characters of `text`? Such a character prints as an empty box:
/// CJK, Devanagari or Cherokee names, emoji. Embedding a font for every
/// script (Noto CJK alone is 16 MB) would weigh more than jelly itself:
/// `jelly sheet` names the people concerned instead.
pub(crate) fn lacks_glyphs(text: &str) -> bool {
    let Ok(font) = skrifa::FontRef::new(REGULAR) else {
        return false;
    };
    let charmap = font.charmap();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        // Variation selectors and joiners are not drawn on their own.
        .filter(|c| !matches!(*c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}'))
        .any(|c| charmap.map(c).is_none())
}

impl Face {
    pub(crate) fn new(data: &'static [u8]) -> Result<Face> {
        let font = Font::new(data.to_vec().into(), 0)
            .ok_or_else(|| Error::runtime("the embedded font cannot be read"))?;
        Ok(Face { font, data })
    }

    /// The width of `text` at `size`, in points (no kerning).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(font) = skrifa::FontRef::new(self.data) else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }

    /// `text`, cut with "…" to fit in `width` points.
    pub(crate) fn fit(&self, text: &str, size: f32, width: f32) -> String {
        if self.width(text, size) <= width {
            return text.to_string();
        }
        let mut cut: String = text.to_string();
        while !cut.is_empty() && self.width(&format!("{cut}…"), size) > width {
            cut.pop();
        }
        format!("{}…", cut.trim_end())
    }
}

pub(crate) struct Pen<'a, 'b> {
    pub(crate) surface: &'a mut Surface<'b>,
    pub(crate) regular: &'a Face,
    pub(crate) bold: &'a Face,
}

impl Pen<'_, '_> {
    pub(crate) fn text(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        size: f32,
        bold: bool,
        width: f32,
    ) {
        let face = if bold { self.bold } else { self.regular };
        let text = face.fit(text, size, width);
        self.surface.set_fill(Some(Fill::default()));
        self.surface.draw_text(
            Point::from_xy(x, baseline),
            face.font.clone(),
            size,
            &text,
            false,
            TextDirection::Auto,
        );
    }

    pub(crate) fn centred(
        &mut self,
        centre: f32,
        baseline: f32,
        text: &str,
        size: f32,
        bold: bool,
    ) {
        let face = if bold { self.bold } else { self.regular };
        let x = centre - face.width(text, size) / 2.0;
        self.text(x, baseline, text, size, bold, PAGE_WIDTH);
    }

    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<u8>, stroke: f32) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        let Some(path) = builder.finish() else {
            return;
        };
        self.surface.set_fill(fill.map(|grey| Fill {
            paint: rgb::Color::new(grey, grey, grey).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        self.surface.set_stroke((stroke > 0.0).then(|| Stroke {
            paint: rgb::Color::new(90, 90, 90).into(),
            width: stroke,
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }
}

impl Pen<'_, '_> {
    /// A filled disc (the report's map), `rgb` its colour.
    pub(crate) fn disc(&mut self, x: f32, y: f32, r: f32, rgb_colour: (u8, u8, u8)) {
        let mut builder = PathBuilder::new();
        // Four cubic Béziers, each a quarter circle (k = 4/3·(√2 − 1)).
        let k = 0.552_284_8 * r;
        builder.move_to(x + r, y);
        builder.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
        builder.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
        builder.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
        builder.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
        builder.close();
        let Some(path) = builder.finish() else {
            return;
        };
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(rgb_colour.0, rgb_colour.1, rgb_colour.2).into(),
            opacity: NormalizedF32::new(0.8).unwrap_or(NormalizedF32::ONE),
            rule: Default::default(),
        }));
        self.surface.draw_path(&path);
    }
}

/// Column widths (points) for the sheet's columns.
fn column_widths(sheet: &Sheet) -> Vec<f32> {
    let inner = PAGE_WIDTH - 2.0 * MARGIN;
    let mut widths = if sheet.half_days {
        vec![24.0, 114.0, 100.0, 105.0]
    } else {
        vec![24.0, 124.0, 118.0, 122.0]
    };
    let used: f32 = widths.iter().sum();
    if sheet.half_days {
        widths.push((inner - used) / 2.0);
        widths.push((inner - used) / 2.0);
    } else {
        widths.push(inner - used);
    }
    widths
}

/// The PDF bytes of `sheet`.
pub(crate) fn render(sheet: &Sheet) -> Result<Vec<u8>> {
    let regular = Face::new(REGULAR)?;
    let bold = Face::new(BOLD)?;
    let mut document = Document::new();
    let title = sheet.text("sheet-title");
    document.set_metadata(
        Metadata::new()
            .title(format!("{title} — {}", sheet.event))
            .language(sheet.lang.code().to_string())
            .creator("jelly".to_string()),
    );
    let widths = column_widths(sheet);
    let columns = sheet.columns();
    let total_rows = sheet.rows.len() + sheet.blank_rows;
    let pages = sheet.pages();
    let inner = PAGE_WIDTH - 2.0 * MARGIN;
    for page_index in 0..pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| Error::runtime("A4 page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut pen = Pen {
            surface: &mut surface,
            regular: &regular,
            bold: &bold,
        };
        // The header, on every page.
        pen.text(MARGIN, 48.0, &sheet.association, 11.0, true, inner);
        pen.text(MARGIN, 74.0, &title, 18.0, true, inner);
        if let Some(theme) = &sheet.theme {
            pen.text(MARGIN, 96.0, theme, 12.5, true, inner);
        }
        pen.text(MARGIN, 116.0, &sheet.when(), 10.5, false, inner);
        pen.text(MARGIN, 132.0, &sheet.place(), 10.5, false, inner);
        pen.rect(MARGIN, 142.0, inner, 42.0, None, 0.6);
        pen.text(
            MARGIN + 8.0,
            167.0,
            &sheet.organiser_line(),
            10.5,
            false,
            inner - 200.0,
        );
        let box_x = PAGE_WIDTH - MARGIN - 180.0;
        pen.text(
            box_x - 60.0,
            167.0,
            &sheet.text("sheet-col-signature"),
            9.0,
            false,
            56.0,
        );
        pen.rect(box_x, 146.0, 174.0, 34.0, None, 0.6);
        // The column titles.
        let mut x = MARGIN;
        for (title, width) in columns.iter().zip(&widths) {
            pen.rect(x, TABLE_TOP, *width, HEADER_ROW, Some(225), 0.6);
            pen.text(x + 4.0, TABLE_TOP + 14.0, title, 9.5, true, width - 8.0);
            x += width;
        }
        // The rows of this page.
        let first = page_index * ROWS_PER_PAGE;
        for (slot, index) in (first..(first + ROWS_PER_PAGE).min(total_rows)).enumerate() {
            let top = TABLE_TOP + HEADER_ROW + slot as f32 * ROW;
            let shade = (index % 2 == 1).then_some(246);
            let mut x = MARGIN;
            for width in &widths {
                pen.rect(x, top, *width, ROW, shade, 0.5);
                x += width;
            }
            let baseline = top + 15.5;
            pen.text(
                MARGIN + 4.0,
                baseline,
                &(index + 1).to_string(),
                9.0,
                false,
                widths[0] - 6.0,
            );
            if let Some(row) = sheet.rows.get(index) {
                let mut x = MARGIN + widths[0];
                for (text, width) in [&row.name, &row.village, &row.profession]
                    .into_iter()
                    .zip(&widths[1..4])
                {
                    pen.text(x + 4.0, baseline, text, 9.5, false, width - 8.0);
                    x += width;
                }
            }
        }
        pen.centred(
            PAGE_WIDTH / 2.0,
            PAGE_HEIGHT - 24.0,
            &sheet.page_label(page_index + 1),
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
