# Turnout forecast (jelly forecast, jelly stats --model, quorum).
# $whole: the integer part of a decimal figure ($expected, $points), for
# French agreement; in English a figure with a decimal is always plural.
turnout-bad-quorum = invalid quorum { $value }: a number of people between 1 and 100,000
turnout-below-quorum = warning: at { $venue } on { $date }, { $expected } { $whole ->
   *[other] people
 } are expected, fewer than the quorum of { $quorum }

forecast-summary = Session { $event } at { $venue } on { $date }: { $expected } { $whole ->
   *[other] people
 } expected ({ $low } to { $high }, 80 % interval) of { $invited ->
    [one] { $invited } invited person
   *[other] { $invited } invited
 }.
forecast-answers = Answers received: { $yes } yes, { $no } no, { $maybe } maybe; a yes counts for { $yes_rate }, a no for 0, no answer for the model's chance at the person's distance.
forecast-quorum-met = The quorum of { $quorum } is reached on average.
forecast-quorum-missed = Below the quorum of { $quorum }.
forecast-basis-model = Model learned from { $sessions ->
    [one] { $sessions } held session
   *[other] { $sessions } held sessions
 } before that date.

turnout-model-title = Turnout model
turnout-model-none = No held session yet: nothing to learn from.
turnout-model-data = Learned from { $sessions ->
    [one] { $sessions } held session
   *[other] { $sessions } held sessions
 }: { $invitations ->
    [one] { $invitations } invitation
   *[other] { $invitations } invitations
 } of { $people ->
    [one] { $people } person
   *[other] { $people } people
 }.
turnout-model-drop = Each 10 km lowers the chance of coming by { $points } { $whole ->
   *[other] points
 } for a typical member (from { $near } at { $km } km to { $far } at { $further } km).
turnout-model-rise = Each 10 km raises the chance of coming by { $points } { $whole ->
   *[other] points
 } for a typical member (from { $near } at { $km } km to { $far } at { $further } km): distance keeps nobody away here.
turnout-model-people = Regulars and occasional visitors differ: at { $km } km a regular comes with a chance of { $regular }, an occasional visitor { $occasional }.
turnout-model-calibration-title = Calibration (each session predicted by a model learned from the others)
turnout-col-band = distance (km)
turnout-col-invitations = invitations
turnout-col-predicted = predicted
turnout-col-observed = came
turnout-col-predicted-rate = predicted rate
turnout-col-observed-rate = observed rate
