stats-err-csv = --format csv n'existe que pour `jelly stats` et `jelly participants` ; utilisez --format table ou --format json
stats-none = Aucune session tenue sur cette période.
stats-sessions-title = Sessions tenues
stats-overall = { $sessions } sessions, { $attendances } présences de { $people } personnes ; { $mean } présents par session en moyenne, dont { $newcomers } nouveaux ; fidélité : { $loyalty } des présences sont des habitués.
stats-years-title = Par année
stats-villages-title = Taux de présence par village (présences / invitations)
stats-distance-title = Taux de présence selon la distance à parcourir
stats-drifting-title = Perdus de vue : { $count ->
    [one] { $count } personne venue
   *[other] { $count } personnes venues
} avant, mais à aucune des { $last } dernières sessions
stats-drifting-none = Personne ne s'éloigne : tous les habitués sont venus à l'une des { $last } dernières sessions.
stats-col-date = date
stats-col-invited = invités
stats-col-answered-yes = oui
stats-col-came = venus
stats-col-newcomers = nouveaux
stats-col-returning = habitués
stats-col-year = année
stats-col-sessions = sessions
stats-col-mean-attendance = présents en moyenne
stats-col-people = personnes
stats-col-invitations = invitations
stats-col-rate = taux
stats-col-distance-km = distance (km)
stats-col-last-came = dernière venue
