mail-summary = Jelly in { $village }
mail-footer = You receive this because you are a member of { $association }; to stop receiving these, write to { $organiser }.
mail-when-tomorrow = tomorrow
mail-when-days = in { $n ->
    [one] { $n } day
   *[other] { $n } days
}
mail-when-hours = in { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
mail-when-minutes = in { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
mail-compose-date-at = { $date } at { $time }
mail-compose-footer-link = You receive this because you are a member of { $association }; to stop receiving these: { $link }
