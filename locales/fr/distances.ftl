## jelly distances fetch | import | fit

distances-csv-header = la première ligne doit nommer les colonnes from,to,km (et minutes si besoin)
distances-csv-missing = il manque une colonne sur cette ligne
distances-unknown-village = village « { $id } » inconnu (absent de villages.toml)
distances-negative = `{ $key }` ne peut pas être négatif ({ $value })
distances-not-number = `{ $key }` doit être un nombre, pas « { $value } »
distances-osrm-shape = ce n’est pas la réponse à la requête qu’affiche `jelly distances fetch --dry-run` ({ $detail }) ; elle doit avoir { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
  } et { $columns ->
    [one] { $columns } colonne
   *[other] { $columns } colonnes
  }
distances-osrm-refused = le calculateur d’itinéraires a répondu { $code } : { $message }
distances-osrm-far = le point retenu par OSRM pour { $id } est à { $km } km du village : cette réponse correspond à une autre requête
distances-unreachable = impossible de joindre le calculateur d’itinéraires : { $detail }
distances-not-aot = `route` doit être une liste de tables [[route]]
distances-unknown-format = { $file } : ni un CSV (from,to,km[,minutes]) ni une réponse « table » d’OSRM (JSON)
distances-nothing = Rien à demander : chaque paire est déjà dans distances.toml ({ $known ->
    [one] { $known } trajet
   *[other] { $known } trajets
  }).
distances-would-ask = Demanderait { $pairs ->
    [one] { $pairs } paire
   *[other] { $pairs } paires
  } ({ $sources ->
    [one] { $sources } village de résidence
   *[other] { $sources } villages de résidence
  } × { $destinations ->
    [one] { $destinations } village d’accueil
   *[other] { $destinations } villages d’accueil
  }) ; rien n’est écrit.
distances-whole-table = Toute la table en une requête (sa réponse enregistrée se lit avec `jelly distances import`) :
distances-merged = { $added ->
    [one] { $added } trajet ajouté
   *[other] { $added } trajets ajoutés
  }, { $updated ->
    [one] { $updated } mis à jour
   *[other] { $updated } mis à jour
  }, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
  } dans { $file }.
distances-merged-dry = Écrirait : { $added ->
    [one] { $added } trajet ajouté
   *[other] { $added } trajets ajoutés
  }, { $updated ->
    [one] { $updated } mis à jour
   *[other] { $updated } mis à jour
  }, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
  } ; rien n’est écrit.
distances-requests = { $requests ->
    [one] { $requests } requête
   *[other] { $requests } requêtes
  } à { $url }.
distances-unroutable = { $count ->
    [one] Aucune route trouvée pour { $count } paire (non écrite) :
   *[other] Aucune route trouvée pour { $count } paires (non écrites) :
  }
distances-fit = { $routes ->
    [one] { $routes } trajet comparé
   *[other] { $routes } trajets comparés
  } à la ligne droite : rapport médian { $median } (écart interquartile de { $q1 } à { $q3 }, soit { $iqr }).
distances-fit-suggest = Suggestion : [rotation] detour_factor = { $factor } (actuellement { $current }).
distances-fit-none = Aucun trajet connu entre deux villages distincts : rien à ajuster (detour_factor reste { $current }).
