# jelly inbox: reading the association's mailbox
inbox-err-bad-url = invalid IMAP address "{ $value }" (expected imaps://host:993, or imap://host:143 with STARTTLS)
inbox-err-both = give imap_url or maildir, not both
inbox-not-configured = no mailbox to read: add an [inbox] section to jelly.toml (imap_url or maildir)
inbox-no-username = [inbox]: username (the IMAP login) is missing
inbox-no-password = no IMAP password: set $JELLY_IMAP_PASSWORD or password_command in [inbox]
inbox-move-failed = the data is saved, but the handled messages could not be moved to "{ $folder }": { $error }. The next run will move them without handling them again.
inbox-dry-run = Dry run: nothing is recorded or moved.
inbox-title-rsvp = { $count ->
    [one] { $count } answer recorded
   *[other] { $count } answers recorded
}:
inbox-title-bounced = { $count ->
    [one] { $count } address failed for good (no more email until the bounced key is removed)
   *[other] { $count } addresses failed for good (no more email until the bounced key is removed)
}:
inbox-title-unsubscribed = { $count ->
    [one] { $count } person wants no more email (mail = false; still a member)
   *[other] { $count } people want no more email (mail = false; still members)
}:
inbox-title-person = { $count ->
    [one] { $count } message for a person to read
   *[other] { $count } messages for a person to read
}:
inbox-col-event = session
inbox-col-participant = participant
inbox-col-answer = answer
inbox-col-at = received
inbox-col-note = note
inbox-col-address = address
inbox-col-date = date
inbox-col-status = status
inbox-col-from = from
inbox-col-subject = subject
inbox-col-why = why
inbox-note-outdated = answers an earlier version of the invitation
inbox-note-later-kept = a later answer was already recorded; kept
inbox-why-human = written by a person
inbox-why-counter = proposes another time
inbox-why-unknown-session = unknown session
inbox-why-cancelled-session = cancelled session
inbox-why-unknown-sender = sender is not a participant
inbox-why-unclear-answer = answer is not yes, no or maybe
inbox-why-bad-calendar = unreadable calendar
inbox-why-other-method = a calendar message that is not a reply
inbox-why-unknown-recipient = delivery failure for an unknown address
inbox-why-soft-failure = temporary or unclear delivery failure
inbox-why-unreadable = unreadable message
# invite and remind: who gets no email any more
inbox-skipped-bounced = { $count ->
    [one] { $count } participant not emailed: their address bounced.
   *[other] { $count } participants not emailed: their addresses bounced.
}
inbox-skipped-unsubscribed = { $count ->
    [one] { $count } participant not emailed: they asked for no more email (mail = false).
   *[other] { $count } participants not emailed: they asked for no more email (mail = false).
}
inbox-result-bounced = address bounced
inbox-result-unsubscribed = wants no more email
# jelly participants
inbox-participant-bounced = bounced on { $date }
inbox-participant-no-mail = wants no more email
