mail-aborted = envoi interrompu : { $reason }. { $sent ->
    [one] { $sent } message envoyé et noté
   *[other] { $sent } messages envoyés et notés
} dans le journal ; { $left ->
    [one] { $left } reste
   *[other] { $left } restent
} à envoyer : relancez la commande plus tard.
mail-failed-list = { $count ->
    [one] { $count } message refusé
   *[other] { $count } messages refusés
} par le serveur :
    {"  "}{ $list }
mail-totals = { $event } : { $sent ->
    [one] { $sent } envoyé
   *[other] { $sent } envoyés
}, { $failed ->
    [one] { $failed } refusé
   *[other] { $failed } refusés
}, { $already } déjà { $already ->
    [one] reçu
   *[other] reçus
}, { $no_email } sans adresse e-mail.
mail-col-participant = participant
mail-col-email = e-mail
mail-col-kind = message
mail-col-result = résultat
mail-result-sent = envoyé
mail-result-failed = refusé
mail-result-not-sent = non envoyé
mail-result-no-email = pas d'e-mail
mail-kind-invitation = invitation
mail-kind-update = mise à jour
mail-kind-cancellation = annulation
mail-kind-reminder = rappel
mail-past-event = la session { $of } ({ $id }) a déjà eu lieu : on n'invite pas à une session passée
mail-cancelled-event = la session { $of } ({ $id }) est annulée
mail-only-not-invited = --only : { $id } n'est pas invité·e à { $event }
mail-dry-run = Simulation : rien n'est envoyé. { $count ->
    [one] { $count } destinataire
   *[other] { $count } destinataires
} :
mail-dry-run-none = Simulation : personne à qui envoyer.
mail-dry-run-first = Premier message :
schedule-past = --date : { $date } est passé (maintenant : { $now }) ; ajoutez --force pour enregistrer une session passée
schedule-no-venue = aucun lieu possible pour cette date ; choisissez-en un avec --venue
schedule-chosen = Lieu choisi par `jelly next` : { $venue } ({ $village }).
schedule-done = Session créée : { $date } à { $time }, { $venue } ({ $village }) ; { $count ->
    [0] personne n'est invité
    [one] 1 personne invitée
   *[other] { $count } personnes invitées
}. Les invitations partent avec `jelly invite { $id }`.
reschedule-nothing = donnez --date, --venue ou les deux
reschedule-held = la session { $of } ({ $id }) a déjà eu lieu
mail-session-resending-uncertain = { $count ->
    [one] { $count } message avait été confié au serveur sans réponse connue (envoi interrompu) : il est renvoyé, avec le même Message-ID, qu'une messagerie n'affiche qu'une fois.
   *[other] { $count } messages avaient été confiés au serveur sans réponse connue (envoi interrompu) : ils sont renvoyés, avec le même Message-ID, qu'une messagerie n'affiche qu'une fois.
}
mail-session-resent-uncertain = { $count ->
    [one] { $count } message renvoyé après une interruption (même Message-ID).
   *[other] { $count } messages renvoyés après une interruption (même Message-ID).
}
invite-added = { $count ->
    [one] { $names } ajouté·e
   *[other] { $names } ajouté·e·s
} aux invités de { $id }
