# jelly participant import
import-problem-no-name = pas de nom
import-problem-bad-email = adresse e-mail invalide « { $value } »
import-problem-bad-number = { $field } : « { $value } » n'est pas un nombre
import-problem-negative-km = max_km négatif « { $value } »
import-problem-bad-date = date illisible « { $value } » (attendu : 09/10/2025 ou 2025-10-09)
import-problem-bad-active = « { $value } » n'est ni oui ni non
import-problem-bad-id = identifiant invalide « { $value } » (minuscules, chiffres et tirets, par exemple « { $example } »)
import-problem-no-place = ni village, ni code postal, ni commune
import-problem-unknown-village = aucun village « { $id } » dans villages.toml
import-problem-unknown-postcode = aucune commune n'a le code postal { $postcode }
import-problem-town-not-in-postcode = aucune commune du code postal { $postcode } ne s'appelle « { $town } » ; ses communes : { $communes }
import-problem-unknown-town = aucune commune ne s'appelle « { $town } » ; ajoutez le code postal
import-problem-ambiguous = { $count } communes correspondent à « { $what } » : { $candidates } ; ajoutez le code postal ou la commune
import-problem-no-coordinates = { $commune } n'a pas de coordonnées dans les données de jelly ; ajoutez-la d'abord avec `jelly village add` et --lat/--lon
import-nothing-written = { $rows ->
    [one] { $rows } ligne pose problème : rien n'a été écrit (--skip-bad importe les autres lignes)
   *[other] { $rows } lignes posent problème : rien n'a été écrit (--skip-bad importe les autres lignes)
}
import-err-map = --map attend COLONNE=CHAMP, « { $value } » n'est pas compris ; champs : { $fields }
import-err-map-column = aucune colonne « { $columns } » dans le fichier ; ses colonnes : { $header }
import-err-no-file = fichier introuvable : { $file }
import-err-empty = { $file } : fichier vide, sans ligne d'en-tête
import-err-spreadsheet = { $file } : tableur illisible ({ $message })
import-err-no-name-column = { $file } : aucune colonne de nom (nom, prénom, « Nom adhérent »…) ; ses colonnes : { $header } ; indiquez-la avec --map COLONNE=name
import-err-no-place-column = { $file } : aucune colonne de code postal, de commune ou de village ; ses colonnes : { $header } ; indiquez-la avec --map COLONNE=postcode (ou town, village)
import-note-duplicate-column = la colonne « { $column } » est ignorée : une colonne précédente donne déjà { $field }
import-col-field = champ
import-col-from = avant
import-col-to = après
import-summary = { $added ->
    [one] { $added } participant ajouté
   *[other] { $added } participants ajoutés
}, { $updated ->
    [one] { $updated } mis à jour
   *[other] { $updated } mis à jour
}, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
}, { $villages ->
    [one] { $villages } village ajouté
   *[other] { $villages } villages ajoutés
}{ $skipped ->
    [0] {""}
    [one] , { $skipped } problème ignoré
   *[other] , { $skipped } problèmes ignorés
}.
import-summary-dry-run = Sans --dry-run : { $added ->
    [one] { $added } participant ajouté
   *[other] { $added } participants ajoutés
}, { $updated ->
    [one] { $updated } mis à jour
   *[other] { $updated } mis à jour
}, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
}, { $villages ->
    [one] { $villages } village ajouté
   *[other] { $villages } villages ajoutés
}{ $skipped ->
    [0] {""}
    [one] , { $skipped } problème ignoré
   *[other] , { $skipped } problèmes ignorés
}. Rien n'a été écrit.
import-hint-update = { $count ->
    [one] { $count } champ diffère du fichier ; --update le réécrit.
   *[other] { $count } champs diffèrent du fichier ; --update les réécrit.
}
