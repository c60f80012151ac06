## loading and validation
err-read = impossible de lire le fichier : { $error }
err-syntax = erreur de syntaxe TOML : { $error }
err-missing-file = fichier obligatoire absent ; créez-le (voir `jelly init`) ou indiquez le bon dossier avec --data
err-unknown-key = clé inconnue « { $key } »{ $hint }
err-unknown-key-hint = {" "}; vouliez-vous dire « { $suggestion } » ?
err-unknown-key-allowed = {" "}; clés possibles : { $allowed }
err-missing-key = clé obligatoire « { $key } » absente dans cette entrée
err-wrong-type = « { $key } » doit être { $expected }
err-not-array-of-tables = « { $key } » doit être une liste de tables [[{ $key }]]
err-not-table = « { $key } » doit être une table [{ $key }]
type-string = du texte entre guillemets
type-integer = un nombre entier
type-number = un nombre
type-bool = true ou false
type-date = une date AAAA-MM-JJ (sans guillemets)
type-datetime = une date et heure AAAA-MM-JJTHH:MM:SS (sans guillemets)
type-string-array = une liste de textes ["a", "b"]
type-table = une table
err-bad-id = identifiant « { $id } » invalide : lettres minuscules sans accent, chiffres et tirets, 64 caractères au plus, commençant par une lettre ou un chiffre (par ex. « { $example } »)
err-duplicate-id = identifiant « { $id } » en double (déjà utilisé ligne { $line })
err-unknown-ref = { $what } « { $id } » inconnu{ $hint }
err-unknown-ref-hint = {" "}; le plus proche : « { $suggestion } »
err-unknown-ref-none = {" "}; ajoutez-le d'abord
what-village = village
what-venue = lieu
what-participant = participant
what-event = session
err-lat-range = latitude { $value } hors de -90..90 (degrés WGS84)
err-lon-range = longitude { $value } hors de -180..180 (degrés WGS84)
err-lat-lon-pair = donnez « lat » et « lon » ensemble, ou aucun des deux
err-negative = « { $key } » ne peut pas être négatif ({ $value })
err-not-finite = « { $key } » doit être un nombre fini
err-bad-email = adresse e-mail invalide « { $value } » (attendu : nom@domaine.fr)
err-bad-mailbox = expéditeur invalide « { $value } » (attendu : Nom <adresse@domaine.fr>)
err-bad-timezone = fuseau horaire inconnu « { $value } » (nom IANA, par ex. Europe/Paris){ $hint }
err-bad-choice = « { $key } » vaut « { $value } » ; valeurs possibles : { $allowed }
err-bad-offset = délai de rappel « { $value } » invalide (par ex. "7d", "1d", "3h", "30m")
err-bad-url = adresse SMTP « { $value } » invalide (par ex. smtp://smtp.exemple.fr:587 ou smtps://smtp.exemple.fr:465)
err-tls-none-remote = tls = "none" (sans chiffrement) n'est permis que vers 127.0.0.1/localhost ; utilisez starttls ou implicit pour « { $host } »
err-event-name = le nom du fichier de session doit être AAAA-MM-JJ-<village>.toml (par ex. « { $example } »)
err-empty = « { $key } » ne peut pas être vide
err-duplicate-in-list = « { $id } » apparaît deux fois dans « { $key } »
err-attended-not-held = une session « { $status } » ne peut pas avoir de présents ; mettez status = "held"
err-encoding = le fichier n'est pas en UTF-8 ; lu comme Windows-1252 (Latin-1)
check-ok = { $villages ->
    [one] { $villages } village
   *[other] { $villages } villages
}, { $venues ->
    [one] { $venues } lieu
   *[other] { $venues } lieux
}, { $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
}, { $sessions ->
    [one] { $sessions } session
   *[other] { $sessions } sessions
} : OK
check-problems = { $count ->
    [one] { $count } problème trouvé ; corrigez-le puis relancez `jelly check`
   *[other] { $count } problèmes trouvés ; corrigez-les puis relancez `jelly check`
}


## command line
err-bad-datetime = date « { $value } » invalide : attendu JJ/MM/AAAA, JJ/MM/AAAA 18h30, « jeudi 14 janvier », AAAA-MM-JJ ou AAAA-MM-JJTHH:MM (heure locale de l'association ; 01/02/2027 est le 1er février)
err-bad-lang = langue « { $value } » inconnue : fr ou en
err-no-terminal = { $what } manquant ; sans terminal interactif, donnez-le avec { $flag }
err-no-terminal-arg = { $what } manquant ; sans terminal interactif, donnez-le en argument ({ $flag }, entre guillemets s'il a des espaces)
err-exists = « { $path } » existe déjà ; jelly n'écrase rien (choisissez un autre dossier)
err-id-taken = l'identifiant « { $id } » existe déjà dans { $file } ; choisissez-en un autre avec --id
err-lock = impossible de verrouiller { $path } : { $error }
err-write = impossible d'écrire { $path } : { $error } ; rien n'a été modifié
err-not-saved = saisie invalide, rien n'a été écrit :
err-unknown-event = session « { $id } » inconnue dans { $dir }{ $hint }

## prompts
prompt-name = Nom
prompt-village = Village (identifiant)
prompt-email = E-mail (vide : aucun)
prompt-max-km = Distance maximale en km (vide : aucune)
prompt-lat = Latitude
prompt-lon = Longitude
prompt-capacity = Capacité (places, vide : inconnue)
prompt-association = Nom de l'association
prompt-timezone = Fuseau horaire
prompt-first-village = Premier village (nom)
added = { $what } « { $name } » ajouté à { $file } (identifiant : { $id })
init-done = Association créée dans { $dir }. Ensuite : ajoutez un lieu (`jelly venue add`), des participants (`jelly participant add` ou `jelly participant import`), puis `jelly next`.
init-done-elsewhere = Association créée dans { $dir }. Ensuite, dans ce dossier (cd { $dir }) : ajoutez un lieu (`jelly venue add`), des participants (`jelly participant add` ou `jelly participant import`), puis `jelly next`.

## tables
col-id = id
col-name = nom
col-village = village
col-department = dépt
col-lat = lat
col-lon = lon
col-capacity = places
col-active = actif
col-amenities = équipements
col-address = adresse
col-email = e-mail
col-max-km = km max
col-profession = métier
col-venues = lieux
col-participants = participants
verbose-data = jelly : données dans { $root } (description : { $description }) ; maintenant = { $now }
verbose-took = jelly : terminé en { $ms } ms
yes = oui
no = non
village-unknown-anywhere = « { $name } » n'est ni un village de villages.toml{ $hint } ni une commune française ; ajoutez-le avec `jelly village add "{ $name }" --lat … --lon …`
village-unknown-closest = {" "}(le plus proche : « { $suggestion } »)
rsvp-several-named = { $count } personnes s'appellent « { $name } » : { $people } ; donnez l'identifiant
