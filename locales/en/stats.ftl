stats-err-csv = --format csv is only available for `jelly stats` and `jelly participants`; use --format table or --format json
stats-none = No session held in this period.
stats-sessions-title = Sessions held
stats-overall = { $sessions } sessions, { $attendances } attendances by { $people } people; { $mean } present per session on average, { $newcomers } of them newcomers; loyalty: { $loyalty } of attendances are by returning people.
stats-years-title = Per year
stats-villages-title = Attendance rate by village (attendances / invitations)
stats-distance-title = Attendance rate by distance to travel
stats-drifting-title = Drifting away: { $count ->
    [one] { $count } person
   *[other] { $count } people
} who came before, but to none of the last { $last } sessions
stats-drifting-none = Nobody is drifting away: every regular came to one of the last { $last } sessions.
stats-col-date = date
stats-col-invited = invited
stats-col-answered-yes = yes
stats-col-came = came
stats-col-newcomers = newcomers
stats-col-returning = returning
stats-col-year = year
stats-col-sessions = sessions
stats-col-mean-attendance = mean attendance
stats-col-people = people
stats-col-invitations = invitations
stats-col-rate = rate
stats-col-distance-km = distance (km)
stats-col-last-came = last came
