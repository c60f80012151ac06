unsubscribe-token-invalid = ce jeton de désinscription n'est pas valable (modifié, ou fait avec la clé d'un autre dossier de données)
