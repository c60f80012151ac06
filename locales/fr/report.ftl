# Le rapport d'activité annuel (jelly report)
report-title = Rapport d'activité { $year }
report-figures = Chiffres clés
report-sessions = Sessions tenues
report-month = Mois
report-month-row = { $sessions ->
    [0] aucune session
    [one] { $sessions } session
   *[other] { $sessions } sessions
}, { $attendance ->
    [0] aucune présence
    [one] { $attendance } présence
   *[other] { $attendance } présences
}
report-map = Carte de l'année
report-map-alt = Carte { $year } : les villages des personnes venues (cercles proportionnels à leur nombre) et les lieux des sessions.
report-appendix = Annexe : définitions
report-col-figure = chiffre
report-col-value = valeur
report-err-format = { $path } : le rapport s'écrit en .pdf, .ods ou .html
report-written = Rapport { $year } écrit dans { $path } ({ $sessions ->
    [0] aucune session tenue
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
}).
report-fig-sessions-held = Sessions tenues
report-fig-sessions-cancelled = Sessions annulées
report-fig-attendances = Présences
report-fig-people-reached = Personnes touchées
report-fig-newcomers = Nouveaux venus
report-fig-returning = Personnes revenues
report-fig-host-villages = Villages d'accueil
report-fig-villages-reached = Villages touchés
report-fig-departments-reached = Départements touchés
report-fig-members = Membres actifs
report-fig-members-near = Membres à { $km } km au plus d'une session
report-fig-share-near = Part des membres à { $km } km au plus d'une session
report-fig-km-total = Kilomètres parcourus (aller-retour)
report-fig-km-mean = Kilomètres par présence (aller-retour)
report-fig-km-central = Kilomètres si tout avait eu lieu au lieu le plus central
report-fig-km-saved = Kilomètres économisés par la rotation
report-fig-by-month = Présences par mois
report-def-sessions-held = Sessions de l'année civile dont le statut est « held » (tenue) dans leur fichier events/.
report-def-sessions-cancelled = Sessions de l'année dont le statut est « cancelled » (annulée).
report-def-attendances = Somme, sur les sessions tenues de l'année, du nombre de personnes inscrites comme présentes (attended), y compris les personnes effacées (anon-…).
report-def-people-reached = Nombre de personnes distinctes présentes à au moins une session tenue de l'année (une personne effacée compte pour une).
report-def-newcomers = Personnes touchées dont la première présence, toutes années confondues, date de cette année.
report-def-returning = Personnes touchées qui étaient déjà venues une année précédente (personnes touchées moins nouveaux venus).
report-def-host-villages = Villages distincts des lieux où se sont tenues les sessions de l'année.
report-def-villages-reached = Villages distincts où habitent les personnes touchées encore connues (les personnes effacées n'ont plus de village).
report-def-departments-reached = Départements distincts de ces villages (clé department de villages.toml).
report-def-members = Participants actifs (active différent de false) au moment du rapport.
report-def-members-near = Membres actifs dont la distance d (voir rotation.md : distance routière connue, sinon distance à vol d'oiseau multipliée par detour_factor) à au moins un lieu de session de l'année est d'au plus { $km } km.
report-def-share-near = Membres à { $km } km au plus d'une session, divisé par le nombre de membres actifs.
report-def-km-total = Somme, sur chaque présence d'une personne encore connue, de deux fois la distance d de son village au lieu de la session.
report-def-km-mean = Kilomètres parcourus divisés par le nombre de présences comptées dans ce total.
report-def-km-central = Les mêmes trajets s'ils avaient tous mené au lieu actif qui les rend les plus courts au total (le lieu nommé entre parenthèses).
report-def-km-saved = Kilomètres au lieu le plus central moins kilomètres parcourus : ce que la rotation a fait gagner (négatif : ce qu'elle a coûté).
report-def-by-month = Pour chaque mois de l'année, le nombre de sessions tenues et la somme de leurs présences.
