//! `jelly unsubscribe-token`: the one-click unsubscribe token of a
//! participant, or, with `--verify`, whose token one is. The association's
//! unsubscribe page calls it with the token it received.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::unsubscribe::Key;
use crate::output::Output;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The participant whose token (and unsubscribe address) to print.
    #[arg(required_unless_present = "verify", conflicts_with = "verify")]
    pub participant: Option<String>,
    /// Check a token: print the participant it belongs to; exit 2 if it is
    /// not genuine.
    #[arg(long, value_name = "TOKEN")]
    pub verify: Option<String>,
}

#[derive(Debug, Serialize)]
struct Token {
    participant: String,
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    if let Some(token) = &args.verify {
        // Checked against the data: an erased person's token stops
        // verifying.
        let data = ctx.load()?;
        let participant = Key::load(&ctx.dir)?.and_then(|key| key.verify(token, &data));
        let Some(participant) = participant else {
            return Err(Error::usage(t!(ctx.lang, "unsubscribe-token-invalid")));
        };
        let json = serde_json::json!({ "participant": participant, "valid": true });
        return Output::new(&json, format!("{participant}\n"));
    }
    let data = ctx.load()?;
    let id = args.participant.unwrap_or_default();
    if data.participant(&id).is_none() {
        let ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
        return Err(crate::commands::unknown_ref(
            ctx,
            "PARTICIPANT",
            "what-participant",
            &id,
            &ids,
        ));
    }
    let key = Key::load_or_create(&ctx.dir)?;
    let token = key.token(data.participant(&id).expect("checked above"));
    let url = data
        .config
        .mail
        .unsubscribe_url
        .as_ref()
        .map(|u| u.replace("{token}", &token));
    let text = match &url {
        Some(url) => format!("{token}\n{url}\n"),
        None => format!("{token}\n"),
    };
    Output::new(
        &Token {
            participant: id,
            token,
            url,
        },
        text,
    )
}
