attend-no-terminal = no interactive terminal: say who came with flags, for example
    {"  "}jelly attend { $id } --present sebastien,valerie
    {"  "}jelly attend { $id } --present sebastien --walk-in "Name <name@example.org>" --village anduze
    (--walk-in may be repeated; --village once for all, or once per --walk-in; --yes to replace a list already recorded)
attend-cancelled = the session { $of } ({ $id }) is cancelled: it cannot have attendees
attend-future = the session { $of } ({ $id }) has not taken place yet: attendance can be recorded from that day on
attend-bad-walk-in = `{ $value }`: expected "Name <address@example.org>" or "Name"
attend-village-alone = --village only goes with --walk-in (the walk-ins' village)
attend-village-missing = give the walk-ins' village with --village ID (once for all, or once per --walk-in)
attend-village-count = { $villages } --village for { $walk_ins } --walk-in: give one (for all) or one per --walk-in
attend-kept = Nothing changed: the attendance of the session { $of } ({ $id }) is kept.
attend-anyone-else = Anyone else?
attend-village-prompt = Village (id or name)
attend-add-village = Unknown village `{ $name }`. Add it?
attend-known-walk-in = { $name } is already a participant: { $id }
attend-already = the attendance of the session { $of } ({ $id }) is already recorded ({ $count ->
    [one] { $count } person
   *[other] { $count } people
 }: { $list }); add --yes to replace it
attend-changed-meanwhile = the attendance of the session { $of } ({ $id }) changed while you were answering; nothing was written, run the command again
attend-recorded = Attendance of { $id } recorded: { $count ->
    [one] { $count } person
   *[other] { $count } people
} ({ $list }).
attend-new-participant = New participant `{ $id }`: { $name } ({ $village })
attend-session-of = of { $date } in { $place }
