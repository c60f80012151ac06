## issue 24: the comments of the starter files `jelly init` writes
starter-config-header =
    # jelly: the association's settings. Every key is optional and has a default.
starter-config-timezone =
    # IANA time zone in which session dates are written (default Europe/Paris).
starter-config-language =
    # Language of emails and messages: "fr" or "en" (default "fr").
starter-config-objective =
    # How `jelly next` picks a venue: "total" (least km in all, the default),
    # "fair" (least km for the person who travels furthest) or "coverage"
    # (fewest people beyond their own max_km).
starter-config-cooldown =
    # Villages of the last N sessions are not chosen again (default 2).
starter-config-detour =
    # Road km ≈ straight-line km × this factor (default 1.3). Known road
    # distances go in distances.toml and are used as they are.
starter-config-every =
    # Default spacing of sessions in `jelly plan` (e.g. "6w", "4w", "2mo").
starter-config-from =
    # Sender of invitations and reminders: "Name <address>".
starter-config-transport =
    # "file" writes each message into the outbox folder (to preview, no server);
    # "smtp" sends through smtp_url; "sendmail" pipes to sendmail_command.
starter-config-smtp =
    # smtp_url = "smtp://smtp.example.org:587"   # STARTTLS on 587; smtps://…:465 for implicit TLS
    # tls = "starttls"                            # starttls | implicit | none (none: 127.0.0.1 only)
    # username = "contact@example.org"
    # The password never lives here: set $JELLY_SMTP_PASSWORD, or
    # password_command = "pass show jelly/smtp"
    # Offsets before a session at which `jelly remind` (from cron) sends a reminder.
starter-config-inbox =
    # The mailbox `jelly inbox` reads (from cron): calendar answers, bounces and
    # unsubscribe requests become data (docs/inbox.md). An IMAP account:
    # [inbox]
    # imap_url = "imaps://imap.example.org:993"   # imap://…:143 for STARTTLS
    # username = "contact@example.org"
    # password_command = "pass show jelly/imap"    # or $JELLY_IMAP_PASSWORD
    # done_folder = "jelly"                        # where handled messages go
    # or a Maildir kept by mbsync, fetchmail or getmail:
    # maildir = "/home/assoc/Maildir"
starter-config-site =
    # The public site `jelly site -o www` writes (docs/site.md):
    # [site]
    # url = "https://www.example.org/jelly"       # where it is published
    # join_url = "https://www.helloasso.com/…"    # the page to join
    # contact = "contact@example.org"             # the association's contact
    # The shared calendar `jelly publish caldav` fills (Nextcloud, Framagenda…):
    # [publish]
    # caldav_url = "https://cloud.example.org/remote.php/dav/calendars/jelly/sessions/"
    # username = "jelly"
    # password_command = "pass show jelly/caldav"  # or $JELLY_CALDAV_PASSWORD
starter-villages =
    # Villages: where people live and where venues are.
    # Each [[village]] has:
    #   id         unique identifier: lower-case letters, digits, hyphens (used by other files)
    #   name       the village's name, accents welcome
    #   lat, lon   WGS84 coordinates in degrees (latitude -90..90, longitude -180..180)
    #   department optional department code, e.g. "30"
    # `jelly village add NAME` finds French villages' coordinates by itself.
    #
    # [[village]]
    # id = "anduze"
    # name = "Anduze"
    # lat = 44.055
    # lon = 3.98495
    # department = "30"
starter-venues =
    # Venues: places that can host a session.
    # Each [[venue]] has:
    #   id         unique identifier
    #   name       e.g. "Médiathèque d'Anduze"
    #   village    the id of its village (see villages.toml)
    #   lat, lon   optional: its own point, else its village's
    #   capacity   optional: number of seats; too small for the expected crowd = not chosen
    #   amenities  optional: ["wifi", "projector", "visio", "printer", "kitchen", "accessible"]
    #   address    optional: shown in invitations
    #   contact    optional: "Mairie <mairie@example.org>"
    #   active     optional, default true: false keeps it listed but never chosen
    #
    # [[venue]]
    # id = "anduze-mediatheque"
    # name = "Médiathèque d'Anduze"
    # village = "anduze"
    # capacity = 20
starter-participants =
    # Participants: the people of the network.
    # Each [[participant]] has:
    #   id          unique identifier
    #   name        how they are called in emails
    #   email       optional: without it no mail is sent, but they still count
    #   village     the id of the village they travel from
    #   max_km      optional: they won't travel further than this
    #   active      optional, default true: false = no longer counted nor invited
    #   profession  optional
    #   joined      optional date, e.g. 2014-06-05
    #   carpool     optional, default false: true = they agree to be named, for
    #               car-sharing, in the invitations of people of their own village
    #               (at most 5 names, those who answered yes first). Nobody is
    #               named without it. `jelly participant add --carpool` sets it.
    #   listed      optional, default false: true = they agree to appear in the
    #               public site's members' directory (`jelly site`), with:
    #   skills      optional list, e.g. ["graphisme", "mise en page"]
    #   website     optional, https://…
    #   phone       optional, e.g. "05 62 00 00 00"
    #               Their email address is never published.
    #   aliases     optional: the other addresses they write from (docs/inbox.md)
    #
    # [[participant]]
    # id = "marie-france"
    # name = "Marie-France"
    # email = "marie-france@example.org"
    # village = "anduze"
    # max_km = 20
    # carpool = true
starter-distances =
    # Known road distances between villages, in both directions. They replace the
    # straight-line estimate (× detour_factor) for venues at their village's point.
    #
    # [[route]]
    # from = "mende"
    # to = "anduze"
    # km = 118.0
    # minutes = 105   # optional
