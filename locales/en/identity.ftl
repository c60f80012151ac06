# Identity: one address, one person; namesakes; merging (jelly participant add/merge, check, attend --walk-in, invite…)
identity-merge-same = two different participants are needed (`{ $id }` twice)
identity-merge-plan = Merging { $other } ({ $other_name }) into { $keep } ({ $keep_name }); { $other } will be removed:
identity-merge-gains = takes { $field }: { $value }
identity-merge-session = session { $event }: { $answer ->
    [moved] their answer becomes the kept person's
    [dropped] their answer gives way to the kept person's
   *[none] invitation and attendance carried over
}
identity-merge-journal = { $lines ->
    [0] no send-journal line to carry over
    [one] { $lines } send-journal line carried over
   *[other] { $lines } send-journal lines carried over
}
identity-merge-dry-run = (dry run: nothing was written)
identity-merge-no-terminal = merging { $other } into { $keep } removes { $other }: without an interactive terminal, confirm with --yes (or look first with --dry-run)
identity-merge-confirm = Merge { $other } into { $keep }?
identity-merge-kept = nothing was merged; { $other } is still there
identity-merge-done = { $other } merged into { $keep }: { $sessions ->
    [0] no session
    [one] { $sessions } session
   *[other] { $sessions } sessions
}, { $lines ->
    [0] no journal line
    [one] { $lines } journal line
   *[other] { $lines } journal lines
}, { $fields ->
    [0] no field taken over
    [one] { $fields } field taken over
   *[other] { $fields } fields taken over
}.
identity-err-shared-address = the address { $email } of `{ $id }` is already `{ $other }`'s: one address, one person (if they are the same: jelly participant merge { $other } { $id }; if not, give them another address or none)
identity-address-taken = the address { $email } is already `{ $id }`'s ({ $name }): one address, one person; for someone else, give another address or none
identity-possible-duplicate = note: { $name } ({ $village }) is already there ({ $ids }); if they are the same person: jelly participant merge { $first } { $id }
identity-skipped-shared = { $name } ({ $id }): nothing sent, their address is { $with }'s, who has this message (one address, one message)
# The word that replaces an erased person's name and address in other people's messages and journals.
identity-neutral = a member
identity-forget-rewritten = { $files ->
    [one] in { $files } message addressed to someone else, their name or address is replaced by “{ $neutral }”
   *[other] in { $files } messages addressed to others, their name or address is replaced by “{ $neutral }”
}
identity-walk-in-matched = { $name }: that is { $id } ({ $village }), already a participant
identity-walk-in-several = { $count } participants are called { $name }: { $candidates }; say which with --present ID (or give their address: "Name <address>")
identity-walk-in-choose = Several participants are called { $name }: which one came?
identity-walk-in-someone-new = someone else (a new person)
identity-import-homonyms = { $name }: same name and village as `{ $other }`, already there, but another address: two people (namesakes?)
identity-import-replaced = same person as line { $earlier }: { $field } “{ $dropped }” replaced by “{ $kept }”
identity-import-address-taken = the address { $email } is already `{ $owner }`'s: not given to `{ $id }` (one address, one person)
identity-import-doubtful = { $count } participants could be this row ({ $candidates }): add an id column or an address to tell them apart
identity-import-homonyms-row = { $name }: same name and village as on line { $other }, but another address: two people (namesakes?)
# Help of jelly participant merge
cli-participant-merge-about = Fold one participant recorded twice into the other: sessions, answers and journals move to KEEP, KEEP gains the fields it lacks, OTHER goes
cli-participant-merge-keep = The participant who stays (their id)
cli-participant-merge-other = The participant folded into KEEP, then removed (their id)
cli-participant-merge-dry-run = Show what would change; write nothing
cli-participant-merge-yes = Do not ask for confirmation (required without a terminal)
