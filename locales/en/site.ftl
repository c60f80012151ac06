# The public site (jelly site) and the participants' directory keys
site-err-website = invalid website "{ $value }": a full http:// or https:// address, without blanks or @
site-err-phone = invalid phone "{ $value }": digits (6 to 20), with a leading + and spaces, dots, hyphens or parentheses
site-err-skill = invalid skill "{ $value }": a word or phrase of 1 to 60 characters, on one line, without @
site-err-url = invalid [site] { $key } "{ $value }": a full http:// or https:// address
publish-err-url = invalid [publish] caldav_url "{ $value }": an https:// address (http:// only to this machine, 127.0.0.1 or localhost)
site-err-leak = the site would contain a participant's address (in { $file }): nothing was written
site-written = Site written to { $dir }: { $written ->
    [0] no file changed
    [one] { $written } file written
   *[other] { $written } files written
}, { $unchanged } unchanged, { $removed } removed; { $sessions ->
    [0] no upcoming session
    [one] { $sessions } upcoming session
   *[other] { $sessions } upcoming sessions
}, { $members ->
    [0] no member in the directory
    [one] { $members } member in the directory
   *[other] { $members } members in the directory
}.
site-check-summary = The site would publish { $sessions ->
    [0] no upcoming session
    [one] { $sessions } upcoming session
   *[other] { $sessions } upcoming sessions
} (without any participant's name) and a directory of { $listed ->
    [0] nobody
    [one] { $listed } person
   *[other] { $listed } people
} out of { $participants } (those who consented, listed = true). Nobody's email address.
site-col-skills = skills
site-col-website = website
site-col-phone = phone
site-atom-title = { $association }: upcoming sessions
site-session-title = { $date } in { $village }
site-cancelled-title = Cancelled: { $title }
site-at = at { $time },
site-skip = Skip to content
site-menu = Menu
site-nav-sessions = Sessions
site-nav-members = Members' directory
site-nav-calendar = Calendar (.ics)
site-nav-feed = Atom feed
site-footer = { $association } — site made by jelly from the association's data.
site-when = { $date }, { $time }
site-how-title = How to come
site-how-open = Sessions are open to everyone, members or not: bring your work and your curiosity.
site-join = Join the association
site-contact = Contact:
site-follow = Follow the sessions in your calendar:
site-next-title = Next sessions
site-no-session = No session is planned yet.
site-cancelled = Cancelled
site-cancelled-long = This session will not take place.
site-rescheduled-short = New date
site-rescheduled-long = It was planned for { $previous }.
site-map-caption = The session's venue and the villages its invited people come from (circles sized by their number).
site-map-alt = Map: the session takes place at { $venue } ({ $village }); the villages of the invited people surround it.
site-past-title = Past sessions
site-no-past = No session has taken place yet.
site-past-summary = { $sessions ->
    [one] { $sessions } session held
   *[other] { $sessions } sessions held
}, { $came ->
    [one] { $came } attendance
   *[other] { $came } attendances
} in all. We publish numbers only, never names.
site-col-date = Date
site-col-village = Village
site-col-theme = Theme
site-col-came = Came
site-col-villages = Villages
site-place = Venue
site-organizer = Organised by
site-permalink = Permalink
site-add-calendar = Add to my calendar (.ics)
site-answer-members = A member? Answer in one click with the « { $yes } », « { $maybe } » or « { $no } » links of your invitation.
site-skills = Skills
site-vcard = { $name }'s business card (vCard)
site-members-title = Members' directory
site-members-skill = Members: { $skill }
site-members-village = Members in { $village }
site-members-intro = { $count ->
    [0] Nobody here yet.
    [one] { $count } member. Only people who agreed appear in this directory.
   *[other] { $count } members. Only people who agreed appear in this directory.
}
site-members-all = All members
site-filter-skills = By skill
site-filter-villages = By village
site-filter-label = Filter by name, trade, skill or village:
publish-no-url = no calendar: set it in jelly.toml, [publish] caldav_url = "https://…/calendars/jelly/sessions/"
publish-no-password = no CalDAV password: set $JELLY_CALDAV_PASSWORD or [publish] password_command
publish-unreachable = calendar { $url } unreachable: { $error }
publish-refused = the calendar { $url } refuses access (HTTP { $status }): check [publish] username and the password
publish-bad-answer = unexpected answer from the server (HTTP { $status }): is this a CalDAV calendar's address?
publish-col-action = action
publish-col-result = result
publish-action-create = added
publish-action-update = updated
publish-action-delete = removed
publish-cancelled = { $action } (cancelled)
publish-dry-run = to do (--dry-run)
publish-done = done
publish-summary = { $changes ->
    [one] { $changes } change
   *[other] { $changes } changes
}, { $unchanged ->
    [one] { $unchanged } session unchanged
   *[other] { $unchanged } sessions unchanged
}, { $failed ->
    [one] { $failed } failure
   *[other] { $failed } failures
}.
