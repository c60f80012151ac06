## The emails' text. The templates (src/mail/templates/, or the data
## directory's templates/<lang>/ overrides) call these with t("key", …).

mail-subject = { $kind ->
    [cancellation] Annulée : Jelly
    [update] Modifiée : Jelly
    [reminder] Rappel : Jelly
   *[other] Jelly
} à { $village }, { $date } à { $time }
mail-greeting = Bonjour { $name },
mail-intro-invitation = Vous êtes invité·e à la prochaine jelly organisée par l'association { $association } :
mail-intro-update = La jelly organisée par l'association { $association } a changé ; voici ce qui vaut désormais :
mail-intro-reminder = Petit rappel : la jelly organisée par l'association { $association }, c'est { $when }.
mail-intro-cancellation = La jelly organisée par l'association { $association } et prévue { $date } à { $time } ({ $venue }, { $village }) est annulée.
mail-reason = Raison : { $reason }
mail-label-when = Quand :
mail-label-where = Où :
mail-label-theme = Thème :
mail-label-for-you = Pour vous :
mail-label-carpool = Covoiturage :
mail-date-time = { $date } à { $time }
mail-quoted = « { $text } »
mail-distance = environ { $distance } km depuis { $home }.
mail-carpool = { $names } { $count ->
    [one] vient
   *[other] viennent
} aussi { $from_home }.
mail-calendar-note = L'invitation jointe s'ajoute à votre agenda en un clic.
mail-signoff = À bientôt,
mail-in-your-village = dans votre village.
mail-instead-of = (au lieu de { $old })
