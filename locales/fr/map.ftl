map-title-event = Session du { $date } — { $venue }
map-title-next = { $association } — prochaine session : { $venue }
map-written = Carte écrite dans { $file }
