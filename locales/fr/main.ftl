# Paso — français. Chaque clé doit aussi exister en es et en (un test le vérifie).
app-name = Paso
places-found = { $count ->
    [one] { $count } lieu
   *[other] { $count } lieux
}

category-shelter = Hébergement
category-health = Santé
category-migration_office = Bureau de migration
category-border_crossing = Poste-frontière
category-reception_centre = Centre d’accueil
category-consulate = Consulat
category-humanitarian_org = Aide humanitaire
category-legal_aid = Aide juridique

serves-families = Familles
serves-women = Femmes
serves-unaccompanied_children = Enfants seuls
serves-lgbti = Personnes LGBTI

status-open = Ouvert
status-closed = Fermé — n’y allez pas
status-temporarily_closed = Fermé pour l’instant — n’y allez pas
status-planned = Pas encore ouvert
status-temporary = Temporaire
status-informal = Point informel — dangereux
status-unknown = État non confirmé

precision-exact = Position exacte
precision-town = Position approximative (centre de la ville)
precision-country = Tout le pays (ligne téléphonique)
precision-none = Position inconnue


direction-n = nord
direction-ne = nord-est
direction-e = est
direction-se = sud-est
direction-s = sud
direction-sw = sud-ouest
direction-w = ouest
direction-nw = nord-ouest

subcategory-hospital = Hôpital
subcategory-embassy = Ambassade
subcategory-consulate = Consulat
subcategory-honorary_consulate = Consulat honoraire
subcategory-nunciature = Nonciature

verification-unverified = Non confirmé
verification-desk_checked = Confirmé par une autre source
verification-field_verified = Visité et confirmé
