## the one duration syntax (src/model/duration.rs)
duration-minutes-for-months = espacement « { $value } » invalide : « m » compte des minutes ; vouliez-vous dire « { $suggestion } » (mois) ?
