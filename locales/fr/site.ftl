# Le site public (jelly site) et les clés d'annuaire des participants
site-err-website = site web « { $value } » invalide : une adresse complète en http:// ou https://, sans espace ni @
site-err-phone = téléphone « { $value } » invalide : des chiffres (6 à 20), avec un + au début et des espaces, points, tirets ou parenthèses
site-err-skill = compétence « { $value } » invalide : un mot ou une expression de 1 à 60 caractères, sur une ligne, sans @
