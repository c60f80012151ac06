## jelly mail: messages to the members a selector picks (issue 27).

mail-kind-mailing = message
members-mail-bad-size = "{ $value }" is not a size: write for instance "10 MB", "500 kB" or a number of bytes
members-mail-too-big = the attachments total { $size } MB, more than the { $max } MB [mail] max_attachments allows
members-mail-no-file = { $flag }: the file { $path } does not exist
members-mail-nobody = Nobody matches these selectors: nothing to send.
members-mail-selector-unknown = unknown selector "{ $selector }"; the forms are: { $forms }
members-mail-selector-malformed = selector "{ $selector }" is not well formed; expected: { $expected }
members-mail-selector-unknown-ref = selector "{ $selector }": unknown { $what } "{ $id }"{ $hint }

## The command line (see src/cli_lang.rs).
cli-mail-about = Email one personal message (Markdown, attachments) to the members a selector picks
cli-mail-subject = The subject (it may use the body's variables: "{"{{ name }}"}")
cli-mail-body = The body: a Markdown file, with {"{{ name }}"} and the invitations' variables
cli-mail-to = Who receives it (repeatable: a union): all, came:EVENT, invited:EVENT, answered:EVENT:yes|no|maybe|waitlist, village:ID,…, near:VENUE:KM, skill:WORD, since:DATE. Default: all (the active members)
cli-mail-except = Leave out those this selector picks (repeatable)
cli-mail-attach = A file to attach (repeatable; in all at most [mail] max_attachments)
cli-mail-event = The session whose variables ({"{{ date }}"}, {"{{ venue }}"}…) the body uses (default: the one session the selectors name, if only one)
cli-mail-dry-run = List the recipients and show the first message in full; send nothing
cli-next-invite = Count only those this selector picks (repeatable; see `jelly mail`). Default: [rotation] invite, else all
cli-schedule-invite = Who is invited (repeatable: a union), e.g. near:VENUE:KM, came:EVENT, village:ID,… (see `jelly mail`). Default: [rotation] invite, else all
cli-plan-invite = Who the sessions invite (repeatable: a union; see `jelly mail`). Default: [rotation] invite, else all
