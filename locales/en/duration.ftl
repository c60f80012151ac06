## the one duration syntax (src/model/duration.rs)
duration-minutes-for-months = invalid spacing `{ $value }`: `m` counts minutes; did you mean `{ $suggestion }` (months)?
