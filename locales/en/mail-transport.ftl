mail-no-smtp-url = [mail] transport = "smtp" needs smtp_url (for example "smtp://smtp.example.org:587")
mail-no-password = [mail] username is set but there is no password: set $JELLY_SMTP_PASSWORD or password_command
mail-password-command-failed = password_command failed ({ $status })
