rsvp-recorded = Réponse de { $participant } pour { $id } : { $answer }
rsvp-cancelled = la session { $id } est annulée ; rien n'a été enregistré (--force pour l'enregistrer quand même)
rsvp-past = la session { $id } ({ $date }) est passée ; rien n'a été enregistré (--force pour l'enregistrer quand même)
rsvp-not-invited = note : { $participant } n'est pas dans la liste des invités de { $id }
rsvp-answer-yes = oui
rsvp-answer-no = non
rsvp-answer-maybe = peut-être
