mail-no-smtp-url = [mail] transport = "smtp" needs smtp_url (for example "smtp://smtp.example.org:587")
mail-no-password = [mail] username is set but there is no password: set $JELLY_SMTP_PASSWORD or password_command
mail-password-command-failed = password_command failed ({ $status })
mail-transport-auth-refused = the server { $server } refused the login ({ $answer }): check username and the password. Sending stopped at the first attempt; nothing is journaled.
mail-transport-timeout = { $server }: timed out, no answer within { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
} ([mail] timeout). Do the port and the TLS mode go together (587 with starttls, 465 with smtps://)?
mail-transport-tls-failed = TLS with { $host } failed: { $error }. { $hint }
mail-transport-tls-hint = If the server has a private certificate, give its authority's certificate in [mail] ca_file (a PEM file).
mail-transport-tls-check-ca-file = Check that [mail] ca_file holds the authority that signed the server's certificate.
mail-transport-ca-as-server = The certificate of { $host } is marked as an authority (CA) but is used as the server's own (what "openssl req -x509" does by default): have that authority sign a server certificate (see docs/sending.md).
mail-transport-sendmail-not-found = sendmail command `{ $command }` not found (looked in: { $tried }); give its full path in [mail] sendmail_command
