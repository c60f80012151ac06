# Personal data: export, erasure, inactive people (jelly participant export/forget, participants --inactive-since)
privacy-err-anon-reserved = the id "{ $id }" is reserved for erased people (anon-…); choose another one
privacy-err-bad-since = invalid duration "{ $value }" (e.g. 3y for 3 years, 18mo for 18 months, 6w for 6 weeks, 90d for 90 days)
privacy-forget-no-terminal = erasing { $id } cannot be undone: without an interactive terminal, confirm with --yes
privacy-forget-confirm = Erase { $name } ({ $id }) for good? { $sessions ->
    [0] No session mentions them.
    [one] The session where { $id } appears keeps its figures.
   *[other] The { $sessions } sessions where { $id } appears keep their figures.
}
privacy-forget-kept = nothing was erased; { $id } is still there
privacy-forget-done = { $name } ({ $id }) is erased. { $sessions ->
    [0] No session mentioned them
    [one] { $sessions } session now counts them as { $token }
   *[other] { $sessions } sessions now count them as { $token }
}; { $lines ->
    [0] no journal line
    [one] { $lines } journal line anonymised
   *[other] { $lines } journal lines anonymised
}; { $files ->
    [0] no outbox message
    [one] { $files } outbox message deleted
   *[other] { $files } outbox messages deleted
}.
privacy-forget-still-mentioned = { $count ->
    [one] warning: one line still contains their name or address; check it by hand:
   *[other] warning: { $count } lines still contain their name or address; check them by hand:
}
privacy-col-last-seen = last seen
privacy-never = never
privacy-inactive-count = { $count ->
    [0] Nobody without an answer or attendance since { $cutoff }.
    [one] { $count } person without an answer or attendance since { $cutoff }.
   *[other] { $count } people without an answer or attendance since { $cutoff }.
}
