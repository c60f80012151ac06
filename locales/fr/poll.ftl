## Date polls: `jelly poll new|send|remind|show|close`, and the poll message.

poll-vote-yes = Oui
poll-vote-if-need-be = Si besoin
poll-vote-no = Non
mail-kind-poll = sondage de date
mail-kind-poll_reminder = rappel du sondage
poll-mail-subject = { $kind ->
    [poll_reminder] Rappel : quelle date pour la prochaine jelly ?
   *[other] Quelle date pour la prochaine jelly ?
} ({ $association })
poll-mail-intro = { $kind ->
    [poll_reminder] Petit rappel : nous n'avons pas encore votre avis sur la date de la prochaine jelly de { $association }.
   *[other] Quelle date vous convient pour la prochaine jelly de { $association } ?
}
poll-mail-theme = Thème prévu : « { $theme } »
poll-mail-how = Pour chaque date, un clic sur votre réponse : votre messagerie prépare le message, il suffit de l'envoyer.
poll-mail-how-before = Pour chaque date, un clic sur votre réponse : votre messagerie prépare le message, il suffit de l'envoyer, si possible avant le { $date }.
poll-mail-distance = environ { $km } km pour vous
poll-created = Sondage { $id } créé : { $count ->
    [one] une date
   *[other] { $count } dates
} proposées. Ensuite : jelly poll send { $id }
poll-unknown = Aucun sondage « { $id } » dans polls/.
poll-closed-already = Le sondage { $id } est clos (session { $session }).
poll-no-date = Donnez au moins une date : --date AAAA-MM-JJTHH:MM (plusieurs fois).
poll-date-past = La date { $date } est passée (maintenant : { $now }).
poll-date-twice = La date { $date } est proposée deux fois.
poll-close-before = --close { $close } : la fin du sondage doit précéder la première date proposée ({ $first }).
poll-no-venue = Aucun lieu possible le { $date } (voir jelly next --date).
poll-bad-option = --option { $option } : ce sondage a { $count ->
    [one] une option (1)
   *[other] { $count } options (1 à { $count })
}.
poll-sent-totals = Sondage { $id } : { $sent ->
    [one] { $sent } message envoyé
   *[other] { $sent } messages envoyés
}, { $failed ->
    [one] { $failed } échec
   *[other] { $failed } échecs
}, { $already ->
    [one] { $already } déjà fait
   *[other] { $already } déjà faits
}, { $no_email ->
    [one] { $no_email } sans adresse
   *[other] { $no_email } sans adresse
}.
poll-col-option = n°
poll-col-date = date
poll-col-venue = lieu
poll-col-yes = oui
poll-col-if-need-be = si besoin
poll-col-no = non
poll-col-no-answer = sans réponse
poll-col-expected = attendus
poll-show-head = Sondage { $id } ({ $status ->
    [closed] clos
   *[other] ouvert
}) : { $voters ->
    [one] { $voters } votant
   *[other] { $voters } votants
} sur { $members ->
    [one] { $members } membre actif
   *[other] { $members } membres actifs
}.
poll-recommended = Recommandé : l'option { $option } ({ $date }, { $venue }), { $because ->
    [yes] à égalité de participation attendue, celle qui a le plus de « Oui »
    [first] à égalité de participation attendue et de « Oui », la première proposée
   *[other] la plus forte participation attendue
} : { $expected } personnes attendues.
poll-names = { $vote } ({ $option }) : { $names }
poll-names-many = { $vote } ({ $option }) : { $count } personnes (--format json pour la liste)
poll-closed-session = Session { $session } créée (option { $option }) ; les votes y sont repris comme réponses. Ensuite : jelly invite { $session }
poll-file-heading = Sondage de date { $id } : modifiable à la main (voir docs/data-format.md).
  Les votes sont enregistrés par « jelly inbox » ; « jelly poll show { $id } » les compte.
