# jelly inbox (issue 23): what an email may change
boundary-accept-not-found = aucun message « { $id } » dans la boîte : --accept prend le Message-ID que la liste des messages à lire affiche
boundary-accept-hint = Si { $from } est bien l'adresse de cette personne : { $command }
inbox-why-past-session = réponse à une session passée (jelly rsvp --force pour l'enregistrer)
inbox-why-sender-not-attendee = l'expéditeur n'est pas la personne qui répond
inbox-why-other-attendees = nomme d'autres participants que l'expéditeur : seule sa réponse compte
inbox-why-unverified-bounce = échec de remise d'un message que jelly n'a pas envoyé à cette adresse
inbox-why-not-hard-failure = refus définitif qui ne tient pas à l'adresse (politique, boîte pleine…) : rien n'est marqué
inbox-why-not-a-file = pas un fichier (dossier, lien, tube) : ignoré
inbox-why-too-large = message trop gros (plus de 25 Mio) : non lu
inbox-why-unreadable-file = fichier illisible
# jelly distances (issue 23): nothing written that check refuses
boundary-distances-out-of-range = trajet { $from } → { $to } : { $km } km, { $minutes } min hors des bornes (km de 0 à 20 000, minutes de 0 à 10 080) : rien n'est écrit
boundary-distances-kept = { $count ->
    [one] { $count } trajet déjà présent gardé tel quel (--overwrite pour le remplacer)
   *[other] { $count } trajets déjà présents gardés tels quels (--overwrite pour les remplacer)
}
# jelly participant import (issue 23): bounded spreadsheets
boundary-import-unzipped-too-large = { $file } : ce classeur fait plus de 200 Mo une fois décompressé ; jelly ne le lit pas (exportez la feuille des membres en CSV)
boundary-import-range-too-large = { $file } : la première feuille s'étend sur plus de 10 millions de cases (une valeur égarée tout au bout, en XFD1048576 ?) ; supprimez les lignes et colonnes vides au-delà des membres, ou exportez-la en CSV
# jelly sheet (issue 23): names the PDF's font cannot print
boundary-sheet-missing-glyphs = { $count ->
    [one] Attention : la police du PDF n'a pas tous les caractères de { $count } ligne, imprimés comme des cases vides : { $names }. Écrivez ces noms à la main, ou imprimez la page HTML (-o feuille.html) depuis un navigateur.
   *[other] Attention : la police du PDF n'a pas tous les caractères de { $count } lignes, imprimés comme des cases vides : { $names }. Écrivez ces noms à la main, ou imprimez la page HTML (-o feuille.html) depuis un navigateur.
}
# --help of the options added by issue 23
cli-distances-fetch-overwrite = Remplacer les km et minutes des trajets déjà dans distances.toml (par défaut un trajet présent, mesuré à la main, est gardé)
cli-distances-import-overwrite = Remplacer les km et minutes des trajets déjà dans distances.toml (par défaut un trajet présent, mesuré à la main, est gardé)
cli-inbox-accept = Enregistrer la réponse de ce message (son Message-ID, tel que la liste des messages à lire l'affiche) bien qu'elle vienne d'une autre adresse que celle de la personne, et retenir cette adresse comme l'une des siennes (aliases)
