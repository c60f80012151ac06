# Le cache des données lues (.jelly-cache/), messages de --verbose.
cache-skipped-busy = Cache non mis à jour : un autre jelly tient le verrou du dossier.
cache-skipped-round-trip = Cache non écrit : l'instantané ne se relit pas à l'identique (erreur de jelly, à signaler).
cache-skipped-io = Cache non écrit : impossible d'écrire dans { $folder }.
cli-global-no-cache = Lire les fichiers de données sans lire ni écrire le cache des données lues (.jelly-cache/)
