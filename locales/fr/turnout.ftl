turnout-bad-quorum = quorum { $value } invalide : un nombre de personnes entre 1 et 100 000
turnout-below-quorum = attention : à { $venue } le { $date }, on attend { $expected } personnes, moins que le quorum de { $quorum }
