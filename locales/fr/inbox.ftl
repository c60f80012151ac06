# jelly inbox: reading the association's mailbox
inbox-err-bad-url = adresse IMAP « { $value } » invalide (attendu : imaps://hôte:993 ou imap://hôte:143 avec STARTTLS)
inbox-err-both = donnez imap_url ou maildir, pas les deux
inbox-not-configured = pas de boîte aux lettres à lire : ajoutez une section [inbox] à jelly.toml (imap_url ou maildir)
inbox-no-username = [inbox] : il manque username (l'identifiant IMAP)
inbox-no-password = pas de mot de passe IMAP : définissez $JELLY_IMAP_PASSWORD ou password_command dans [inbox]
inbox-move-failed = les données sont enregistrées, mais les messages traités n'ont pas pu être rangés dans « { $folder } » : { $error }. Le prochain passage les rangera sans les traiter à nouveau.
inbox-dry-run = Simulation : rien n'est enregistré ni déplacé.
inbox-title-rsvp = { $count ->
    [one] { $count } réponse enregistrée
   *[other] { $count } réponses enregistrées
} :
inbox-title-bounced = { $count ->
    [one] { $count } adresse en échec définitif (plus d'e-mail jusqu'à ce que la clé bounced soit retirée)
   *[other] { $count } adresses en échec définitif (plus d'e-mail jusqu'à ce que la clé bounced soit retirée)
} :
inbox-title-unsubscribed = { $count ->
    [one] { $count } personne ne veut plus d'e-mail (mail = false ; elle reste membre)
   *[other] { $count } personnes ne veulent plus d'e-mail (mail = false ; elles restent membres)
} :
inbox-title-person = { $count ->
    [one] { $count } message à lire par une personne
   *[other] { $count } messages à lire par une personne
} :
inbox-col-event = session
inbox-col-participant = participant
inbox-col-answer = réponse
inbox-col-at = reçue le
inbox-col-note = remarque
inbox-col-address = adresse
inbox-col-date = date
inbox-col-status = statut
inbox-col-from = de
inbox-col-subject = objet
inbox-col-why = pourquoi
inbox-note-outdated = répond à une version antérieure de l'invitation
inbox-note-later-kept = une réponse plus récente était déjà enregistrée ; gardée
inbox-why-human = écrit par une personne
inbox-why-counter = propose une autre date
inbox-why-unknown-session = session inconnue
inbox-why-cancelled-session = session annulée
inbox-why-unknown-sender = expéditeur inconnu des participants
inbox-why-unclear-answer = réponse ni oui, ni non, ni peut-être
inbox-why-bad-calendar = calendrier illisible
inbox-why-other-method = message de calendrier autre qu'une réponse
inbox-why-unknown-recipient = échec de remise pour une adresse inconnue
inbox-why-soft-failure = échec de remise temporaire ou incertain
inbox-why-unreadable = message illisible
# invite and remind: who gets no email any more
inbox-skipped-bounced = { $count ->
    [one] { $count } participant sans e-mail : adresse en échec (bounced).
   *[other] { $count } participants sans e-mail : adresse en échec (bounced).
}
inbox-skipped-unsubscribed = { $count ->
    [one] { $count } participant ne veut plus d'e-mail (mail = false).
   *[other] { $count } participants ne veulent plus d'e-mail (mail = false).
}
inbox-result-bounced = adresse en échec
inbox-result-unsubscribed = ne veut plus d'e-mail
# jelly participants
inbox-participant-bounced = en échec depuis le { $date }
inbox-participant-no-mail = ne veut plus d'e-mail
