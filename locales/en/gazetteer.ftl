# Looking communes up (village add, village search, init --village).
village-no-coordinates = { $place } has no coordinates in jelly's data; give them with --lat and --lon
village-no-coordinates-ask = { $place } has no coordinates in jelly's data; type them.
village-unknown-postcode = no commune has the postcode { $postcode }
village-not-in-postcode = no commune of postcode { $postcode } is called `{ $name }`; its communes: { $communes }
village-postcode-several = { $count } communes share the postcode { $postcode }: { $candidates }; give the commune's name too (jelly village add NAME --postcode { $postcode })
