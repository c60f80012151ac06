# Données personnelles : export, effacement, inactifs (jelly participant export/forget, participants --inactive-since)
privacy-err-anon-reserved = l'identifiant « { $id } » est réservé aux personnes effacées (anon-…) ; choisissez-en un autre
privacy-err-bad-since = durée « { $value } » invalide (par ex. 3y pour 3 ans, 18mo pour 18 mois, 6w pour 6 semaines, 90d pour 90 jours)
privacy-forget-no-terminal = effacer { $id } est définitif : sans terminal interactif, confirmez avec --yes
privacy-forget-confirm = Effacer définitivement { $name } ({ $id }) ? { $sessions ->
    [0] Aucune session ne le mentionne.
    [one] La session où { $id } apparaît garde ses chiffres.
   *[other] Les { $sessions } sessions où { $id } apparaît gardent leurs chiffres.
}
privacy-forget-kept = rien n'a été effacé ; { $id } est toujours là
privacy-forget-done = { $name } ({ $id }) : données effacées. { $sessions ->
    [0] Aucune session ne mentionnait cette personne
    [one] { $sessions } session la compte désormais comme { $token }
   *[other] { $sessions } sessions la comptent désormais comme { $token }
} ; { $lines ->
    [0] aucune ligne de journal
    [one] { $lines } ligne de journal anonymisée
   *[other] { $lines } lignes de journal anonymisées
} ; { $files ->
    [0] aucun message de la boîte d'envoi
    [one] { $files } message de la boîte d'envoi supprimé
   *[other] { $files } messages de la boîte d'envoi supprimés
}.
privacy-forget-still-mentioned = { $count ->
    [one] attention : une ligne contient encore son nom ou son adresse ; vérifiez-la à la main :
   *[other] attention : { $count } lignes contiennent encore son nom ou son adresse ; vérifiez-les à la main :
}
privacy-col-last-seen = dernier signe
privacy-never = jamais
privacy-inactive-count = { $count ->
    [0] Personne sans réponse ni présence depuis le { $cutoff }.
    [one] { $count } personne sans réponse ni présence depuis le { $cutoff }.
   *[other] { $count } personnes sans réponse ni présence depuis le { $cutoff }.
}
