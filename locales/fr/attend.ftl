attend-no-terminal = pas de terminal interactif : dites qui est venu avec des options, par exemple
    {"  "}jelly attend { $id } --present sebastien,valerie
    {"  "}jelly attend { $id } --present sebastien --walk-in "Nom <nom@exemple.fr>" --village anduze
    (--walk-in peut être répété ; --village une fois pour tous, ou une fois par --walk-in ; --yes pour remplacer une liste déjà enregistrée)
attend-cancelled = la session { $of } ({ $id }) est annulée : on ne peut pas y enregistrer de présents
attend-future = la session { $of } ({ $id }) n'a pas encore eu lieu : les présences s'enregistrent à partir de ce jour-là
attend-bad-walk-in = « { $value } » : attendu "Nom <adresse@exemple.fr>" ou "Nom"
attend-village-alone = --village ne sert qu'avec --walk-in (le village des nouveaux venus)
attend-village-missing = donnez le village des nouveaux venus avec --village ID (une fois pour tous, ou une fois par --walk-in)
attend-village-count = { $villages } --village pour { $walk_ins } --walk-in : donnez-en un seul (pour tous) ou un par --walk-in
attend-kept = Rien n'a changé : les présences de la session { $of } ({ $id }) sont gardées.
attend-anyone-else = Quelqu'un d'autre est venu ?
attend-village-prompt = Village (identifiant ou nom)
attend-add-village = Village « { $name } » inconnu. L'ajouter ?
attend-known-walk-in = { $name } est déjà participant : { $id }
attend-already = les présences de la session { $of } ({ $id }) sont déjà enregistrées ({ $count ->
    [one] { $count } personne
   *[other] { $count } personnes
 } : { $list }) ; ajoutez --yes pour les remplacer
attend-changed-meanwhile = les présences de la session { $of } ({ $id }) ont été modifiées pendant la saisie ; rien n'a été écrit, relancez la commande
attend-recorded = Présences de { $id } enregistrées : { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
} ({ $list }).
attend-new-participant = Nouveau participant « { $id } » : { $name } ({ $village })
attend-session-of = du { $date } à { $place }
