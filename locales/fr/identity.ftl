# Identité : une adresse, une personne ; homonymes ; fusion (jelly participant add/merge, check, attend --walk-in, invite…)
identity-merge-same = il faut deux participants différents (« { $id } » deux fois)
identity-merge-plan = Fusion de { $other } ({ $other_name }) dans { $keep } ({ $keep_name }) ; { $other } sera supprimé :
identity-merge-gains = reprend { $field } : { $value }
identity-merge-session = session { $event } : { $answer ->
    [moved] sa réponse passe à la personne gardée
    [dropped] sa réponse s'efface devant celle de la personne gardée
   *[none] invitation et présence reportées
}
identity-merge-journal = { $lines ->
    [0] aucune ligne de journal d'envoi à reporter
    [one] { $lines } ligne de journal d'envoi reportée
   *[other] { $lines } lignes de journal d'envoi reportées
}
identity-merge-dry-run = (essai : rien n'a été écrit)
identity-merge-no-terminal = fusionner { $other } dans { $keep } supprime { $other } : sans terminal interactif, confirmez avec --yes (ou regardez d'abord avec --dry-run)
identity-merge-confirm = Fusionner { $other } dans { $keep } ?
identity-merge-kept = rien n'a été fusionné ; { $other } est toujours là
identity-merge-done = { $other } fusionné dans { $keep } : { $sessions ->
    [0] aucune session
    [one] { $sessions } session
   *[other] { $sessions } sessions
}, { $lines ->
    [0] aucune ligne de journal
    [one] { $lines } ligne de journal
   *[other] { $lines } lignes de journal
}, { $fields ->
    [0] aucun champ repris
    [one] { $fields } champ repris
   *[other] { $fields } champs repris
}.
identity-err-shared-address = l'adresse { $email } de « { $id } » est déjà celle de « { $other } » : une adresse, une personne (si c'est la même : jelly participant merge { $other } { $id } ; sinon, donnez-lui une autre adresse ou aucune)
identity-address-taken = l'adresse { $email } est déjà celle de « { $id } » ({ $name }) : une adresse, une personne ; pour une autre personne, donnez une autre adresse ou aucune
identity-possible-duplicate = attention : { $name } ({ $village }) est déjà là ({ $ids }) ; si c'est la même personne : jelly participant merge { $first } { $id }
identity-skipped-shared = { $name } ({ $id }) : rien d'envoyé, son adresse est celle de { $with }, qui a ce message (une adresse, un message)
# Le mot qui remplace le nom et l'adresse d'une personne effacée dans les messages et journaux des autres.
identity-neutral = un membre
identity-forget-rewritten = { $files ->
    [one] dans { $files } message adressé à quelqu'un d'autre, son nom ou son adresse est remplacé par « { $neutral } »
   *[other] dans { $files } messages adressés à d'autres, son nom ou son adresse est remplacé par « { $neutral } »
}
identity-walk-in-matched = { $name } : c'est { $id } ({ $village }), déjà participant
identity-walk-in-several = { $count } participants s'appellent { $name } : { $candidates } ; dites lequel avec --present ID (ou donnez son adresse : « Nom <adresse> »)
identity-walk-in-choose = Plusieurs participants s'appellent { $name } : lequel est venu ?
identity-walk-in-someone-new = quelqu'un d'autre (une nouvelle personne)
identity-import-homonyms = { $name } : même nom et même village que « { $other } », déjà là, mais une autre adresse : deux personnes (des homonymes ?)
identity-import-replaced = même personne que la ligne { $earlier } : { $field } « { $dropped } » remplacé par « { $kept } »
identity-import-address-taken = l'adresse { $email } est déjà celle de « { $owner } » : pas donnée à « { $id } » (une adresse, une personne)
identity-import-doubtful = { $count } participants pourraient être cette ligne ({ $candidates }) : ajoutez une colonne id ou une adresse pour les distinguer
identity-import-homonyms-row = { $name } : même nom et même village qu'à la ligne { $other }, mais une autre adresse : deux personnes (des homonymes ?)
# Aide de jelly participant merge
cli-participant-merge-about = Fondre en une seule deux fiches d'une même personne : sessions, réponses et journaux passent à GARDÉE, qui reprend les champs qui lui manquent ; AUTRE disparaît
cli-participant-merge-keep = Le participant qui reste (son identifiant)
cli-participant-merge-other = Le participant fondu dans GARDÉE puis supprimé (son identifiant)
cli-participant-merge-dry-run = Montrer ce qui changerait ; ne rien écrire
cli-participant-merge-yes = Ne pas demander de confirmation (obligatoire sans terminal)
