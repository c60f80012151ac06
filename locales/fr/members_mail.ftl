## jelly mail: messages to the members a selector picks (issue 27).

mail-kind-mailing = message
members-mail-bad-size = « { $value } » n'est pas une taille : écrivez par exemple « 10 Mo », « 500 ko » ou un nombre d'octets
members-mail-too-big = les pièces jointes font { $size } Mo en tout, plus que les { $max } Mo permis par [mail] max_attachments
members-mail-no-file = { $flag } : le fichier { $path } n'existe pas
members-mail-nobody = Personne ne correspond à ces sélecteurs : rien à envoyer.
members-mail-selector-unknown = sélecteur « { $selector } » inconnu ; les formes possibles : { $forms }
members-mail-selector-malformed = sélecteur « { $selector } » mal écrit ; attendu : { $expected }
members-mail-selector-unknown-ref = sélecteur « { $selector } » : { $what } « { $id } » inconnu{ $hint }

## The command line (see src/cli_lang.rs).
cli-mail-about = Écrire un message personnel (Markdown, pièces jointes) aux membres qu'un sélecteur choisit
cli-mail-subject = L'objet (il peut utiliser les variables du corps : « {"{{ name }}"} »)
cli-mail-body = Le corps : un fichier Markdown, avec {"{{ name }}"} et les variables des invitations
cli-mail-to = Qui le reçoit (répétable : une union) : all, came:SESSION, invited:SESSION, answered:SESSION:yes|no|maybe|waitlist, village:ID,…, near:LIEU:KM, skill:MOT, since:DATE. Par défaut : all (les membres actifs)
cli-mail-except = Retirer ceux que ce sélecteur choisit (répétable)
cli-mail-attach = Un fichier à joindre (répétable ; en tout au plus [mail] max_attachments)
cli-mail-event = La session dont le corps utilise les variables ({"{{ date }}"}, {"{{ venue }}"}…) ; par défaut, la seule session que nomment les sélecteurs
cli-mail-dry-run = Lister les destinataires et montrer le premier message en entier ; ne rien envoyer
cli-next-invite = Ne compter que ceux que ce sélecteur choisit (répétable ; voir `jelly mail`). Par défaut : [rotation] invite, sinon all
cli-schedule-invite = Qui est invité (répétable : une union), par exemple near:LIEU:KM, came:SESSION, village:ID,… (voir `jelly mail`). Par défaut : [rotation] invite, sinon all
cli-plan-invite = Qui les sessions invitent (répétable : une union ; voir `jelly mail`). Par défaut : [rotation] invite, sinon all
