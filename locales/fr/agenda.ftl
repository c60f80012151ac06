agenda-empty = Aucune session prévue. Proposez-en une avec `jelly next` puis `jelly schedule`.
col-date = date
col-session = session
col-venue = lieu
col-theme = thème
col-invited = invités
col-yes = oui
