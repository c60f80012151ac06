# Validation of text fields, bounds, locks (issue 11).
err-control-char = « { $key } » contient un caractère de contrôle ({ $char }) en position { $position } : cette valeur doit tenir sur une seule ligne, sans tabulation ni caractère invisible
err-too-long = « { $key } » est trop long ({ $chars } caractères ; { $max } au plus)
err-out-of-range = « { $key } » doit être compris entre { $min } et { $max } (ici { $value })
err-date-range = « { $value } » est hors des dates que jelly sait traiter ({ $first }–{ $last })
plan-count-too-large = { $max } sessions au plus dans un même plan (ici { $value })
plan-every-too-large = { $days } jours ou { $months } mois au plus entre deux sessions (ici « { $value } »)
plan-beyond-range = la saison finirait après { $last } : prévoyez moins de sessions ou plus rapprochées
stats-from-after-to = --from ({ $from }) est après --to ({ $to })
err-dangling-participant-hint = {" "}(pour retirer quelqu'un, `jelly participant forget { $id }` l'enlève aussi des sessions)
