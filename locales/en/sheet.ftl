# The sign-in sheet (jelly sheet)
sheet-title = Sign-in sheet
sheet-when = { $date }, { $start } to { $end }
sheet-venue = Venue: { $place }
sheet-organiser = Organiser or speaker: { $name }
sheet-page = { $page }/{ $pages }
sheet-col-number = No.
sheet-col-name = Name
sheet-col-village = Village
sheet-col-profession = Profession
sheet-col-signature = Signature
sheet-col-morning = Morning
sheet-col-afternoon = Afternoon
sheet-err-format = "{ $path }": unknown extension; expected .pdf or .html
sheet-err-end = invalid end time "{ $value }" (expected HH:MM, after the start { $start })
sheet-err-tty = the PDF sheet is binary: redirect the output to a file or give -o FILE.pdf
sheet-written = { $path }: { $rows ->
    [one] { $rows } person expected
   *[other] { $rows } people expected
}, { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
