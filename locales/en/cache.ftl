# The parsed-data cache (.jelly-cache/), --verbose messages.
cache-skipped-busy = Cache not updated: another jelly holds the folder's lock.
cache-skipped-round-trip = Cache not written: the snapshot does not read back the same (a bug in jelly, please report it).
cache-skipped-io = Cache not written: cannot write into { $folder }.
cli-global-no-cache = Parse the data files, neither reading nor writing the cache of parsed data (.jelly-cache/)
