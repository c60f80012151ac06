# La feuille d'émargement (jelly sheet)
sheet-title = Feuille d'émargement
sheet-when = { $date }, de { $start } à { $end }
sheet-venue = Lieu : { $place }
sheet-organiser = Organisateur ou intervenant : { $name }
sheet-page = { $page }/{ $pages }
sheet-col-number = N°
sheet-col-name = Nom
sheet-col-village = Village
sheet-col-profession = Profession
sheet-col-signature = Signature
sheet-col-morning = Matin
sheet-col-afternoon = Après-midi
sheet-err-format = « { $path } » : extension inconnue ; attendu .pdf ou .html
sheet-err-end = heure de fin « { $value } » invalide (attendu HH:MM, après le début { $start })
sheet-err-tty = la feuille PDF est binaire : redirigez la sortie vers un fichier ou donnez -o FICHIER.pdf
sheet-written = { $path } : { $rows ->
    [one] { $rows } personne attendue
   *[other] { $rows } personnes attendues
}, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
