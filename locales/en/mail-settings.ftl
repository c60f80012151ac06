mail-settings-465-starttls = port 465 of `{ $host }` expects TLS from the first byte, not STARTTLS: write smtp_url = "smtps://{ $host }:465" (or tls = "implicit"), or use port 587 with STARTTLS
mail-settings-587-implicit = port 587 of `{ $host }` starts in plain text and then switches with STARTTLS: write smtp_url = "smtp://{ $host }:587" with tls = "starttls", or use smtps:// on port 465
mail-settings-bad-timeout = timeout = `{ $value }`: give a duration such as "60s" or "2m" (60s by default)
mail-settings-bad-hello-name = hello_name = `{ $value }`: it must be a fully qualified host name (e.g. jelly.example.org) or an address in brackets
mail-settings-bad-selector = dkim_selector = `{ $value }`: a DKIM selector is made of letters, digits, hyphens and dots
mail-settings-dkim-half = DKIM signing also needs { $missing }
mail-settings-bad-unsubscribe-url = unsubscribe_url = `{ $value }`: it must be an https:// address containing {"{"}token{"}"} (e.g. https://example.org/unsubscribe?t={"{"}token{"}"})
mail-settings-ca-unreadable = ca_file: cannot read { $file } ({ $error })
mail-settings-ca-no-pem = ca_file: { $file } holds no PEM certificate ("-----BEGIN CERTIFICATE-----")
mail-settings-dkim-unreadable = dkim_key_file: cannot read { $file } ({ $error })
mail-settings-dkim-bad-key = dkim_key_file: { $file } is not an RSA or Ed25519 private key in PEM (openssl genrsa 2048, or openssl genpkey -algorithm ed25519)
