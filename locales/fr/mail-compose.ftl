mail-summary = Jelly à { $village }
mail-footer = Vous recevez ce message parce que vous êtes membre de l'association { $association } ; pour ne plus en recevoir, écrivez à { $organiser }.
mail-when-tomorrow = demain
mail-when-days = dans { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
mail-when-hours = dans { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
mail-when-minutes = dans { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
mail-compose-date-at = { $date } à { $time }
mail-compose-footer-link = Vous recevez ce message parce que vous êtes membre de l'association { $association } ; pour ne plus en recevoir : { $link }
