# jelly inbox (issue 23): what an email may change
boundary-accept-not-found = no message “{ $id }” in the mailbox: --accept takes the Message-ID the list of messages to read shows
boundary-accept-hint = If { $from } really is this person's address: { $command }
inbox-why-past-session = answer to a past session (jelly rsvp --force records it)
inbox-why-sender-not-attendee = the sender is not the person answering
inbox-why-other-attendees = names participants other than the sender: only the sender's answer counts
inbox-why-unverified-bounce = delivery failure of a message jelly did not send to that address
inbox-why-not-hard-failure = permanent refusal that is not about the address (policy, full mailbox…): nothing marked
inbox-why-not-a-file = not a file (folder, link, pipe): skipped
inbox-why-too-large = message too large (over 25 MiB): not read
inbox-why-unreadable-file = unreadable file
# jelly distances (issue 23): nothing written that check refuses
boundary-distances-out-of-range = route { $from } → { $to }: { $km } km, { $minutes } min out of bounds (km 0 to 20,000, minutes 0 to 10,080): nothing written
boundary-distances-kept = { $count ->
    [one] { $count } route already there kept as it is (--overwrite replaces it)
   *[other] { $count } routes already there kept as they are (--overwrite replaces them)
}
# jelly participant import (issue 23): bounded spreadsheets
boundary-import-unzipped-too-large = { $file }: this workbook is over 200 MB once decompressed; jelly does not read it (export the members' sheet as CSV)
boundary-import-range-too-large = { $file }: the first sheet spans over 10 million cells (a stray value far away, in XFD1048576?); delete the empty rows and columns beyond the members, or export it as CSV
# jelly sheet (issue 23): names the PDF's font cannot print
boundary-sheet-missing-glyphs = { $count ->
    [one] Warning: the PDF's font lacks some characters of { $count } row, printed as empty boxes: { $names }. Write these names by hand, or print the HTML page (-o sheet.html) from a browser.
   *[other] Warning: the PDF's font lacks some characters of { $count } rows, printed as empty boxes: { $names }. Write these names by hand, or print the HTML page (-o sheet.html) from a browser.
}
# --help of the options added by issue 23
cli-distances-fetch-overwrite = Replace the km and minutes of routes already in distances.toml (by default a route there, measured by hand, is kept)
cli-distances-import-overwrite = Replace the km and minutes of routes already in distances.toml (by default a route there, measured by hand, is kept)
cli-inbox-accept = Record the calendar answer of this message (its Message-ID, as the list of messages for a person shows it) although it came from another address than the attendee's, and remember that address as one of theirs (aliases)
