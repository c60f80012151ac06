//! `jelly completions SHELL` and `jelly man`: shell completion scripts and
//! man pages generated from the clap definitions in `cli.rs`, so they never
//! drift from the real options.

use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write jelly.1 and one page per subcommand (jelly-next.1, …) into this
    /// folder instead of printing jelly.1 to stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The completion script for `args.shell`, on stdout.
pub fn completions(args: CompletionsArgs, ctx: &Context) -> Result<Output> {
    let mut command = crate::cli_lang::command(ctx.lang);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "jelly", &mut script);
    let mut text = String::from_utf8_lossy(&script).into_owned();
    match args.shell {
        clap_complete::Shell::Bash => text.push_str(super::complete::BASH_DYNAMIC),
        clap_complete::Shell::Zsh => text = super::complete::zsh_with_ids(&text),
        clap_complete::Shell::Fish => {
            text.push_str(&super::complete::fish_ids(&crate::cli_lang::command(
                ctx.lang,
            )));
        }
        _ => {}
    }
    Output::new(&text, text.clone())
}

/// The man page of one command, as roff.
fn render_page(command: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    Ok(page)
}

#[derive(Debug, Serialize)]
struct Written {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

/// `jelly man`: jelly.1 on stdout, or every page into `--dir`.
pub fn man(args: ManArgs, ctx: &Context) -> Result<Output> {
    let command = crate::cli_lang::command(ctx.lang);
    let Some(dir) = args.dir else {
        let page = render_page(command).map_err(|e| Error::runtime(e.to_string()))?;
        let text = crate::cli_lang::man_sections(&String::from_utf8_lossy(&page), ctx.lang);
        return Output::new(&text, text.clone());
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut pages = vec![("jelly.1".to_string(), command.clone())];
    collect_subcommands(&command, "jelly", &mut pages);
    let mut files = Vec::new();
    for (name, page_command) in pages {
        let path = dir.join(&name);
        let page = render_page(page_command).map_err(|e| Error::io(&path, e))?;
        let page = crate::cli_lang::man_sections(&String::from_utf8_lossy(&page), ctx.lang);
        crate::store::write_atomic(&path, page.as_bytes())?;
        files.push(path);
    }
    let text = t!(
        ctx.lang,
        "man-written",
        count = files.len(),
        dir = dir.display()
    );
    Output::new(&Written { dir, files }, text)
}

/// Every subcommand, depth first, named like git's pages: `jelly-village-add.1`.
fn collect_subcommands(
    command: &clap::Command,
    prefix: &str,
    pages: &mut Vec<(String, clap::Command)>,
) {
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("{prefix}-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(name.replace('-', " "));
        pages.push((format!("{name}.1"), page));
        collect_subcommands(sub, &name, pages);
    }
}
