# Looking communes up (village add, village search, init --village).
village-no-coordinates = { $place } n'a pas de coordonnées dans les données de jelly ; donnez-les avec --lat et --lon
village-no-coordinates-ask = { $place } n'a pas de coordonnées dans les données de jelly ; saisissez-les.
village-unknown-postcode = aucune commune n'a le code postal { $postcode }
village-not-in-postcode = aucune commune du code postal { $postcode } ne s'appelle « { $name } » ; ses communes : { $communes }
village-postcode-several = { $count } communes ont le code postal { $postcode } : { $candidates } ; donnez aussi le nom de la commune (jelly village add NOM --postcode { $postcode })
