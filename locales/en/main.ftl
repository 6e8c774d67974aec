# Paso — English. Every key here must exist in es and fr too (a test checks it).
app-name = Paso
places-found = { $count ->
    [one] { $count } place
   *[other] { $count } places
}

category-shelter = Shelter
category-health = Health
category-migration_office = Migration office
category-border_crossing = Border crossing
category-reception_centre = Reception centre
category-consulate = Consulate
category-humanitarian_org = Humanitarian aid
category-legal_aid = Legal aid

serves-families = Families
serves-women = Women
serves-unaccompanied_children = Children alone
serves-lgbti = LGBTI people

status-open = Open
status-closed = Closed — do not go
status-temporarily_closed = Closed for now — do not go
status-planned = Not open yet
status-temporary = Temporary
status-informal = Informal point — risky
status-unknown = Status not confirmed

precision-exact = Exact location
precision-town = Approximate location (town centre)
precision-country = Whole country (phone line)
precision-none = Location unknown


direction-n = north
direction-ne = north-east
direction-e = east
direction-se = south-east
direction-s = south
direction-sw = south-west
direction-w = west
direction-nw = north-west

subcategory-hospital = Hospital
subcategory-embassy = Embassy
subcategory-consulate = Consulate
subcategory-honorary_consulate = Honorary consulate
subcategory-nunciature = Nunciature

verification-unverified = Not confirmed
verification-desk_checked = Confirmed by a second source
verification-field_verified = Visited and confirmed
