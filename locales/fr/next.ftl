next-choice = { $venue } ({ $village }) : { $total } km au total pour { $people } ({ $mean } km en moyenne) ; { $beyond }.
next-people-one = 1 personne
next-people-many = { $count } personnes
next-beyond-none = personne au-delà de sa distance maximale
next-beyond-one = 1 personne au-delà de sa distance maximale
next-beyond-many = { $count } personnes au-delà de leur distance maximale
next-fair = Le trajet le plus long y est de { $max } km.
next-none = Aucun lieu n'est possible à cette date.
next-no-venues = Aucun lieu n'est enregistré : ajoutez-en avec « jelly venue add ».
next-no-participants = Personne n'est encore inscrit (ou actif) : ajoutez des participants avec « jelly participant add » ou « jelly participant import » ; d'ici là, tous les lieux se valent.
next-excluded-one = { $venues } exclu : { $reason }.
next-excluded-many = { $venues } exclus : { $reason }.
next-and = et
next-more = { $count } autres
next-reason-inactive-one = lieu inactif
next-reason-inactive-many = lieux inactifs
next-reason-cooldown = village d'une des { $count } dernières sessions ({ $villages })
next-reason-cooldown-last = village de la dernière session ({ $villages })
next-reason-capacity = moins de places que de personnes attendues
next-cell-inactive = inactif
next-cell-cooldown = session récente à { $village }
next-cell-capacity = { $capacity ->
    [one] { $capacity } place
   *[other] { $capacity } places
 } < { $expected } attendues
next-hidden = … et { $count } autres lieux (--top pour en voir plus).
next-col-rank = rang
next-col-venue = lieu
next-col-total-km = km total
next-col-mean-km = km moyen
next-col-max-km = km max
next-col-beyond = au-delà
next-col-last-session = dernière session
next-col-excluded = exclu
next-col-id = identifiant
# $whole : la partie entière de $expected (1,5 personne, 2,0 personnes).
next-turnout = On y attend { $expected } { $whole ->
    [one] personne
   *[other] personnes
 } (de { $low } à { $high }, à 80 %).
next-turnout-exact = On y attend { $expected } { $whole ->
    [one] personne
   *[other] personnes
 } (exactement { $low }, à 80 %).
next-col-turnout = attendus
next-cell-turnout = { $expected } ({ $low }–{ $high })
