next-choice = { $venue } ({ $village }): { $total } km in all for { $people } ({ $mean } km on average); { $beyond }.
next-people-one = 1 person
next-people-many = { $count } people
next-beyond-none = nobody beyond their maximum distance
next-beyond-one = 1 person beyond their maximum distance
next-beyond-many = { $count } people beyond their maximum distance
next-fair = The longest journey there is { $max } km.
next-none = No venue is eligible on this date.
next-no-venues = No venue is recorded: add some with `jelly venue add`.
next-no-participants = Nobody is registered (or active) yet: add participants with `jelly participant add` or `jelly participant import`; until then, every venue is as good as another.
next-excluded-one = { $venues } excluded: { $reason }.
next-excluded-many = { $venues } excluded: { $reason }.
next-and = and
next-more = { $count } more
next-reason-inactive-one = inactive venue
next-reason-inactive-many = inactive venues
next-reason-cooldown = village of one of the last { $count } sessions ({ $villages })
next-reason-cooldown-last = village of the last session ({ $villages })
next-reason-capacity = fewer seats than people expected
next-cell-inactive = inactive
next-cell-cooldown = recent session in { $village }
next-cell-capacity = { $capacity ->
    [one] { $capacity } seat
   *[other] { $capacity } seats
 } < { $expected } expected
next-hidden = … and { $count } more venues (raise --top to see them).
next-col-rank = rank
next-col-venue = venue
next-col-total-km = total km
next-col-mean-km = mean km
next-col-max-km = max km
next-col-beyond = beyond
next-col-last-session = last session
next-col-excluded = excluded
next-col-id = id
# $whole: the integer part of $expected (French plurals of decimals; in
# English a figure with a decimal is always plural).
next-turnout = { $expected } { $whole ->
   *[other] people
 } are expected there ({ $low } to { $high }, 80 % interval).
next-turnout-exact = { $expected } { $whole ->
   *[other] people
 } are expected there (exactly { $low }, 80 % interval).
next-col-turnout = expected
next-cell-turnout = { $expected } ({ $low }–{ $high })
