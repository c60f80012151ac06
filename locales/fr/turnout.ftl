# Prévision de participation (jelly forecast, jelly stats --model, quorum).
# $whole : la partie entière d'un nombre décimal ($expected, $points), pour
# l'accord (0,8 personne, 1,5 personne, 2,0 personnes).
turnout-bad-quorum = quorum { $value } invalide : un nombre de personnes entre 1 et 100 000
turnout-below-quorum = attention : à { $venue } le { $date }, on attend { $expected } { $whole ->
    [one] personne
   *[other] personnes
 }, moins que le quorum de { $quorum }

forecast-summary = Session { $event } à { $venue } le { $date } : on attend { $expected } { $whole ->
    [one] personne
   *[other] personnes
 } (de { $low } à { $high }, à 80 %) sur { $invited ->
    [one] { $invited } invité
   *[other] { $invited } invités
 }.
forecast-answers = Réponses reçues : { $yes } oui, { $no } non, { $maybe } peut-être ; un oui compte pour { $yes_rate }, un non pour 0, une absence de réponse pour la chance que donne le modèle à la distance de la personne.
forecast-quorum-met = Le quorum de { $quorum } est atteint en moyenne.
forecast-quorum-missed = En dessous du quorum de { $quorum }.
forecast-basis-model = Modèle appris sur { $sessions ->
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
 } avant cette date.

turnout-model-title = Modèle de participation
turnout-model-none = Aucune session tenue : rien à apprendre.
turnout-model-data = Appris sur { $sessions ->
    [one] { $sessions } session tenue
   *[other] { $sessions } sessions tenues
 } : { $invitations ->
    [one] { $invitations } invitation
   *[other] { $invitations } invitations
 } de { $people ->
    [one] { $people } personne
   *[other] { $people } personnes
 }.
turnout-model-drop = Chaque tranche de 10 km fait baisser la chance de venir de { $points } { $whole ->
    [one] point
   *[other] points
 } pour un membre typique (de { $near } à { $km } km à { $far } à { $further } km).
turnout-model-rise = Chaque tranche de 10 km fait monter la chance de venir de { $points } { $whole ->
    [one] point
   *[other] points
 } pour un membre typique (de { $near } à { $km } km à { $far } à { $further } km) : la distance ne retient personne ici.
turnout-model-people = Les habitués et les visiteurs occasionnels diffèrent : à { $km } km, un habitué vient avec une chance de { $regular }, un occasionnel de { $occasional }.
turnout-model-calibration-title = Calibration (chaque session prévue par un modèle appris sur les autres)
turnout-col-band = distance (km)
turnout-col-invitations = invitations
turnout-col-predicted = prévus
turnout-col-observed = venus
turnout-col-predicted-rate = taux prévu
turnout-col-observed-rate = taux observé
