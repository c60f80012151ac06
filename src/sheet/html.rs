//! The sign-in sheet as one self-contained HTML page (no external file, no
//! script), laid out for printing on A4: the header and the column titles
//! repeat on every printed page (`thead`), and browsers that know CSS paged
//! media print "1/3" at the foot. Rendered with minijinja, which escapes
//! every value.

use crate::error::{Error, Result};
use crate::sheet::Sheet;

const TEMPLATE: &str = include_str!("sheet.html");

/// The HTML text of `sheet`.
pub(crate) fn render(sheet: &Sheet) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.add_template("sheet.html", TEMPLATE)
        .map_err(|e| Error::runtime(format!("sheet template: {e}")))?;
    let template = env
        .get_template("sheet.html")
        .map_err(|e| Error::runtime(e.to_string()))?;
    let columns = sheet.columns();
    template
        .render(minijinja::context! {
            lang => sheet.lang.code(),
            title => sheet.text("sheet-title"),
            sheet => sheet,
            when => sheet.when(),
            place => sheet.place(),
            organiser => sheet.organiser_line(),
            signature => sheet.text("sheet-col-signature"),
            signatures => if sheet.half_days { 2 } else { 1 },
            columns => columns,
        })
        .map_err(|e| Error::runtime(format!("sheet template: {e}")))
}
