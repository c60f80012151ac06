mail-aborted = sending stopped: { $reason }. { $sent ->
    [one] { $sent } message
   *[other] { $sent } messages
} sent and journaled; { $left } left to send: run the command again later.
mail-failed-list = { $count ->
    [one] { $count } message
   *[other] { $count } messages
} refused by the server:
    {"  "}{ $list }
mail-totals = { $event }: { $sent } sent, { $failed } refused, { $already } already sent, { $no_email } without an email address.
mail-col-participant = participant
mail-col-email = email
mail-col-kind = message
mail-col-result = result
mail-result-sent = sent
mail-result-failed = refused
mail-result-not-sent = not sent
mail-result-no-email = no email
mail-kind-invitation = invitation
mail-kind-update = update
mail-kind-cancellation = cancellation
mail-kind-reminder = reminder
mail-past-event = the session { $of } ({ $id }) has already taken place: there is no inviting to a past session
mail-cancelled-event = the session { $of } ({ $id }) is cancelled
mail-only-not-invited = --only: { $id } is not invited to { $event }
mail-dry-run = Dry run: nothing is sent. { $count ->
    [one] { $count } recipient
   *[other] { $count } recipients
}:
mail-dry-run-none = Dry run: nobody to send to.
mail-dry-run-first = First message:
schedule-past = --date: { $date } is in the past (now: { $now }); add --force to record a past session
schedule-no-venue = no eligible venue for this date; choose one with --venue
schedule-chosen = Venue chosen by `jelly next`: { $venue } ({ $village }).
schedule-done = Session created: { $date } at { $time }, { $venue } ({ $village }); { $count ->
    [0] nobody invited
    [one] 1 person invited
   *[other] { $count } people invited
}. The invitations go with `jelly invite { $id }`.
reschedule-nothing = give --date, --venue or both
reschedule-held = the session { $of } ({ $id }) has already been held
mail-session-resending-uncertain = { $count ->
    [one] { $count } message had been handed to the server with no known answer (the run was interrupted): it is sent again, with the same Message-ID, which a mail client shows once.
   *[other] { $count } messages had been handed to the server with no known answer (the run was interrupted): they are sent again, with the same Message-ID, which a mail client shows once.
}
mail-session-resent-uncertain = { $count ->
    [one] { $count } message sent again after an interruption (same Message-ID).
   *[other] { $count } messages sent again after an interruption (same Message-ID).
}
invite-added = { $count ->
    [one] { $names } added to the guests of { $id }
   *[other] { $names } added to the guests of { $id }
}
