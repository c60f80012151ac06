## issue 24: French input, names in messages, tables, checklist, data directory
input-answers-allowed = oui, non, peut-être (ou yes, no, maybe)
dir-missing-file = fichier obligatoire absent : { $path } ; créez-le (voir `jelly init`) ou indiquez le bon dossier avec --data
dir-looked-in = { $count ->
    [one] {" "}(dossier examiné : { $dirs })
   *[other] {" "}(dossiers examinés, du dossier courant vers le haut : { $dirs })
}
table-hidden-columns = { $count ->
    [one] (1 colonne masquée pour tenir dans le terminal : { $list } ; --wide pour tout voir)
   *[other] ({ $count } colonnes masquées pour tenir dans le terminal : { $list } ; --wide pour tout voir)
}
table-field = { $name } : { $value }
