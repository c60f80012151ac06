plan-bad-every = invalid spacing `{ $value }`: e.g. 6w (weeks), 10d (days), 2mo (months)
plan-zero-count = the number of sessions must be at least 1 (and the dates stay within the calendar)
plan-no-venue = no venue is active and large enough for the session of { $date }
plan-infeasible = the rotation (cooldown) cannot be respected with the eligible venues; lower [rotation] cooldown or add venues
plan-summary = { $count } sessions from { $from }, { $every } apart ({ $method } search):
plan-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
plan-weeks = { $n ->
    [one] { $n } week
   *[other] { $n } weeks
}
plan-months = { $n ->
    [one] { $n } month
   *[other] { $n } months
}
plan-method-exact = exact
plan-method-heuristic = heuristic
plan-burden-title = Everyone's burden over the season (worst-off first):
plan-more = … and { $count } more (--top 0 for all)
plan-compare-title = Compared with the greedy sequence of `next` choices (objective { $objective }):
plan-figure-max-beyond = sessions beyond their limit, worst-off participant
plan-figure-max-season-km = km over the season, worst-off participant
plan-figure-total-km = total km, everybody
plan-greedy-sequence = Greedy sequence: { $villages }
plan-no-greedy = The greedy sequence gets stuck (every eligible village in cooldown at some date): no comparison.
plan-applied = { $count } planned sessions written to { $dir }
plan-event-comment = Session planned by `jelly plan`.
plan-col-number = #
plan-col-venue = venue
plan-col-total-km = total km
plan-col-date = date
plan-col-participant = participant
plan-col-plan-beyond = beyond (plan)
plan-col-plan-km = season km (plan)
plan-col-greedy-beyond = beyond (greedy)
plan-col-greedy-km = season km (greedy)
plan-col-figure = figure
plan-col-plan = plan
plan-col-greedy = greedy
plan-col-change = change
