man-written = { $count ->
    [one] { $count } page de manuel écrite dans { $dir }
   *[other] { $count } pages de manuel écrites dans { $dir }
}
