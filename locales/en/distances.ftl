## jelly distances fetch | import | fit

distances-csv-header = the first line must name the columns from,to,km (and optionally minutes)
distances-csv-missing = a column is missing on this line
distances-unknown-village = unknown village “{ $id }” (not in villages.toml)
distances-negative = `{ $key }` cannot be negative ({ $value })
distances-not-number = `{ $key }` must be a number, not “{ $value }”
distances-osrm-shape = not the answer to the request `jelly distances fetch --dry-run` prints ({ $detail }); it must have { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
  } and { $columns ->
    [one] { $columns } column
   *[other] { $columns } columns
  }
distances-osrm-refused = the routing engine answered { $code }: { $message }
distances-osrm-far = the point OSRM used for { $id } is { $km } km from the village: this answer is for another request
distances-unreachable = cannot reach the routing engine: { $detail }
distances-not-aot = `route` must be a list of [[route]] tables
distances-unknown-format = { $file }: not a CSV (from,to,km[,minutes]) nor an OSRM table answer (JSON)
distances-nothing = Nothing to ask: every pair is already in distances.toml ({ $known ->
    [one] { $known } route
   *[other] { $known } routes
  }).
distances-would-ask = Would ask for { $pairs ->
    [one] { $pairs } pair
   *[other] { $pairs } pairs
  } ({ $sources ->
    [one] { $sources } home village
   *[other] { $sources } home villages
  } × { $destinations ->
    [one] { $destinations } venue village
   *[other] { $destinations } venue villages
  }); nothing written.
distances-whole-table = The whole table in one request (its saved answer can be read by `jelly distances import`):
distances-merged = { $added ->
    [one] { $added } route added
   *[other] { $added } routes added
  }, { $updated ->
    [one] { $updated } updated
   *[other] { $updated } updated
  }, { $unchanged ->
    [one] { $unchanged } unchanged
   *[other] { $unchanged } unchanged
  } in { $file }.
distances-merged-dry = Would write: { $added ->
    [one] { $added } route added
   *[other] { $added } routes added
  }, { $updated ->
    [one] { $updated } updated
   *[other] { $updated } updated
  }, { $unchanged ->
    [one] { $unchanged } unchanged
   *[other] { $unchanged } unchanged
  }; nothing written.
distances-requests = { $requests ->
    [one] { $requests } request
   *[other] { $requests } requests
  } to { $url }.
distances-unroutable = { $count ->
    [one] The engine found no road for { $count } pair (not written):
   *[other] The engine found no road for { $count } pairs (not written):
  }
distances-fit = { $routes ->
    [one] { $routes } route
   *[other] { $routes } routes
  } compared with the straight line: median ratio { $median } (interquartile range { $q1 } to { $q3 }, spread { $iqr }).
distances-fit-suggest = Suggested: [rotation] detour_factor = { $factor } (now { $current }).
distances-fit-none = No route between two distinct villages is known: nothing to fit (detour_factor stays { $current }).
