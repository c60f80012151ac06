# Première utilisation et vie d'une session (issue 20) : hypothèse de
# départ de la participation, rotation qui ne laisse jamais rien, sessions
# prévues, planification.
first-use-bad-rate = { $key } = { $value } invalide : une proportion strictement entre 0 et 1 (par exemple 0.4)
first-use-bad-odds = turnout_odds_per_10_km = { $value } invalide : un facteur entre 0 (exclu) et 1 (par exemple 0.75)
first-use-bad-time = default_time = « { $value } » invalide : une heure, par exemple 18:30 ou 18h30
first-use-model-prior = Trop peu d'historique ({ $sessions ->
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
 }, moins de { $min }) : la prévision repose surtout sur l'hypothèse de départ, { $rate } de chances de venir pour un invité qui habite à côté, et une cote multipliée par { $odds } tous les 10 km ([rotation] expected_turnout_rate et turnout_odds_per_10_km).
first-use-model-yes = Parmi les réponses oui, { $came } sur { $answers } ont été suivies d'une venue ({ $rate }).
first-use-model-no-calibration = Pas de tableau de calibration : il faut au moins { $min } sessions tenues, il y en a { $sessions }.
first-use-forecast-prior = Trop peu d'historique ({ $sessions ->
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
 }, moins de { $min }) : la prévision repose surtout sur l'hypothèse de départ de [rotation].
first-use-planned-count = { $count ->
    [one] La session déjà prévue avant cette date compte dans la rotation comme une session tenue.
   *[other] Les { $count } sessions déjà prévues avant cette date comptent dans la rotation comme des sessions tenues.
 }
first-use-rotation-not-kept = Attention : la rotation n'a pas pu être respectée, tous les lieux possibles sont dans le village { $count ->
    [one] de la dernière session
   *[other] d'une des { $count } dernières sessions
 } ({ $villages }) ; { $venue } est choisi quand même.
first-use-capacity-unbacked = Attention : { $venue } a { $capacity ->
    [one] { $capacity } place
   *[other] { $capacity } places
 } pour { $expected } { $whole ->
    [one] personne attendue
   *[other] personnes attendues
 }, une estimation qui repose sur moins de { $min } sessions tenues : le lieu n'est pas exclu, vérifiez.
first-use-capacity-set-aside = Attention : aucun lieu actif n'a assez de places pour les personnes attendues ; { $venue }, le plus grand ({ $capacity ->
    [one] { $capacity } place
   *[other] { $capacity } places
 } pour { $expected } attendues), est choisi quand même.
first-use-cell-rotation = attention : rotation non tenue ({ $village })
first-use-cell-capacity = attention : { $capacity ->
    [one] { $capacity } place
   *[other] { $capacity } places
 } < { $expected } attendues
first-use-schedule-small = attention : { $venue } a { $capacity ->
    [one] { $capacity } place
   *[other] { $capacity } places
 }, on y attend { $expected } { $whole ->
    [one] personne
   *[other] personnes
 }
first-use-schedule-same-day = { $venue } accueille déjà une session le { $date } ({ $id }) : une seule session par lieu et par jour. Changez la date, le lieu, ou annulez { $id } d'abord.
first-use-plan-rotation = Attention : la rotation ne peut pas être tenue avec ces lieux ({ $configured ->
    [one] pas deux sessions de suite dans le même village
   *[other] pas de retour dans un village avant { $configured } sessions
 }) ; ce plan { $kept ->
    [0] revient dans un village sans attendre.
    [one] ne tient compte que de la dernière session.
   *[other] ne tient compte que des { $kept } dernières sessions.
 }
first-use-plan-capacity = Attention : le { $date }, aucun lieu actif n'a assez de places pour les personnes attendues ; le plan en choisit un quand même.
first-use-col-status = statut
first-use-status-planned = prévue
first-use-status-held = tenue
first-use-status-cancelled = annulée
first-use-delete-not-planned = la session { $of } ({ $id }) n'est pas une session prévue : seule une session prévue dont personne n'a été prévenu peut être supprimée.
first-use-delete-sent = { $id } : des messages sont déjà partis ({ $count ->
    [one] { $count } envoi noté
   *[other] { $count } envois notés
 } dans le journal) ; utilisez « jelly cancel { $id } » sans --delete pour prévenir les invités.
first-use-deleted = Session { $of } supprimée ({ $id } ; aucun message n'était parti).
first-use-result-written = écrit
first-use-kind-with-when = { $kind } : { $when }
first-use-totals-written = { $event } : { $sent ->
    [one] { $sent } message écrit
   *[other] { $sent } messages écrits
} dans la boîte d'envoi, { $failed ->
    [one] { $failed } refusé
   *[other] { $failed } refusés
}, { $already } déjà { $already ->
    [one] reçu
   *[other] reçus
}, { $no_email } sans adresse e-mail.
first-use-outbox-note = Transport « file » : { $count ->
    [one] le message a été écrit
   *[other] les { $count } messages ont été écrits
} dans { $dir } ; rien n'est parti. Pour envoyer pour de bon, réglez [mail] transport = "smtp" (voir docs/sending.md).
first-use-answered = { $answer ->
    [yes] Vous avez répondu oui : on vous attend, inutile de répondre à nouveau.
    [maybe] Vous avez répondu peut-être ; si vous savez maintenant, répondez simplement à ce message.
   *[no] Vous avez répondu non ; si vous changez d'avis, répondez simplement à ce message.
}
first-use-prompt-from = Adresse d'envoi des invitations (vide : plus tard)
first-use-prompt-from-hint = Par exemple « Jelly du Gers <contact@jelly-gers.fr> » ; elle se change dans jelly.toml, [mail] from.
first-use-example-from = attention : [mail] from est encore une adresse d'exemple ({ $address }) ; les réponses des invités n'arriveront nulle part. Réglez-la dans jelly.toml avant « jelly invite ».
first-use-template-error = modèle de message invalide : { $detail }
first-use-starter-rotation =
    # Heure d'une session donnée par sa seule date (18:30 par défaut).
    # default_time = "18:30"
    # Jour de la semaine de chaque session que propose `jelly plan`, par ex. "jeudi".
    # weekday = "jeudi"
    # Tant que vos propres sessions ne disent pas autre chose, jelly suppose
    # qu'un membre invité qui habite à côté vient avec cette chance, moins
    # s'il habite plus loin (docs/turnout.md).
    # expected_turnout_rate = 0.4
    # turnout_odds_per_10_km = 0.75
cli-init-from = L'expéditeur des invitations et des rappels ([mail] from), par ex. "Jelly du Gers <contact@jelly-gers.fr>"
cli-cancel-delete = Supprimer le fichier de la session au lieu de l'annuler, quand aucun message n'est jamais parti (une session prévue par erreur). Une fois les invitations parties, annulez sans --delete pour que les invités soient prévenus
cli-plan-weekday = Mettre chaque session ce jour de la semaine (lundi…dimanche, monday…sunday, ou leurs trois premières lettres). Par défaut : [rotation] weekday
