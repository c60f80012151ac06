# The yearly activity report (jelly report)
report-title = Activity report { $year }
report-figures = Key figures
report-sessions = Sessions held
report-month = Month
report-month-row = { $sessions ->
    [0] no session
    [one] { $sessions } session
   *[other] { $sessions } sessions
}, { $attendance ->
    [0] no attendance
    [one] { $attendance } attendance
   *[other] { $attendance } attendances
}
report-map = Map of the year
report-map-alt = Map { $year }: the villages of the people who came (circles sized by their number) and the sessions' venues.
report-appendix = Appendix: definitions
report-col-figure = figure
report-col-value = value
report-err-format = { $path }: the report is written as .pdf, .ods or .html
report-written = Report { $year } written to { $path } ({ $sessions ->
    [0] no session held
    [one] { $sessions } session held
   *[other] { $sessions } sessions held
}).
report-fig-sessions-held = Sessions held
report-fig-sessions-cancelled = Sessions cancelled
report-fig-attendances = Attendances
report-fig-people-reached = People reached
report-fig-newcomers = Newcomers
report-fig-returning = Returning people
report-fig-host-villages = Host villages
report-fig-villages-reached = Villages reached
report-fig-departments-reached = Départements reached
report-fig-members = Active members
report-fig-members-near = Members within { $km } km of a session
report-fig-share-near = Share of members within { $km } km of a session
report-fig-km-total = Kilometres travelled (round trips)
report-fig-km-mean = Kilometres per attendance (round trip)
report-fig-km-central = Kilometres had everything been at the most central venue
report-fig-km-saved = Kilometres saved by the rotation
report-fig-by-month = Attendance by month
report-def-sessions-held = Sessions of the calendar year whose status is "held" in their events/ file.
report-def-sessions-cancelled = Sessions of the year whose status is "cancelled".
report-def-attendances = Sum, over the year's held sessions, of the number of people recorded as present (attended), erased people (anon-…) included.
report-def-people-reached = Number of distinct people present at one held session of the year or more (an erased person counts as one).
report-def-newcomers = People reached whose first attendance, over all years, is in this year.
report-def-returning = People reached who had come in an earlier year (people reached minus newcomers).
report-def-host-villages = Distinct villages of the venues of the year's sessions.
report-def-villages-reached = Distinct villages where the people reached who are still known live (erased people have no village any more).
report-def-departments-reached = Distinct départements of those villages (the department key of villages.toml).
report-def-members = Active participants (active not false) when the report is made.
report-def-members-near = Active members whose distance d (see rotation.md: the known road distance, else the straight line times detour_factor) to at least one of the year's venues is at most { $km } km.
report-def-share-near = Members within { $km } km of a session, divided by the number of active members.
report-def-km-total = Sum, over each attendance of a person still known, of twice the distance d from their village to the session's venue.
report-def-km-mean = Kilometres travelled divided by the number of attendances counted in that total.
report-def-km-central = The same trips had they all led to the active venue that makes them shortest in total (named in brackets).
report-def-km-saved = Kilometres at the most central venue minus kilometres travelled: what the rotation saved (negative: what it cost).
report-def-by-month = For each month of the year, the number of sessions held and the sum of their attendances.
