rsvp-recorded = { $participant }'s answer for { $id }: { $answer }
rsvp-cancelled = session { $id } is cancelled; nothing was recorded (--force to record it anyway)
rsvp-past = session { $id } ({ $date }) is over; nothing was recorded (--force to record it anyway)
rsvp-not-invited = note: { $participant } is not on the invited list of { $id }
rsvp-answer-yes = yes
rsvp-answer-no = no
rsvp-answer-maybe = maybe
