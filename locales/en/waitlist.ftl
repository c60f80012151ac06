## The waiting list (issue 27): steps shown by rsvp, inbox and remind, and
## the messages sent to the people on the list.

mail-kind-waitlisted = waiting list
mail-kind-offer = seat offered
mail-kind-offer_expired = offer expired
waitlist-step-waitlisted = { $participant } is on the waiting list, number { $position }.
waitlist-step-offered = A seat is offered to { $participant } until { $until }.
waitlist-step-accepted = { $participant } takes the seat offered.
waitlist-step-left = { $participant } leaves the waiting list.
waitlist-step-expired = The offer to { $participant } ran out.
waitlist-mail-later = answer recorded, but the waiting list's message did not go ({ $error }): it will go with the next "jelly remind".
waitlist-subject-waitlisted = Waiting list: Jelly in { $village }, { $date }
waitlist-subject-offer = A seat is free: Jelly in { $village }, { $date }
waitlist-subject-expired = Offer expired: Jelly in { $village }, { $date }
waitlist-body-waitlisted = Hello { $name },

    thank you for your answer! The { $association } jelly on { $date } at { $time } ({ $village }) is full: { $capacity ->
        [one] { $capacity } seat
       *[other] { $capacity } seats
    }. You are on the waiting list, number { $position }.

    If a seat frees up, we will write to you at once.
waitlist-body-offer = Hello { $name },

    a seat is free at the { $association } jelly on { $date } at { $time } ({ $village }): it is yours.

    We hold it for you until { $until }. To take it, accept the attached invitation (or answer "yes" to us); without an answer by then, it goes to the next person on the list.
waitlist-body-expired = Hello { $name },

    the seat offered to you at the { $association } jelly on { $date } at { $time } ({ $village }) went to the next person on the waiting list, as no answer came in time.

    If you still wish to come, write to us: we will put you back on the list.
waitlist-sheet-name = { $name } (waiting list, no. { $position })
waitlist-forecast = { $count ->
    [one] { $count } person is waiting
   *[other] { $count } people are waiting
} for a seat, in order: { $list }.
rsvp-answer-waitlist = on the waiting list
