# The public site (jelly site) and the participants' directory keys
site-err-website = invalid website "{ $value }": a full http:// or https:// address, without blanks or @
site-err-phone = invalid phone "{ $value }": digits (6 to 20), with a leading + and spaces, dots, hyphens or parentheses
site-err-skill = invalid skill "{ $value }": a word or phrase of 1 to 60 characters, on one line, without @
