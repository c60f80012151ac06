map-title-event = Session of { $date } — { $venue }
map-title-next = { $association } — next session: { $venue }
map-written = Map written to { $file }
