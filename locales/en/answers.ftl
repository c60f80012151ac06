## One-click answers by email (mailto: links) and what `jelly inbox` says of them.

answers-intro = Answer in one click (your mail app prepares the reply; just send it):
answers-label-yes = I'm coming
answers-label-maybe = Maybe
answers-label-no = I'm not coming
answers-mail-body = My answer: { $answer }. Send this message as it is.
inbox-why-invalid-token = invalid token
inbox-why-old-sequence = older version of the session
inbox-why-several-answers = several different answers
inbox-why-unknown-poll = unknown poll
inbox-why-closed-poll = closed poll
inbox-why-unknown-option = unknown option
inbox-note-other-address = sent from { $address }
inbox-note-link = link
inbox-title-votes = { $count ->
    [one] Vote recorded (date poll):
   *[other] Votes recorded (date poll):
}
inbox-col-poll = poll
inbox-col-option = option
inbox-col-vote = vote
