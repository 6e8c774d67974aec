# Écrans de Paso — français. Chaque clé doit aussi exister en es et en (un test le vérifie).
# Des mots courts et simples : on lit fatigué, inquiet, sur un petit écran fissuré.

## Cadre
brand-label = Paso : de l’aide près de moi
header-language = Langue
header-sos = SOS
header-emergency = Numéros d’urgence
quick-exit-short = Sortir
quick-exit-label = Sortie rapide : cacher Paso maintenant
tabs-label = Sections principales
tab-near = Près d’ici
tab-map = Carte
tab-search = Chercher
tab-guide = Guide
tab-settings = Réglages
back = Retour
not-found-title = Cette page n’existe pas.

## Premier lancement
first-run-title = Bienvenue dans Paso
first-run-language = Idioma · Language · Langue
first-run-privacy-title = Votre vie privée
privacy-promise = Paso marche sans internet et sans compte. Il ne vous suit pas et n’envoie rien sur vous à personne. Votre position reste sur ce téléphone et n’est jamais enregistrée, sauf si vous enregistrez vous-même un lieu.
first-run-nationality = Votre nationalité (facultatif)
first-run-continue = Continuer

## Nationalité
nationality-label = Nationalité
nationality-none = Je préfère ne pas la dire
nationality-filter-label = Cherchez votre pays
nationality-filter-placeholder = Tapez : vene, haïti…
nationality-common = Les nationalités les plus fréquentes sur la route :
nationality-no-match = Aucun pays de ce nom. Essayez d’autres lettres ou choisissez dans la liste.
nationality-all = Tous les pays
nationality-why = Sert seulement à montrer les règles d’entrée et votre consulat. Elle reste sur ce téléphone. Vous pouvez l’effacer à tout moment.
nationality-clear = Effacer la nationalité ({ $country })

## Près d’ici
near-title = De l’aide près d’ici
near-from = Près de { $place }
here-town = { $town }, { $region } ({ $country })
here-town-no-region = { $town } ({ $country })
here-country = un lieu du pays { $country }
here-unnamed = le point choisi
near-change-place = Changer
near-where-title = Où êtes-vous ?
near-where-text = Choisissez votre ville pour voir l’aide la plus proche. Paso n’utilise pas internet.
near-pick-town = Trouver ma ville
near-pick-map = Choisir sur la carte
near-use-location = Utiliser ma position
near-location-refused = Votre position n’est pas disponible. Choisissez plutôt votre ville ou un point sur la carte.
near-distance = { $distance } · { $direction }
near-here = { $distance } · tout près
near-approx = ≈ { $distance } (centre-ville)
near-approx-in-town = ≈ { $distance } · à { $town } (centre-ville)
near-empty = Aucun lieu avec ces filtres.
near-clear-filters = Voir tous les lieux
near-show-more = Voir plus
near-read-guide = Lire le guide : { $country }
filter-category = Type d’aide
category-all = Tout
filter-serves = Pour qui
saved-title = Lieux enregistrés

## Badges et horaires
badge-approximate = Position approximative
open-now = Ouvert maintenant
open-now-until = Ouvert maintenant · jusqu’à { $time }
shut-now = Fermé maintenant
shut-now-opens = Fermé maintenant · ouvre { $time }

## Lieu
place-not-found = Ce lieu n’est plus dans les données.
place-from-here = { $distance } depuis votre lieu
place-call = Appeler le { $number }
place-save = Enregistrer
place-saved = Enregistré
place-share = Partager
place-report = Signaler un problème
share-hint = Copiez ce texte pour le partager :
share-footer = Depuis Paso (hors ligne). Vérifiez avant d’y aller.
place-serves = Pour qui
place-mission-of = Consulat de
place-services = Services
place-address = Adresse
place-phone = Téléphone
place-email = E-mail
place-website = Site web
place-hours = Horaires
place-hours-unknown = Horaires inconnus
place-location = Où c’est
precision-notice-exact = Le point sur la carte est l’endroit où la source place le lieu.
precision-notice-town = Le point est le centre de la ville, pas la porte du lieu. Demandez l’adresse exacte sur place.
precision-notice-country = C’est un service pour tout le pays, par exemple une ligne téléphonique.
precision-notice-none = Nous ne savons pas où c’est exactement.
place-open-in-maps = Ouvrir dans l’app de cartes
place-source-title = D’où vient cette information
place-source = Source
place-source-date-label = Date de la source
place-source-date = Date de la source : { $date }
place-date-unknown = Date inconnue
place-licence = Licence
place-evidence = Ce que dit la source
place-notes = Note :

## Guide
guide-title = Guide du pays
guide-pick-text = Choisissez un pays pour lire son guide.
guide-choose-country = Choisissez un pays
guide-missing = Il n’y a pas encore de guide pour ce pays.
guide-other-language = Ce guide n’existe pas encore dans votre langue ; il est montré dans une autre.
dating-compiled = Compilé à partir de sources publiques le { $date } — pas encore vérifié par des équipes de terrain
dating-field-reviewed = Vérifié sur le terrain par { $org } le { $date }
source-tier-official = gouvernement
source-tier-un = agence de l’ONU
source-tier-ngo = organisation non gouvernementale
source-tier-press = presse
source-tier-other = autre source
source-date-month = { $month } { $year } (mois seulement)
source-date-year = { $year } (année seulement)
source-date-undated = non datée, lue le { $date }
markdown-conflict-heading = Les sources divergent
guide-key-points = L’essentiel
truths-title = Ce qui est vrai
truths-intro = Des réponses courtes, avec leurs sources, à ce que les passeurs et les rumeurs disent souvent de faux.
truths-open = Ce qui est vrai
truths-here = Ce qui est vrai ici
truths-none = Pas encore de fiches.
guide-visa-title = Règles d’entrée pour vous
guide-your-consulate = Votre consulat ici
guide-sources = Sources
visa-line = Passeport { $passport } : { $requirement }
visa-free = pas besoin de visa
visa-required = visa obligatoire
visa-on-arrival = visa à l’arrivée
visa-e-visa = visa électronique (à demander en ligne avant le voyage)
visa-eta = autorisation électronique de voyage obligatoire
visa-no-admission = entrée interdite
visa-own-country = c’est votre propre pays
visa-days = { $days ->
    [one] sans visa jusqu’à { $days } jour
   *[other] sans visa jusqu’à { $days } jours
}
visa-unknown = Règle d’entrée inconnue pour un passeport { $passport }.
visa-as-of = Données du { $date }.
visa-confirm = Les règles changent : vérifiez auprès de l’autorité migratoire.
visa-no-nationality = Indiquez votre nationalité pour voir la règle d’entrée pour vous.
visa-set-nationality = Indiquer ma nationalité

## Urgence
emergency-screen-title = Numéros d’urgence
emergency-explain = Les appels vers ces numéros sont gratuits. Touchez un numéro pour appeler.
emergency-title = Numéros d’urgence : { $country }
emergency-none = Pas encore de numéros d’urgence pour ce pays.
emergency-other-country = Un autre pays

## Chercher
search-title = Chercher
search-label = Ville, lieu ou sujet
search-placeholder = Par exemple : Tapachula, albergue, asile
search-nothing = Rien trouvé. Essayez un autre mot.
search-towns = Villes
search-towns-hint = Touchez une ville pour voir l’aide proche.
search-places = Lieux
search-guides = Guides
search-help = Tapez quelques lettres, par exemple « { $example } ». Les accents ne comptent pas.
search-showing-for = Résultats pour « { $matched } »

## Carte
map-label = Carte des lieux
map-zoom-in = Zoomer
map-zoom-out = Dézoomer
map-you-are-here = Vous êtes ici
map-cluster = { $n } lieux
map-hint = Touchez un point pour l’ouvrir. Touchez la carte pour choisir votre lieu.
map-legend = Légende
map-legend-closed = Fermé
map-scale = Échelle

## Signalement et boîte d’envoi
report-title = Signaler un problème
report-what = Qu’est-ce qui ne va pas ?
report-kind-closed = C’est fermé
report-kind-moved = Le lieu a déménagé
report-kind-wrong_phone = Mauvais numéro de téléphone
report-kind-wrong_hours = Mauvais horaires
report-kind-treated_badly = On m’a mal traité·e
report-kind-charged_money = On m’a demandé de l’argent
report-kind-unsafe = Ce n’est pas sûr
report-kind-new_place = Un lieu qui manque
report-kind-other = Autre chose
report-note = Plus de détails (facultatif)
report-no-personal = N’écrivez pas de noms, de numéros de téléphone ni d’autres données personnelles.
report-attach-position = Joindre ma position ({ $place }). Cochez seulement si vous êtes sur place.
report-personal-warning = Cela ressemble à une adresse e-mail. Merci d’enlever les données personnelles.
report-pick-kind = Choisissez ce qui ne va pas.
report-send = Enregistrer le signalement
report-new-link = Il manque un lieu qui aide
report-new-explain = Parlez-nous d’un lieu qui aide les personnes sur la route et qui n’est pas dans l’application : ce que c’est, où il se trouve et comment vous le savez. L’équipe éditoriale lit chaque signalement ; rien n’est ajouté à l’application sans vérification.
report-new-note = Ce que c’est et où (rue, repère, ville)
report-new-note-needed = Écrivez ce qu’est le lieu et où il se trouve.
report-thanks = Merci
report-queued = Votre signalement est enregistré sur ce téléphone, dans la boîte d’envoi. Rien n’est envoyé par internet.
outbox-title = Mes signalements (boîte d’envoi)
outbox-explain = Les signalements restent sur ce téléphone jusqu’à ce que vous les exportiez pour une personne de terrain.
outbox-explain-server = Les signalements restent sur ce téléphone jusqu’à ce que vous touchiez « Envoyer maintenant » ou que vous les exportiez pour une personne de terrain. Rien n’est envoyé sans votre geste.
outbox-send = Envoyer maintenant
outbox-sending = Envoi…
outbox-send-tally = Envoyé. Reçus : { $accepted }. Déjà reçus : { $duplicate }. Refusés : { $rejected }.
outbox-send-failed = Le serveur de signalements n’a pas répondu. Vos signalements attendent toujours : réessayez plus tard.
outbox-send-refused = Le serveur de signalements a refusé les signalements. Ils restent sur ce téléphone.
outbox-waiting = { $count ->
    [0] Aucun signalement en attente
    [one] { $count } signalement en attente
   *[other] { $count } signalements en attente
}
outbox-export = Exporter les signalements
outbox-exported = { $count ->
    [0] Rien de nouveau à exporter. Fichier : { $path }
    [one] { $count } signalement écrit dans { $path }
   *[other] { $count } signalements écrits dans { $path }
}
outbox-mark-sent = Une personne de terrain les a reçus
outbox-empty = Vous n’avez rien signalé.
outbox-state-queued = En attente
outbox-state-exported = Exporté
outbox-state-sent = Reçu
outbox-state-duplicate = Déjà reçu
outbox-state-rejected = Refusé
settings-report-server = Les signalements sont envoyés à : { $address }
settings-no-report-server = Cette application n’a pas de serveur de signalements. Les signalements ne quittent votre téléphone que si vous les exportez.

## Réglages et à propos
settings-title = Réglages
settings-language = Langue
settings-nationality = Nationalité
settings-reports = Signalements
settings-data = À propos des données
settings-bundle-version = Version des données
settings-bundle-date = Date des données
settings-publisher = Éditeur
settings-signature = Signature
settings-signature-ok = Vérifiée : signé par { $signer }
settings-places = Lieux
settings-sources = Sources des données et licences
settings-source = D’où viennent les données
settings-source-current = Une mise à jour installée sur ce téléphone
settings-source-previous = La mise à jour précédente (la dernière n’a pas pu être ouverte)
settings-source-embedded = Incluses dans l’app
settings-skipped-current = La mise à jour des données de ce téléphone n’a pas pu être ouverte : Paso ne l’utilise pas.
settings-skipped-previous = La mise à jour d’avant n’a pas pu être ouverte non plus.
quick-exit-title = Sortie rapide
quick-exit-explain = Le bouton Sortir en haut cache Paso tout de suite et montre une calculatrice. Votre lieu, votre recherche et votre historique sont oubliés. Pour revenir, appuyez sur = dans la calculatrice.
quick-exit-button = Sortie rapide maintenant
clear-title = Effacer toutes mes données
clear-explain = Efface de ce téléphone votre langue, votre nationalité, vos lieux enregistrés et vos signalements.
clear-button = Effacer toutes mes données
clear-confirm = Effacer tout ce que Paso garde sur ce téléphone ? C’est définitif.
clear-yes = Oui, tout effacer
clear-no = Non, garder
about-title = À propos de Paso
about-version = Paso version { $version }

## Mettre à jour les données
update-title = Mettre à jour les données
update-explain = Paso ne se connecte jamais à internet tout seul. Vous pouvez installer des données plus récentes depuis un fichier (donné par une personne de terrain, un autre téléphone ou une carte mémoire), ou vérifier une adresse qu’on vous a donnée.
update-file-label = Fichier de données sur ce téléphone
update-file-pick-label = Choisissez un fichier de données (.paso) sur ce téléphone
update-file-placeholder = /sdcard/Download/paso.paso
update-file-button = Mettre à jour depuis ce fichier
update-file-missing = Écrivez d’abord où se trouve le fichier.
update-address-label = Adresse de mise à jour (latest.json)
update-address-placeholder = https://…/latest.json
update-check-button = Chercher des mises à jour
update-address-missing = Écrivez d’abord l’adresse. Il n’y a pas encore de serveur officiel : utilisez l’adresse donnée par une personne de terrain.
update-unavailable = Impossible d’installer des mises à jour : Paso n’a pas d’endroit où les garder sur ce téléphone.
update-stage-checking = Lecture de la liste des mises à jour…
update-stage-downloading = Téléchargement : { $done }
update-stage-downloading-of = Téléchargement : { $done } sur { $total }
update-stage-verifying = Vérification de la signature et du contenu…
update-stage-installing = Installation…
update-installed = Installé : version des données { $version }. Tous les écrans l’utilisent maintenant.
update-up-to-date = Vous avez déjà ces données (version { $version }). Rien n’a changé.
update-refused = Pas installé.
update-nothing-changed = Rien n’a changé : Paso garde les données qu’il avait.
update-details = Détails pour les équipes de terrain
update-refused-empty = Le fichier est vide. Il a peut-être été mal copié : demandez-le à nouveau.
update-refused-not-paso-data = Ce n’est pas un fichier de données Paso.
update-refused-incomplete = Le fichier est incomplet : la copie ou le téléchargement a été interrompu. Réessayez ou redemandez le fichier.
update-refused-tampered = Le fichier a été modifié ou abîmé après sa signature. Paso ne l’utilise pas, pour vous protéger.
update-refused-untrusted = Ce fichier ne vient pas d’un éditeur auquel cette app fait confiance. Paso ne l’utilise pas.
update-refused-no-trusted-publisher = Cette version de Paso ne fait encore confiance à aucun éditeur de données : elle ne peut pas installer de mises à jour. Elle continue d’utiliser les données qu’elle contient.
update-refused-revoked = Ce fichier est signé avec une clé d’éditeur qui a été retirée. Paso ne l’utilise pas.
update-refused-root-refused = La liste des éditeurs de confiance fournie avec ce fichier n’est pas valide. Paso n’utilise pas le fichier.
update-refused-root-expired = La liste des éditeurs de confiance de ce téléphone est périmée. Procurez-vous une mise à jour qui apporte une liste plus récente.
update-refused-version-jump = Ce fichier annonce un numéro de version bien plus élevé que prévu. Paso ne l’utilise pas, pour que les prochaines mises à jour restent possibles.
update-refused-older = Ces données sont plus anciennes que celles de ce téléphone. Paso garde les plus récentes.
update-refused-version-conflict = Ce fichier porte le même numéro de version que les données de ce téléphone, mais un autre contenu. Paso ne l’utilise pas.
update-refused-wrong-bundle = Ce fichier contient un autre jeu de données que celui de cette app.
update-refused-app-too-old = Ces données demandent une version plus récente de Paso. Mettez d’abord l’app à jour.
update-refused-unsupported = Ces données sont dans un format que cette version de Paso ne sait pas lire. Mettez d’abord l’app à jour.
update-refused-wrong-base = Cette mise à jour partielle est faite pour une autre version des données que celle de ce téléphone. Demandez le fichier de données complet.
update-refused-delta-failed = La mise à jour partielle n’a pas donné les données attendues. Paso ne l’utilise pas. Essayez le fichier de données complet.
update-refused-too-large = Le fichier est plus gros qu’il ne devrait. Paso a arrêté de le lire.
update-refused-stale = La liste des mises à jour à cette adresse est périmée. Ce serveur n’est peut-être plus tenu à jour.
update-refused-bad-index = La liste des mises à jour à cette adresse n’est pas valide.
update-refused-network = Impossible de joindre l’adresse. Vérifiez la connexion et l’adresse, puis réessayez.
update-refused-io = Impossible de lire ou d’enregistrer le fichier sur ce téléphone. Vérifiez le chemin du fichier et l’espace libre.
update-refused-busy = Une autre mise à jour est en cours. Réessayez quand elle sera terminée.
update-refused-not-as-installed = Les données installées ne sont pas celles que ce téléphone a installées (elles ont peut-être été remplacées par une copie plus ancienne). L’app utilise les données précédentes ou intégrées.

## Transmettre (réglages)
share-title = Transmettre à quelqu’un
share-explain = Enregistrez ces données dans un seul fichier et donnez-le à quelqu’un : par Bluetooth, avec un câble ou sur une carte mémoire. Sur son téléphone : Réglages → Mettre à jour depuis ce fichier. Son téléphone vérifie la signature, comme pour toute mise à jour.
share-embedded = Ces données sont fournies avec cette version de Paso : tout téléphone qui a la même app les a déjà. Il n’y a rien à transmettre tant que vous n’avez pas installé de mise à jour.
share-folder-label = Où enregistrer (un dossier ou un nom de fichier)
share-button = Enregistrer une copie
share-saved = Enregistré : { $path } ({ $size }).
share-already = Cette copie est déjà là : { $path } ({ $size }).
share-refused = Non enregistré.
share-refused-exists = Un autre fichier porte déjà ce nom. Choisissez un autre nom ou un autre dossier.
share-refused-not-in-use = Le fichier de données de ce téléphone a changé après son ouverture par Paso. Fermez Paso, rouvrez-le et réessayez.
share-refused-io = Impossible d’écrire à cet endroit. Vérifiez le dossier et l’espace libre.

## Écran neutre (sortie rapide)
neutral-title = Calculatrice

## Erreurs
error-title = Un problème est survenu
error-bundle-missing = Les données d’aide manquent dans cette app.
error-bundle-damaged = Les données d’aide sont abîmées ou ont été modifiées. Paso ne les montre pas, pour vous protéger.
error-bundle-untrusted = Les données d’aide ne sont pas signées par un éditeur de confiance. Paso ne les montre pas.
error-bundle-too-new = Les données d’aide demandent une version plus récente de Paso.
error-bundle-other = Impossible d’ouvrir les données d’aide.
error-what-to-do = Réinstallez Paso ou demandez un nouveau fichier de données à une personne de terrain.
error-user-data = Vos données enregistrées n’ont pas pu être ouvertes. Rien de ce que vous faites maintenant ne sera gardé.
error-place-load = Ce lieu ne peut pas être affiché maintenant.
error-save = Impossible d’enregistrer. Réessayez.
error-search = La recherche ne marche pas pour le moment.
error-outbox = Impossible de lire vos signalements pour le moment.
error-export = Impossible d’écrire le fichier d’export.
error-clear = Impossible d’effacer vos données. Réessayez.
error-unexpected = Cet écran n’a pas pu s’afficher. Vos données sont en sécurité.
error-try-again = Réessayer
support-details-copy = Copier les détails pour l’assistance
support-details-copied = Détails copiés. Collez-les dans un message à une personne de terrain.

place-verification = Est-ce confirmé ?
place-unconfirmed = Non confirmé : nous l’avons trouvé dans une seule source publique. Personne n’est allé vérifier.
place-unconfirmed-since = Non confirmé : le { $date }, nous avons cherché une autre source, sans en trouver. Personne n’est allé vérifier.
place-desk-checked = Une autre source publique l’a confirmé (vérifié le { $date }). Personne de Paso n’y est allé.
place-field-verified = { $org } s’est rendu sur place et l’a confirmé le { $date }.
place-desk-check = L’autre source qui le confirme
text-lang-mark = ({ $lang ->
    [es] en espagnol
    [en] en anglais
    [fr] en français
   *[other] dans une autre langue
})
near-closed-group = Fermés : n’y allez pas
near-across-border = { $country }, de l’autre côté de la frontière

# Staff mode: field staff record visits
place-verify = J’ai vérifié ce lieu aujourd’hui
verify-title = J’ai vérifié ce lieu aujourd’hui
verify-status = Est-il ouvert ?
verify-status-open = Ouvert
verify-status-temporarily_closed = Fermé pour le moment
verify-status-closed = Fermé définitivement
verify-phone = J’ai vérifié le numéro de téléphone :
verify-hours = J’ai vérifié les horaires :
verify-hours-format = Horaires comme dans OpenStreetMap, par exemple : Mo-Fr 08:00-16:00
verify-services = J’ai vérifié les services (en français) :
verify-serves = J’ai vérifié qui il accueille (en français) :
verify-at-door = Je suis devant la porte : utiliser mon lieu comme position exacte
verify-notes = Notes (ce que vous avez vu ; pas de noms de personnes)
verify-save = Enregistrer la visite
verify-thanks = Visite enregistrée
verify-queued = Votre visite est enregistrée sur ce téléphone, dans la boîte d’envoi. Elle part avec votre jeton d’équipe quand vous touchez « Envoyer maintenant ».
verify-nothing = Dites ce que vous avez vérifié, ou écrivez une note.
settings-staff = Équipe de terrain
settings-staff-explain = Si votre organisation vous a donné un jeton d’équipe, saisissez-le ici pour enregistrer des visites. Toute personne qui tient ce téléphone peut l’utiliser : retirez-le quand vous avez fini.
settings-staff-token = Jeton d’équipe
settings-staff-save = Utiliser ce jeton
settings-staff-on = Le mode équipe est actif : les lieux affichent « J’ai vérifié ce lieu aujourd’hui ».
settings-staff-remove = Retirer le jeton d’équipe
outbox-visits = Mes visites (équipe de terrain)
