# Validation of text fields, bounds, locks (issue 11).
err-control-char = « { $key } » contient un caractère de contrôle ({ $char }) en position { $position } : cette valeur doit tenir sur une seule ligne, sans tabulation ni caractère invisible
err-too-long = « { $key } » est trop long ({ $chars } caractères ; { $max } au plus)
