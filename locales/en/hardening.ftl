# Validation of text fields, bounds, locks (issue 11).
err-control-char = `{ $key }` holds a control character ({ $char }) at position { $position }: this value must fit on one line, with no tab or invisible character
err-too-long = `{ $key }` is too long ({ $chars } characters; at most { $max })
