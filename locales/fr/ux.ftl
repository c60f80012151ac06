## issue 24: French input, names in messages, tables, checklist, data directory
input-answers-allowed = oui, non, peut-être (ou yes, no, maybe)
dir-missing-file = fichier obligatoire absent : { $path } ; créez-le (voir `jelly init`) ou indiquez le bon dossier avec --data
dir-no-association = aucune association dans { $path }{ $looked } : `jelly init` en crée une ici ; sinon indiquez son dossier avec --data ou $JELLY_DATA
dir-no-association-above = {" "}ni au-dessus ({ $dirs })
dir-looked-in = { $count ->
    [one] {" "}(dossier examiné : { $dirs })
   *[other] {" "}(dossiers examinés, du dossier courant vers le haut : { $dirs })
}
table-hidden-columns = { $count ->
    [one] (1 colonne masquée pour tenir dans le terminal : { $list } ; --wide pour tout voir)
   *[other] ({ $count } colonnes masquées pour tenir dans le terminal : { $list } ; --wide pour tout voir)
}
table-field = { $name } : { $value }
confirm-keys-yes = [O/n]
confirm-keys-no = [o/N]
confirm-said-yes = oui
confirm-said-no = non
checklist-search = Recherche : { $query }▏
checklist-count = { $ticked ->
    [one] { $ticked } personne cochée
   *[other] { $ticked } personnes cochées
} sur { $total } · { $shown ->
    [one] { $shown } affichée
   *[other] { $shown } affichées
}
checklist-said-yes = {" "}· a répondu oui
checklist-nobody = Personne ne correspond à « { $query } » (Échap pour effacer la recherche)
checklist-current = Sélection : { $name } ({ $id }), { $village } — { $ticked ->
    [yes] cochée
   *[other] pas cochée
}
checklist-walk-ins = { $count ->
    [one] Venue sans invitation
   *[other] Venues sans invitation
} : { $list }
checklist-keys = Taper : chercher · Espace : cocher · + : sans invitation · Entrée : terminer
checklist-confirm = Enregistrer { $count ->
    [one] { $count } présent
   *[other] { $count } présents
}{ $walk_ins ->
    [0] {""}
    [one] {" "}et { $walk_ins } personne venue sans invitation
   *[other] {" "}et { $walk_ins } personnes venues sans invitation
} ?
attend-session-title = le { $date } à { $place }
attend-who-came = Qui est venu { $title } ?
attend-replace-question = { $count ->
    [one] La présence d'{ $count } personne est déjà enregistrée pour la session { $title }. La remplacer ?
   *[other] Les présences de { $count } personnes sont déjà enregistrées pour la session { $title }. Les remplacer ?
}
attend-walk-in-name = Nom de la personne venue sans invitation (vide pour revenir à la liste)
attend-walk-in-label = { $name } ({ $village })
attend-add-commune = { $name } ({ $department }, { $postcode }) : l'ajouter aux villages ?
arg-word-prefix = { $word } : { $message }
arg-word-event = session
arg-word-participant = participant
arg-word-answer = réponse
arg-word-name = nom
arg-word-id = identifiant
arg-word-file = fichier
arg-word-text = texte
rsvp-recorded-named = Réponse de { $name } enregistrée pour la session { $title } : { $answer } ({ $participant })
attend-recorded-named = Présences de la session { $title } enregistrées ({ $id }) : { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
} ({ $list }).
toml-expected = { $what } ; attendu : { $expected }
toml-invalid-time = heure invalide
toml-invalid-date = date invalide
toml-invalid-datetime = date et heure invalides
toml-invalid-basic-string = texte entre guillemets non fermé
toml-invalid-literal-string = texte entre apostrophes non fermé
toml-string-values-must-be-quoted = un texte doit être entre guillemets
toml-unclosed-array-table = en-tête [[…]] non fermé
toml-unclosed-table = en-tête […] non fermé
toml-duplicate-key = clé en double
toml-unexpected-key-or-value = clé ou valeur inattendue
toml-unquoted-keys-cannot-be-empty = une clé sans guillemets ne peut pas être vide
toml-unclosed-array = liste non fermée
toml-unclosed-inline-table = table en ligne non fermée
toml-invalid-boolean = booléen invalide
toml-missing-escaped-value = caractère d'échappement manquant après \
toml-invalid-integer = nombre entier invalide
toml-invalid-float = nombre invalide
toml-invalid-number = nombre invalide
toml-invalid-key = clé invalide
toml-expected-newline = un saut de ligne
toml-expected-letters = des lettres
toml-expected-numbers = des chiffres
toml-expected-literal-string = un texte entre apostrophes
toml-expected-nothing = rien
toml-expected-month-between-01-and-12 = un mois entre 01 et 12
toml-expected-day-between-01-and-31 = un jour entre 01 et 31
toml-expected-hour-between-00-and-23 = une heure entre 00 et 23
toml-expected-minute-between-00-and-59 = des minutes entre 00 et 59
toml-expected-second-between-00-and-59 = des secondes entre 00 et 59
