## The emails' text. The templates (src/mail/templates/, or the data
## directory's templates/<lang>/ overrides) call these with t("key", …).

mail-subject = { $kind ->
    [cancellation] Cancelled: Jelly
    [update] Changed: Jelly
    [reminder] Reminder: Jelly
   *[other] Jelly
} in { $village }, { $date } at { $time }
mail-greeting = Hello { $name },
mail-intro-invitation = You are invited to the next jelly organised by { $association }:
mail-intro-update = The jelly organised by { $association } has changed; here is what holds now:
mail-intro-reminder = A reminder: the jelly organised by { $association } is { $when }.
mail-intro-cancellation = The jelly organised by { $association } and planned for { $date } at { $time } ({ $venue }, { $village }) is cancelled.
mail-reason = Reason: { $reason }
mail-label-when = When:
mail-label-where = Where:
mail-label-theme = Theme:
mail-label-for-you = For you:
mail-label-carpool = Car-sharing:
mail-date-time = { $date } at { $time }
mail-quoted = “{ $text }”
mail-distance = about { $distance } km from { $home }.
mail-carpool = { $names } also { $count ->
    [one] comes
   *[other] come
} { $from_home }.
mail-calendar-note = The attached invitation goes into your calendar in one click.
mail-signoff = See you soon,
mail-in-your-village = in your village.
mail-instead-of = (instead of { $old })
