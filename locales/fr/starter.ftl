## issue 24 : les commentaires des fichiers de départ écrits par `jelly init`
starter-config-header =
    # jelly : les réglages de l'association. Chaque clé est facultative et a une valeur par défaut.
starter-config-timezone =
    # Fuseau horaire IANA dans lequel les dates des sessions sont écrites (par défaut Europe/Paris).
starter-config-language =
    # Langue des e-mails et des messages : "fr" ou "en" (par défaut "fr").
starter-config-objective =
    # Comment `jelly next` choisit un lieu : "total" (le moins de km en tout, par défaut),
    # "fair" (le moins de km pour la personne qui vient de plus loin) ou "coverage"
    # (le moins de gens au-delà de leur propre max_km).
starter-config-cooldown =
    # Les villages des N dernières sessions ne sont pas choisis de nouveau (par défaut 2).
starter-config-detour =
    # km par la route ≈ km à vol d'oiseau × ce facteur (par défaut 1.3). Les distances
    # routières connues vont dans distances.toml et sont prises telles quelles.
starter-config-every =
    # Espacement par défaut des sessions dans `jelly plan` (par ex. "6w", "4w", "2mo").
starter-config-from =
    # Expéditeur des invitations et des rappels : "Nom <adresse>".
starter-config-transport =
    # "file" écrit chaque message dans le dossier outbox (pour relire, sans serveur) ;
    # "smtp" envoie par smtp_url ; "sendmail" passe par sendmail_command.
starter-config-smtp =
    # smtp_url = "smtp://smtp.example.org:587"   # STARTTLS sur 587 ; smtps://…:465 pour TLS direct
    # tls = "starttls"                            # starttls | implicit | none (none : 127.0.0.1 seulement)
    # username = "contact@example.org"
    # Le mot de passe n'est jamais ici : définissez $JELLY_SMTP_PASSWORD, ou
    # password_command = "pass show jelly/smtp"
    # Délais avant une session auxquels `jelly remind` (depuis cron) envoie un rappel.
starter-config-inbox =
    # La boîte aux lettres que lit `jelly inbox` (depuis cron) : réponses de calendrier,
    # retours en erreur et désinscriptions deviennent des données (docs/inbox.md). Un compte IMAP :
    # [inbox]
    # imap_url = "imaps://imap.example.org:993"   # imap://…:143 pour STARTTLS
    # username = "contact@example.org"
    # password_command = "pass show jelly/imap"    # ou $JELLY_IMAP_PASSWORD
    # done_folder = "jelly"                        # où vont les messages traités
    # ou un Maildir tenu par mbsync, fetchmail ou getmail :
    # maildir = "/home/assoc/Maildir"
starter-config-site =
    # Le site public qu'écrit `jelly site -o www` (docs/site.md) :
    # [site]
    # url = "https://www.exemple.fr/jelly"        # là où il est publié
    # join_url = "https://www.helloasso.com/…"    # la page pour adhérer
    # contact = "contact@exemple.fr"              # le contact de l'association
    # L'agenda partagé que remplit `jelly publish caldav` (Nextcloud, Framagenda…) :
    # [publish]
    # caldav_url = "https://cloud.exemple.fr/remote.php/dav/calendars/jelly/sessions/"
    # username = "jelly"
    # password_command = "pass show jelly/caldav"  # ou $JELLY_CALDAV_PASSWORD
starter-villages =
    # Villages : là où vivent les gens et où se trouvent les lieux.
    # Chaque [[village]] a :
    #   id         identifiant unique : minuscules sans accent, chiffres, tirets (repris par les autres fichiers)
    #   name       le nom du village, accents bienvenus
    #   lat, lon   coordonnées WGS84 en degrés (latitude -90..90, longitude -180..180)
    #   department facultatif : code du département, par ex. "30"
    # `jelly village add NOM` trouve tout seul les coordonnées des communes françaises.
    #
    # [[village]]
    # id = "anduze"
    # name = "Anduze"
    # lat = 44.055
    # lon = 3.98495
    # department = "30"
starter-venues =
    # Lieux : les endroits qui peuvent accueillir une session.
    # Chaque [[venue]] a :
    #   id         identifiant unique
    #   name       par ex. "Médiathèque d'Anduze"
    #   village    l'identifiant de son village (voir villages.toml)
    #   lat, lon   facultatif : son propre point, sinon celui du village
    #   capacity   facultatif : nombre de places ; trop petit pour le monde attendu = pas choisi
    #   amenities  facultatif : ["wifi", "projector", "visio", "printer", "kitchen", "accessible"]
    #   address    facultatif : donnée dans les invitations
    #   contact    facultatif : "Mairie <mairie@example.org>"
    #   active     facultatif, true par défaut : false le garde dans la liste sans jamais le choisir
    #
    # [[venue]]
    # id = "anduze-mediatheque"
    # name = "Médiathèque d'Anduze"
    # village = "anduze"
    # capacity = 20
starter-participants =
    # Participants : les gens du réseau.
    # Chaque [[participant]] a :
    #   id          identifiant unique
    #   name        son nom dans les e-mails
    #   email       facultatif : sans lui aucun message n'est envoyé, mais la personne compte
    #   village     l'identifiant du village d'où elle vient
    #   max_km      facultatif : elle ne va pas plus loin que cela
    #   active      facultatif, true par défaut : false = plus comptée ni invitée
    #   profession  facultatif
    #   joined      facultatif : une date, par ex. 2014-06-05
    #   carpool     facultatif, false par défaut : true = elle accepte d'être nommée, pour
    #               le covoiturage, dans les invitations des gens de son village
    #               (5 noms au plus, ceux qui ont répondu oui d'abord). Personne n'est
    #               nommé sans cela. `jelly participant add --carpool` le règle.
    #   listed      facultatif, false par défaut : true = elle accepte de figurer dans
    #               l'annuaire du site public (`jelly site`), avec :
    #   skills      facultatif : une liste, par ex. ["graphisme", "mise en page"]
    #   website     facultatif : https://…
    #   phone       facultatif : par ex. "05 62 00 00 00"
    #               Son adresse e-mail n'est jamais publiée.
    #   aliases     facultatif : ses autres adresses d'envoi (docs/inbox.md)
    #
    # [[participant]]
    # id = "marie-france"
    # name = "Marie-France"
    # email = "marie-france@example.org"
    # village = "anduze"
    # max_km = 20
    # carpool = true
starter-distances =
    # Distances routières connues entre villages, dans les deux sens. Elles remplacent
    # l'estimation à vol d'oiseau (× detour_factor) pour les lieux situés au point de leur village.
    #
    # [[route]]
    # from = "mende"
    # to = "anduze"
    # km = 118.0
    # minutes = 105   # facultatif
