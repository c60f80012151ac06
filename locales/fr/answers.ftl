## One-click answers by email (mailto: links) and what `jelly inbox` says of them.

answers-intro = Répondre en un clic (votre messagerie prépare la réponse, il suffit de l'envoyer) :
answers-label-yes = Je viens
answers-label-maybe = Peut-être
answers-label-no = Je ne viens pas
answers-mail-body = Ma réponse : { $answer }. Envoyez ce message tel quel.
inbox-why-invalid-token = jeton invalide
inbox-why-old-sequence = ancienne version de la session
inbox-why-several-answers = plusieurs réponses différentes
inbox-why-unknown-poll = sondage inconnu
inbox-why-closed-poll = sondage clos
inbox-why-unknown-option = option inconnue
inbox-note-other-address = envoyé depuis { $address }
inbox-note-link = lien
inbox-title-votes = { $count ->
    [one] Vote enregistré (sondage de date) :
   *[other] Votes enregistrés (sondage de date) :
}
inbox-col-poll = sondage
inbox-col-option = option
inbox-col-vote = vote
