# Le site public (jelly site) et les clés d'annuaire des participants
site-err-website = site web « { $value } » invalide : une adresse complète en http:// ou https://, sans espace ni @
site-err-phone = téléphone « { $value } » invalide : des chiffres (6 à 20), avec un + au début et des espaces, points, tirets ou parenthèses
site-err-skill = compétence « { $value } » invalide : un mot ou une expression de 1 à 60 caractères, sur une ligne, sans @
site-err-url = [site] { $key } « { $value } » invalide : une adresse complète en http:// ou https://
publish-err-url = [publish] caldav_url « { $value } » invalide : une adresse https:// (http:// seulement vers cette machine, 127.0.0.1 ou localhost)
site-err-leak = le site contiendrait l'adresse d'un participant (dans { $file }) : rien n'a été écrit
site-written = Site écrit dans { $dir } : { $written ->
    [0] aucun fichier modifié
    [one] { $written } fichier écrit
   *[other] { $written } fichiers écrits
}, { $unchanged ->
    [0] aucun inchangé
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
}, { $removed ->
    [0] aucun supprimé
    [one] { $removed } supprimé
   *[other] { $removed } supprimés
} ; { $sessions ->
    [0] aucune session à venir
    [one] { $sessions } session à venir
   *[other] { $sessions } sessions à venir
}, { $members ->
    [0] aucun membre dans l'annuaire
    [one] { $members } membre dans l'annuaire
   *[other] { $members } membres dans l'annuaire
}.
site-check-summary = Le site publierait { $sessions ->
    [0] aucune session à venir
    [one] { $sessions } session à venir
   *[other] { $sessions } sessions à venir
} (sans nom de participant) et un annuaire de { $listed ->
    [0] personne
    [one] { $listed } personne
   *[other] { $listed } personnes
} sur { $participants } (celles qui ont donné leur accord, listed = true). Aucune adresse e-mail de personne.
site-col-skills = compétences
site-col-website = site web
site-col-phone = téléphone
site-atom-title = { $association } : prochaines sessions
site-session-title = { $date } à { $village }
site-cancelled-title = Annulée : { $title }
site-at = à { $time },
site-skip = Aller au contenu
site-menu = Menu
site-nav-sessions = Sessions
site-nav-members = Annuaire des membres
site-nav-calendar = Agenda (.ics)
site-nav-feed = Flux Atom
site-footer = { $association } — site produit par jelly à partir des données de l'association.
site-when = { $date }, { $time }
site-how-title = Comment venir
site-how-open = Les sessions sont ouvertes à toutes et à tous, membres ou non : venez avec votre activité et votre curiosité.
site-join = Adhérer à l'association
site-contact = Contact :
site-follow = Suivre les sessions dans votre agenda :
site-next-title = Prochaines sessions
site-no-session = Aucune session n'est prévue pour l'instant.
site-cancelled = Annulée
site-cancelled-long = Cette session n'aura pas lieu.
site-rescheduled-short = Date changée
site-rescheduled-long = Elle était prévue le { $previous }.
site-map-caption = Le lieu de la session et les villages d'où viennent les personnes invitées (cercles proportionnels à leur nombre).
site-map-alt = Carte : la session a lieu à { $venue } ({ $village }) ; les villages des personnes invitées l'entourent.
site-past-title = Sessions passées
site-no-past = Aucune session n'a encore eu lieu.
site-past-summary = { $sessions ->
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
}, { $came ->
    [one] { $came } présence
   *[other] { $came } présences
} en tout. Nous ne publions que des nombres, jamais de noms.
site-col-date = Date
site-col-village = Village
site-col-theme = Thème
site-col-came = Présents
site-col-villages = Villages
site-place = Lieu
site-organizer = Organisé par
site-permalink = Lien permanent
site-add-calendar = Ajouter à mon agenda (.ics)
site-answer-members = Vous êtes membre ? Répondez d'un clic avec les liens « { $yes } », « { $maybe } » ou « { $no } » de votre invitation.
site-skills = Compétences
site-vcard = Carte de visite de { $name } (vCard)
site-members-title = Annuaire des membres
site-members-skill = Membres : { $skill }
site-members-village = Membres à { $village }
site-members-intro = { $count ->
    [0] Personne ici pour l'instant.
    [one] { $count } membre. Seules les personnes qui l'ont accepté figurent dans cet annuaire.
   *[other] { $count } membres. Seules les personnes qui l'ont accepté figurent dans cet annuaire.
}
site-members-all = Tous les membres
site-filter-skills = Par compétence
site-filter-villages = Par village
site-filter-label = Filtrer par nom, métier, compétence ou village :
publish-no-url = aucun calendrier : indiquez-le dans jelly.toml, [publish] caldav_url = "https://…/calendars/jelly/sessions/"
publish-no-password = pas de mot de passe CalDAV : définissez $JELLY_CALDAV_PASSWORD ou [publish] password_command
publish-unreachable = calendrier { $url } injoignable : { $error }
publish-refused = le calendrier { $url } refuse l'accès (HTTP { $status }) : vérifiez [publish] username et le mot de passe
publish-bad-answer = réponse inattendue du serveur (HTTP { $status }) : est-ce bien l'adresse d'un calendrier CalDAV ?
publish-col-action = action
publish-col-result = résultat
publish-action-create = ajoutée
publish-action-update = mise à jour
publish-action-delete = retirée
publish-cancelled = { $action } (annulée)
publish-dry-run = à faire (--dry-run)
publish-done = fait
publish-summary = { $changes ->
    [one] { $changes } changement
   *[other] { $changes } changements
}, { $unchanged ->
    [0] aucune session inchangée
    [one] { $unchanged } session inchangée
   *[other] { $unchanged } sessions inchangées
}, { $failed ->
    [0] aucun échec
    [one] { $failed } échec
   *[other] { $failed } échecs
}.
