mail-settings-465-starttls = le port 465 de « { $host } » attend TLS dès la connexion, pas STARTTLS : écrivez smtp_url = "smtps://{ $host }:465" (ou tls = "implicit"), ou bien utilisez le port 587 avec STARTTLS
mail-settings-587-implicit = le port 587 de « { $host } » parle d'abord en clair puis passe en STARTTLS : écrivez smtp_url = "smtp://{ $host }:587" avec tls = "starttls", ou bien utilisez smtps:// sur le port 465
mail-settings-bad-timeout = timeout = « { $value } » : donnez une durée comme "60s" ou "2m" (60s par défaut)
mail-settings-bad-hello-name = hello_name = « { $value } » : il faut un nom de machine complet (par ex. jelly.exemple.fr) ou une adresse entre crochets
mail-settings-bad-selector = dkim_selector = « { $value } » : un sélecteur DKIM est fait de lettres, chiffres, tirets et points
mail-settings-dkim-half = la signature DKIM demande aussi { $missing }
mail-settings-bad-unsubscribe-url = unsubscribe_url = « { $value } » : il faut une adresse https:// contenant {"{"}token{"}"} (par ex. https://exemple.fr/desinscription?t={"{"}token{"}"})
mail-settings-ca-unreadable = ca_file : impossible de lire { $file } ({ $error })
mail-settings-ca-no-pem = ca_file : { $file } ne contient aucun certificat PEM (« -----BEGIN CERTIFICATE----- »)
mail-settings-dkim-unreadable = dkim_key_file : impossible de lire { $file } ({ $error })
mail-settings-dkim-bad-key = dkim_key_file : { $file } n'est pas une clé privée RSA ou Ed25519 au format PEM (openssl genrsa 2048, ou openssl genpkey -algorithm ed25519)
