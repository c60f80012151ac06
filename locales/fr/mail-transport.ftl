mail-no-smtp-url = [mail] transport = "smtp" demande smtp_url (par exemple "smtp://smtp.example.org:587")
mail-no-password = [mail] username est donné mais pas de mot de passe : définissez $JELLY_SMTP_PASSWORD ou password_command
mail-password-command-failed = password_command a échoué ({ $status })
mail-transport-auth-refused = le serveur { $server } a refusé l'identification ({ $answer }) : vérifiez username et le mot de passe. Envoi arrêté à la première tentative, rien n'est noté dans le journal.
mail-transport-timeout = { $server } : délai dépassé, pas de réponse en { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
} ([mail] timeout). Le port et le mode TLS vont-ils ensemble (587 avec starttls, 465 avec smtps://) ?
mail-transport-tls-failed = TLS avec { $host } a échoué : { $error }. { $hint }
mail-transport-tls-hint = Si le serveur a un certificat privé, donnez le certificat de son autorité dans [mail] ca_file (fichier PEM).
mail-transport-tls-check-ca-file = Vérifiez que [mail] ca_file contient bien l'autorité qui a signé le certificat du serveur.
mail-transport-ca-as-server = Le certificat de { $host } est marqué comme autorité (CA) mais sert de certificat de serveur (c'est ce que fait « openssl req -x509 » par défaut) : faites signer un certificat de serveur par cette autorité (voir docs/sending.md).
mail-transport-sendmail-not-found = commande sendmail « { $command } » introuvable (cherchée dans : { $tried }) ; donnez son chemin complet dans [mail] sendmail_command
