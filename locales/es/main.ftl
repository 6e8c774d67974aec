# Paso — español. Cada clave debe existir también en en y fr (una prueba lo comprueba).
app-name = Paso
places-found = { $count ->
    [one] { $count } lugar
   *[other] { $count } lugares
}

category-shelter = Albergue
category-health = Salud
category-migration_office = Oficina de migración
category-border_crossing = Paso fronterizo
category-reception_centre = Centro de recepción
category-consulate = Consulado
category-humanitarian_org = Ayuda humanitaria
category-legal_aid = Ayuda legal

serves-families = Familias
serves-women = Mujeres
serves-unaccompanied_children = Niñas y niños solos
serves-lgbti = Personas LGBTI

status-open = Abierto
status-closed = Cerrado — no vaya
status-temporarily_closed = Cerrado por ahora — no vaya
status-planned = Todavía no abre
status-temporary = Temporal
status-informal = Punto informal — peligroso
status-unknown = Estado sin confirmar

precision-exact = Ubicación exacta
precision-town = Ubicación aproximada (centro del pueblo)
precision-country = Todo el país (línea telefónica)
precision-none = Ubicación desconocida


direction-n = norte
direction-ne = noreste
direction-e = este
direction-se = sureste
direction-s = sur
direction-sw = suroeste
direction-w = oeste
direction-nw = noroeste

subcategory-hospital = Hospital
subcategory-embassy = Embajada
subcategory-consulate = Consulado
subcategory-honorary_consulate = Consulado honorario
subcategory-nunciature = Nunciatura

verification-unverified = Sin confirmar
verification-desk_checked = Confirmado por otra fuente
verification-field_verified = Visitado y confirmado
