man-written = { $count ->
    [one] { $count } man page written to { $dir }
   *[other] { $count } man pages written to { $dir }
}
