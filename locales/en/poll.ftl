## Date polls: `jelly poll new|send|remind|show|close`, and the poll message.

poll-vote-yes = Yes
poll-vote-if-need-be = If need be
poll-vote-no = No
