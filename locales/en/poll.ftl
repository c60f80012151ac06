## Date polls: `jelly poll new|send|remind|show|close`, and the poll message.

poll-vote-yes = Yes
poll-vote-if-need-be = If need be
poll-vote-no = No
mail-kind-poll = date poll
mail-kind-poll_reminder = poll reminder
poll-mail-subject = { $kind ->
    [poll_reminder] Reminder: which date for the next jelly?
   *[other] Which date for the next jelly?
} ({ $association })
poll-mail-intro = { $kind ->
    [poll_reminder] A short reminder: we do not have your say yet on the date of the next jelly of { $association }.
   *[other] Which date suits you for the next jelly of { $association }?
}
poll-mail-theme = Planned theme: “{ $theme }”
poll-mail-how = For each date, one click on your answer: your mail app prepares the message; just send it.
poll-mail-how-before = For each date, one click on your answer: your mail app prepares the message; just send it, if you can before { $date }.
poll-mail-distance = about { $km } km for you
poll-created = Poll { $id } created: { $count ->
    [one] one date
   *[other] { $count } dates
} proposed. Next: jelly poll send { $id }
poll-unknown = No poll “{ $id }” in polls/.
poll-closed-already = Poll { $id } is closed (session { $session }).
poll-no-date = Give at least one date: --date YYYY-MM-DDTHH:MM (several times).
poll-date-past = The date { $date } is past (now: { $now }).
poll-date-twice = The date { $date } is proposed twice.
poll-close-before = --close { $close }: the poll must end before the first date proposed ({ $first }).
poll-no-venue = No venue possible on { $date } (see jelly next --date).
poll-bad-option = --option { $option }: this poll has { $count ->
    [one] one option (1)
   *[other] { $count } options (1 to { $count })
}.
poll-sent-totals = Poll { $id }: { $sent ->
    [one] { $sent } message sent
   *[other] { $sent } messages sent
}, { $failed ->
    [one] { $failed } failure
   *[other] { $failed } failures
}, { $already ->
    [one] { $already } already done
   *[other] { $already } already done
}, { $no_email ->
    [one] { $no_email } without an address
   *[other] { $no_email } without an address
}.
poll-col-option = no.
poll-col-date = date
poll-col-venue = venue
poll-col-yes = yes
poll-col-if-need-be = if need be
poll-col-no = no
poll-col-no-answer = no answer
poll-col-expected = expected
poll-show-head = Poll { $id } ({ $status ->
    [closed] closed
   *[other] open
}): { $voters ->
    [one] { $voters } voter
   *[other] { $voters } voters
} out of { $members ->
    [one] { $members } active member
   *[other] { $members } active members
}.
poll-recommended = Recommended: option { $option } ({ $date }, { $venue }), { $because ->
    [yes] tied on expected turnout, the one with the most “Yes”
    [first] tied on expected turnout and “Yes”, the first proposed
   *[other] the highest expected turnout
}: { $expected } people expected.
poll-names = { $vote } ({ $option }): { $names }
poll-names-many = { $vote } ({ $option }): { $count } people (--format json for the list)
poll-closed-session = Session { $session } created (option { $option }); the votes are carried over as answers. Next: jelly invite { $session }
poll-file-heading = Date poll { $id }: hand-editable (see docs/data-format.md).
  Votes are recorded by `jelly inbox`; `jelly poll show { $id }` counts them.
