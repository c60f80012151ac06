# First use and a session's life (issue 20): the turnout prior, a rotation
# that never leaves nothing, planned sessions, planning.
first-use-bad-rate = invalid { $key } = { $value }: a proportion strictly between 0 and 1 (for example 0.4)
first-use-bad-odds = invalid turnout_odds_per_10_km = { $value }: a factor above 0 and at most 1 (for example 0.75)
first-use-bad-time = invalid default_time = "{ $value }": a time, for example 18:30 or 18h30
first-use-model-prior = Too little history ({ $sessions ->
    [one] { $sessions } held session
   *[other] { $sessions } held sessions
 }, fewer than { $min }): the forecast rests mostly on the starting assumption, a { $rate } chance of coming for a guest who lives next door, with the odds multiplied by { $odds } every 10 km ([rotation] expected_turnout_rate and turnout_odds_per_10_km).
first-use-model-yes = Of the "yes" answers, { $came } of { $answers } were followed by a visit ({ $rate }).
first-use-model-no-calibration = No calibration table: it needs at least { $min } held sessions, there are { $sessions }.
first-use-forecast-prior = Too little history ({ $sessions ->
    [one] { $sessions } held session
   *[other] { $sessions } held sessions
 }, fewer than { $min }): the forecast rests mostly on the starting assumption of [rotation].
first-use-planned-count = { $count ->
    [one] The session already planned before this date counts in the rotation like a held one.
   *[other] The { $count } sessions already planned before this date count in the rotation like held ones.
 }
first-use-rotation-not-kept = Warning: the rotation could not be kept, every possible venue is in the village of { $count ->
    [one] the last session
   *[other] one of the last { $count } sessions
 } ({ $villages }); { $venue } is chosen anyway.
first-use-capacity-unbacked = Warning: { $venue } has { $capacity ->
    [one] { $capacity } seat
   *[other] { $capacity } seats
 } for { $expected } { $whole ->
    [one] person
   *[other] people
 } expected, an estimate resting on fewer than { $min } held sessions: the venue is not excluded, check it.
first-use-capacity-set-aside = Warning: no active venue has enough seats for the people expected; { $venue }, the largest ({ $capacity ->
    [one] { $capacity } seat
   *[other] { $capacity } seats
 } for { $expected } expected), is chosen anyway.
first-use-cell-rotation = warning: rotation not kept ({ $village })
first-use-cell-capacity = warning: { $capacity ->
    [one] { $capacity } seat
   *[other] { $capacity } seats
 } < { $expected } expected
first-use-schedule-small = warning: { $venue } has { $capacity ->
    [one] { $capacity } seat
   *[other] { $capacity } seats
 }, { $expected } { $whole ->
    [one] person is
   *[other] people are
 } expected there
first-use-schedule-same-day = { $venue } already hosts a session on { $date } ({ $id }): one session per venue and day. Change the date or the venue, or cancel { $id } first.
first-use-plan-rotation = Warning: the rotation cannot be kept with these venues ({ $configured ->
    [one] not twice in a row in the same village
   *[other] no return to a village before { $configured } sessions
 }); this plan { $kept ->
    [0] returns to a village without waiting.
    [one] only looks at the last session.
   *[other] only looks at the last { $kept } sessions.
 }
first-use-plan-capacity = Warning: on { $date }, no active venue has enough seats for the people expected; the plan picks one anyway.
first-use-col-status = status
first-use-status-planned = planned
first-use-status-held = held
first-use-status-cancelled = cancelled
first-use-delete-not-planned = the session { $of } ({ $id }) is not a planned session: only a planned session nobody was told about can be deleted.
first-use-delete-sent = { $id }: messages already went out ({ $count ->
    [one] { $count } sending
   *[other] { $count } sendings
 } in the journal); use "jelly cancel { $id }" without --delete so that the invited are told.
first-use-deleted = Session { $of } deleted ({ $id }; no message had gone out).
first-use-result-written = written
first-use-kind-with-when = { $kind }: { $when }
first-use-totals-written = { $event }: { $sent ->
    [one] { $sent } message written
   *[other] { $sent } messages written
} to the outbox, { $failed } refused, { $already } already received, { $no_email } without an email address.
first-use-outbox-note = "file" transport: { $count ->
    [one] the message was written
   *[other] the { $count } messages were written
} to { $dir }; nothing went out. To send for real, set [mail] transport = "smtp" (see docs/sending.md).
first-use-answered = { $answer ->
    [yes] You answered yes: we are expecting you, no need to answer again.
    [maybe] You answered maybe; if you know now, just reply to this message.
   *[no] You answered no; if you change your mind, just reply to this message.
}
first-use-prompt-from = Sender address of the invitations (empty: later)
first-use-prompt-from-hint = For example "Jelly du Gers <contact@jelly-gers.fr>"; it can be changed in jelly.toml, [mail] from.
first-use-example-from = warning: [mail] from is still an example address ({ $address }); the guests' answers will reach nobody. Set it in jelly.toml before "jelly invite".
first-use-template-error = invalid message template: { $detail }
first-use-starter-rotation =
    # Time of a session given by its date alone (default 18:30).
    # default_time = "18:30"
    # Weekday of every session `jelly plan` proposes, e.g. "thursday".
    # weekday = "thursday"
    # Until your own sessions say otherwise, jelly assumes that an invited
    # member who lives next door comes with this chance, less further away
    # (docs/turnout.md).
    # expected_turnout_rate = 0.4
    # turnout_odds_per_10_km = 0.75
cli-init-from = The sender of invitations and reminders ([mail] from), e.g. "Jelly du Gers <contact@jelly-gers.fr>"
cli-cancel-delete = Delete the session file instead, when no message about it was ever sent (a session planned by mistake). Once invitations went out, cancel without --delete so that the invited are told
cli-plan-weekday = Put every session on this weekday (lundi…dimanche, monday…sunday, or their first three letters). Default: [rotation] weekday
