agenda-empty = No session planned. Propose one with `jelly next`, then `jelly schedule`.
col-date = date
col-session = session
col-venue = venue
col-theme = theme
col-invited = invited
col-yes = yes
