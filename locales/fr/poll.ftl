## Date polls: `jelly poll new|send|remind|show|close`, and the poll message.

poll-vote-yes = Oui
poll-vote-if-need-be = Si besoin
poll-vote-no = Non
