## jelly mail: messages to the members a selector picks (issue 27).

mail-kind-mailing = message
members-mail-bad-size = « { $value } » n'est pas une taille : écrivez par exemple « 10 Mo », « 500 ko » ou un nombre d'octets
members-mail-too-big = les pièces jointes font { $size } Mo en tout, plus que les { $max } Mo permis par [mail] max_attachments
members-mail-no-file = { $flag } : le fichier { $path } n'existe pas
members-mail-nobody = Personne ne correspond à ces sélecteurs : rien à envoyer.
members-mail-selector-unknown = sélecteur « { $selector } » inconnu ; les formes possibles : { $forms }
members-mail-selector-malformed = sélecteur « { $selector } » mal écrit ; attendu : { $expected }
members-mail-selector-unknown-ref = sélecteur « { $selector } » : { $what } « { $id } » inconnu{ $hint }
