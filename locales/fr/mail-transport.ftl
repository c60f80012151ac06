mail-no-smtp-url = [mail] transport = "smtp" demande smtp_url (par exemple "smtp://smtp.example.org:587")
mail-no-password = [mail] username est donné mais pas de mot de passe : définissez $JELLY_SMTP_PASSWORD ou password_command
mail-password-command-failed = password_command a échoué ({ $status })
