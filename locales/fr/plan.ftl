plan-bad-every = espacement « { $value } » invalide : par ex. 6w (semaines), 10d (jours), 2mo (mois)
plan-zero-count = le nombre de sessions doit être au moins 1 (et les dates rester dans le calendrier)
plan-no-venue = aucun lieu actif et assez grand pour la session du { $date }
plan-infeasible = impossible de respecter la rotation (cooldown) avec les lieux possibles ; réduisez [rotation] cooldown ou ajoutez des lieux
plan-summary = { $count } sessions à partir du { $from }, espacées de { $every } (recherche { $method }) :
plan-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
plan-weeks = { $n ->
    [one] { $n } semaine
   *[other] { $n } semaines
}
plan-months = { $n } mois
plan-method-exact = exacte
plan-method-heuristic = heuristique
plan-burden-title = Charge de chacun sur la saison (les plus exposés d'abord) :
plan-more = … et { $count ->
    [one] { $count } autre
   *[other] { $count } autres
} (--top 0 pour tous)
plan-compare-title = Comparaison avec la suite gloutonne des choix de `next` (objectif { $objective }) :
plan-figure-max-beyond = sessions au-delà de sa limite, pour le plus exposé
plan-figure-max-season-km = km sur la saison, pour le plus exposé
plan-figure-total-km = km au total, tout le monde
plan-greedy-sequence = Suite gloutonne : { $villages }
plan-no-greedy = La suite gloutonne se bloque (tous les villages possibles en rotation à une date) : pas de comparaison.
plan-applied = { $count } sessions prévues écrites dans { $dir }
plan-event-comment = Session prévue par `jelly plan`.
plan-col-number = n°
plan-col-venue = lieu
plan-col-total-km = km total
plan-col-date = date
plan-col-participant = participant
plan-col-plan-beyond = au-delà (plan)
plan-col-plan-km = km saison (plan)
plan-col-greedy-beyond = au-delà (glouton)
plan-col-greedy-km = km saison (glouton)
plan-col-figure = critère
plan-col-plan = plan
plan-col-greedy = glouton
plan-col-change = écart
