## writing the result (src/output)
output-write-failed = impossible d'écrire le résultat sur la sortie standard : { $error }
