## jelly mail: messages to the members a selector picks (issue 27).

mail-kind-mailing = message
members-mail-bad-size = "{ $value }" is not a size: write for instance "10 MB", "500 kB" or a number of bytes
members-mail-too-big = the attachments total { $size } MB, more than the { $max } MB [mail] max_attachments allows
members-mail-no-file = { $flag }: the file { $path } does not exist
members-mail-nobody = Nobody matches these selectors: nothing to send.
members-mail-selector-unknown = unknown selector "{ $selector }"; the forms are: { $forms }
members-mail-selector-malformed = selector "{ $selector }" is not well formed; expected: { $expected }
members-mail-selector-unknown-ref = selector "{ $selector }": unknown { $what } "{ $id }"{ $hint }
