## The waiting list (issue 27): steps shown by rsvp, inbox and remind, and
## the messages sent to the people on the list.

mail-kind-waitlisted = liste d'attente
mail-kind-offer = place offerte
mail-kind-offer_expired = offre expirée
waitlist-step-waitlisted = { $participant } est sur la liste d'attente, en position { $position }.
waitlist-step-offered = Une place est offerte à { $participant } jusqu'au { $until }.
waitlist-step-accepted = { $participant } prend la place offerte.
waitlist-step-left = { $participant } quitte la liste d'attente.
waitlist-step-expired = L'offre faite à { $participant } a expiré.
waitlist-mail-later = réponse notée, mais le message de la liste d'attente n'est pas parti ({ $error }) : il partira au prochain « jelly remind ».
waitlist-subject-waitlisted = Liste d'attente : Jelly à { $village }, { $date }
waitlist-subject-offer = Une place s'est libérée : Jelly à { $village }, { $date }
waitlist-subject-expired = Offre expirée : Jelly à { $village }, { $date }
waitlist-body-waitlisted = Bonjour { $name },

    merci pour votre réponse ! La jelly de { $association } du { $date } à { $time } ({ $village }) est complète : { $capacity ->
        [one] { $capacity } place
       *[other] { $capacity } places
    }. Vous êtes sur la liste d'attente, en position { $position }.

    Si une place se libère, nous vous l'écrirons aussitôt.
waitlist-body-offer = Bonjour { $name },

    une place s'est libérée à la jelly de { $association } du { $date } à { $time } ({ $village }) : elle est à vous.

    Nous vous la gardons jusqu'au { $until }. Pour la prendre, acceptez l'invitation jointe (ou répondez-nous « oui ») ; sans réponse d'ici là, elle passera à la personne suivante de la liste.
waitlist-body-expired = Bonjour { $name },

    la place qui vous était offerte à la jelly de { $association } du { $date } à { $time } ({ $village }) est passée à la personne suivante de la liste d'attente, faute de réponse à temps.

    Si vous souhaitez toujours venir, répondez-nous : nous vous remettrons sur la liste.
waitlist-sheet-name = { $name } (liste d'attente, n° { $position })
waitlist-forecast = { $count ->
    [one] { $count } personne attend
   *[other] { $count } personnes attendent
} une place, dans l'ordre : { $list }.
rsvp-answer-waitlist = sur la liste d'attente
