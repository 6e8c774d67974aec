# Pantallas de Paso — español. Cada clave debe existir también en en y fr (una prueba lo comprueba).
# Palabras cortas y sencillas: se leen con cansancio, miedo y en una pantalla pequeña y rota.

## Marco
brand-label = Paso: ayuda cerca de mí
header-language = Idioma
header-sos = SOS
header-emergency = Números de emergencia
quick-exit-short = Salir
quick-exit-label = Salida rápida: ocultar Paso ahora
tabs-label = Secciones principales
tab-near = Cerca
tab-map = Mapa
tab-search = Buscar
tab-guide = Guía
tab-settings = Ajustes
back = Volver
not-found-title = Esta página no existe.

## Primer uso
first-run-title = Te damos la bienvenida a Paso
first-run-language = Idioma · Language · Langue
first-run-privacy-title = Tu privacidad
privacy-promise = Paso funciona sin internet y sin cuenta. No te sigue y no envía nada sobre ti a nadie. Tu ubicación se queda en este teléfono y nunca se guarda, salvo que tú guardes un lugar.
first-run-nationality = Tu nacionalidad (opcional)
first-run-continue = Continuar

## Nacionalidad
nationality-label = Nacionalidad
nationality-none = Prefiero no decirla
nationality-filter-label = Busca tu país
nationality-filter-placeholder = Escribe: vene, haití…
nationality-common = Las nacionalidades más frecuentes en la ruta:
nationality-no-match = Ningún país con ese nombre. Prueba con otras letras o elige en la lista.
nationality-all = Todos los países
nationality-why = Solo sirve para mostrar las reglas de entrada y tu consulado. Se queda en este teléfono. Puedes borrarla cuando quieras.
nationality-clear = Borrar nacionalidad ({ $country })

## Cerca de mí
near-title = Ayuda cerca de mí
near-from = Cerca de { $place }
here-town = { $town }, { $region } ({ $country })
here-town-no-region = { $town } ({ $country })
here-country = algún lugar de { $country }
here-unnamed = el punto elegido
near-change-place = Cambiar
near-where-title = ¿Dónde estás?
near-where-text = Elige tu ciudad o pueblo para ver la ayuda más cercana. Paso no usa internet.
near-pick-town = Buscar mi ciudad
near-pick-map = Elegir en el mapa
near-use-location = Usar mi ubicación
near-location-refused = Tu ubicación no está disponible. Elige tu ciudad o un punto en el mapa.
near-distance = { $distance } · { $direction }
near-here = { $distance } · aquí mismo
near-approx = ≈ { $distance } (centro del pueblo)
near-approx-in-town = ≈ { $distance } · en { $town } (centro del pueblo)
near-empty = No hay lugares con estos filtros.
near-clear-filters = Ver todos los lugares
near-show-more = Ver más
near-read-guide = Leer la guía de { $country }
filter-category = Tipo de ayuda
category-all = Todo
filter-serves = A quién atiende
saved-title = Lugares guardados

## Etiquetas y horario
badge-approximate = Ubicación aproximada
open-now = Abierto ahora
open-now-until = Abierto ahora · hasta las { $time }
shut-now = Cerrado ahora
shut-now-opens = Cerrado ahora · abre { $time }

## Lugar
place-not-found = Este lugar ya no está en los datos.
place-from-here = { $distance } desde tu lugar
place-call = Llamar al { $number }
place-save = Guardar
place-saved = Guardado
place-share = Compartir
place-report = Avisar de un problema
share-hint = Copia este texto para compartirlo:
share-footer = De Paso (sin internet). Confirma antes de ir.
place-serves = A quién atiende
place-mission-of = Consulado de
place-services = Servicios
place-address = Dirección
place-phone = Teléfono
place-email = Correo
place-website = Sitio web
place-hours = Horario
place-hours-unknown = Horario desconocido
place-location = Dónde está
precision-notice-exact = El punto del mapa es donde la fuente sitúa el lugar.
precision-notice-town = El punto es el centro del pueblo, no la puerta del lugar. Pregunta allí la dirección exacta.
precision-notice-country = Es un servicio para todo el país, por ejemplo una línea de teléfono.
precision-notice-none = No sabemos dónde está exactamente.
place-open-in-maps = Abrir en la app de mapas
place-source-title = De dónde viene esta información
place-source = Fuente
place-source-date-label = Fecha de la fuente
place-source-date = Fecha de la fuente: { $date }
place-date-unknown = Fecha desconocida
place-licence = Licencia
place-evidence = Lo que dice la fuente
place-notes = Nota:

## Guía
guide-title = Guía del país
guide-pick-text = Elige un país para leer su guía.
guide-choose-country = Elige un país
guide-missing = Todavía no hay guía para este país.
guide-other-language = Esta guía aún no está en tu idioma; se muestra en otro.
dating-compiled = Recopilada de fuentes públicas el { $date }; aún no revisada por personal de campo
dating-field-reviewed = Revisada en el terreno por { $org } el { $date }
source-tier-official = gobierno
source-tier-un = agencia de la ONU
source-tier-ngo = organización no gubernamental
source-tier-press = prensa
source-tier-other = otra fuente
source-date-month = { $month } de { $year } (solo el mes)
source-date-year = { $year } (solo el año)
source-date-undated = sin fecha, leída el { $date }
markdown-conflict-heading = Las fuentes no coinciden
guide-key-points = Lo esencial
truths-title = Lo que es verdad
truths-intro = Respuestas cortas, con fuentes, a lo que los traficantes y los rumores suelen decir mal.
truths-open = Lo que es verdad
truths-here = Lo que es verdad aquí
truths-none = Todavía no hay fichas.
guide-visa-title = Reglas de entrada para ti
guide-your-consulate = Tu consulado aquí
guide-sources = Fuentes
visa-line = Pasaporte de { $passport }: { $requirement }
visa-free = no necesita visa
visa-required = necesita visa
visa-on-arrival = visa a la llegada
visa-e-visa = visa electrónica (pedirla en línea antes del viaje)
visa-eta = necesita autorización electrónica de viaje
visa-no-admission = entrada no permitida
visa-own-country = es tu propio país
visa-days = { $days ->
    [one] sin visa hasta { $days } día
   *[other] sin visa hasta { $days } días
}
visa-unknown = No conocemos la regla de entrada para un pasaporte de { $passport }.
visa-as-of = Datos del { $date }.
visa-confirm = Las reglas cambian: confirma con la autoridad de migración.
visa-no-nationality = Indica tu nacionalidad para ver la regla de entrada para ti.
visa-set-nationality = Indicar nacionalidad

## Emergencia
emergency-screen-title = Números de emergencia
emergency-explain = Las llamadas a estos números son gratis. Toca un número para llamar.
emergency-title = Números de emergencia: { $country }
emergency-none = Todavía no hay números de emergencia para este país.
emergency-other-country = Otro país

## Buscar
search-title = Buscar
search-label = Ciudad, lugar o tema
search-placeholder = Por ejemplo: Tapachula, albergue, asilo
search-nothing = No se encontró nada. Prueba otra palabra.
search-towns = Ciudades y pueblos
search-towns-hint = Toca una ciudad para ver la ayuda cerca.
search-places = Lugares
search-guides = Guías
search-help = Escribe unas letras, por ejemplo «{ $example }». Los acentos no importan.
search-showing-for = Mostrando resultados para «{ $matched }»

## Mapa
map-label = Mapa de lugares
map-zoom-in = Acercar
map-zoom-out = Alejar
map-you-are-here = Estás aquí
map-cluster = { $n } lugares
map-hint = Toca un punto para abrirlo. Toca el mapa para elegir tu lugar.
map-legend = Leyenda
map-legend-closed = Cerrado
map-scale = Escala

## Aviso y bandeja de salida
report-title = Avisar de un problema
report-what = ¿Qué está mal?
report-kind-closed = Está cerrado
report-kind-moved = Se mudó
report-kind-wrong_phone = Teléfono equivocado
report-kind-wrong_hours = Horario equivocado
report-kind-treated_badly = Me trataron mal
report-kind-charged_money = Me pidieron dinero
report-kind-unsafe = No es seguro
report-kind-new_place = Un lugar que falta
report-kind-other = Otra cosa
report-note = Más detalles (opcional)
report-no-personal = No escribas nombres, teléfonos ni otros datos personales.
report-attach-position = Enviar mi ubicación ({ $place }). Márcalo solo si estás en el lugar.
report-personal-warning = Esto parece un correo electrónico. Por favor, quita los datos personales.
report-pick-kind = Elige qué está mal.
report-send = Guardar aviso
report-new-link = Falta un lugar que ayuda
report-new-explain = Cuéntanos de un lugar que ayuda a las personas en el camino y que no está en la aplicación: qué es, dónde está y cómo lo sabes. El equipo editor lee cada aviso; nada se añade a la aplicación sin comprobarlo.
report-new-note = Qué es y dónde está (calle, punto de referencia, pueblo)
report-new-note-needed = Escribe qué es el lugar y dónde está.
report-thanks = Gracias
report-queued = Tu aviso quedó guardado en este teléfono, en la bandeja de salida. No se envía nada por internet.
outbox-title = Mis avisos (bandeja de salida)
outbox-explain = Los avisos se quedan en este teléfono hasta que los exportes para una persona del equipo de campo.
outbox-explain-server = Los avisos se quedan en este teléfono hasta que toques «Enviar ahora» o los exportes para una persona del equipo de campo. No se envía nada sin que lo toques.
outbox-send = Enviar ahora
outbox-sending = Enviando…
outbox-send-tally = Enviado. Recibidos: { $accepted }. Ya recibidos antes: { $duplicate }. Rechazados: { $rejected }.
outbox-send-failed = El servidor de avisos no respondió. Tus avisos siguen esperando: inténtalo más tarde.
outbox-send-refused = El servidor de avisos rechazó los avisos. Siguen guardados en este teléfono.
outbox-waiting = { $count ->
    [0] Ningún aviso en espera
    [one] { $count } aviso en espera
   *[other] { $count } avisos en espera
}
outbox-export = Exportar avisos
outbox-exported = { $count ->
    [0] Nada nuevo que exportar. Archivo: { $path }
    [one] { $count } aviso escrito en { $path }
   *[other] { $count } avisos escritos en { $path }
}
outbox-mark-sent = El equipo de campo los recibió
outbox-empty = No has enviado ningún aviso.
outbox-state-queued = En espera
outbox-state-exported = Exportado
outbox-state-sent = Recibido
outbox-state-duplicate = Ya recibido
outbox-state-rejected = Rechazado
settings-report-server = Los avisos se envían a: { $address }
settings-no-report-server = Esta aplicación no tiene servidor de avisos. Los avisos salen de tu teléfono solo cuando los exportas.

## Ajustes y acerca de
settings-title = Ajustes
settings-language = Idioma
settings-nationality = Nacionalidad
settings-reports = Avisos
settings-data = Sobre los datos
settings-bundle-version = Versión de los datos
settings-bundle-date = Fecha de los datos
settings-publisher = Editor
settings-signature = Firma
settings-signature-ok = Comprobada: firmado por { $signer }
settings-places = Lugares
settings-sources = Fuentes de datos y licencias
settings-source = De dónde vienen los datos
settings-source-current = Una actualización instalada en este teléfono
settings-source-previous = La actualización anterior (la última no se pudo abrir)
settings-source-embedded = Incluidos en la app
settings-skipped-current = La actualización de datos de este teléfono no se pudo abrir, así que Paso no la usa.
settings-skipped-previous = La actualización anterior tampoco se pudo abrir.
quick-exit-title = Salida rápida
quick-exit-explain = El botón Salir de arriba oculta Paso al instante y muestra una calculadora. Se olvidan tu lugar, tu búsqueda y tu historial. Para volver, pulsa = en la calculadora.
quick-exit-button = Salida rápida ahora
clear-title = Borrar todos mis datos
clear-explain = Borra de este teléfono tu idioma, tu nacionalidad, tus lugares guardados y tus avisos.
clear-button = Borrar todos mis datos
clear-confirm = ¿Borrar todo lo que Paso guarda en este teléfono? No se puede deshacer.
clear-yes = Sí, borrar todo
clear-no = No, conservar
about-title = Acerca de Paso
about-version = Paso versión { $version }

## Actualizar los datos
update-title = Actualizar los datos
update-explain = Paso nunca se conecta a internet por su cuenta. Puedes instalar datos más nuevos desde un archivo (de una persona del equipo de campo, de otro teléfono o de una tarjeta de memoria) o revisar una dirección que te hayan dado.
update-file-label = Archivo de datos en este teléfono
update-file-pick-label = Elige un archivo de datos (.paso) en este teléfono
update-file-placeholder = /sdcard/Download/paso.paso
update-file-button = Actualizar desde este archivo
update-file-missing = Primero escribe dónde está el archivo.
update-address-label = Dirección de actualización (latest.json)
update-address-placeholder = https://…/latest.json
update-check-button = Buscar actualizaciones
update-address-missing = Primero escribe la dirección. Todavía no hay un servidor oficial: usa la dirección que te dio el equipo de campo.
update-unavailable = No se pueden instalar actualizaciones: Paso no tiene dónde guardarlas en este teléfono.
update-stage-checking = Leyendo la lista de actualizaciones…
update-stage-downloading = Descargando: { $done }
update-stage-downloading-of = Descargando: { $done } de { $total }
update-stage-verifying = Comprobando la firma y el contenido…
update-stage-installing = Instalando…
update-installed = Instalado: versión de datos { $version }. Todas las pantallas la usan ya.
update-up-to-date = Ya tienes estos datos (versión { $version }). No se cambió nada.
update-refused = No se instaló.
update-nothing-changed = No se cambió nada: Paso sigue usando los datos que tenía.
update-details = Detalles para el equipo de campo
update-refused-empty = El archivo está vacío. Quizás no se copió completo: pídelo otra vez.
update-refused-not-paso-data = Este no es un archivo de datos de Paso.
update-refused-incomplete = El archivo está incompleto: la copia o la descarga se cortó. Inténtalo otra vez o pide el archivo de nuevo.
update-refused-tampered = El archivo fue modificado o se dañó después de ser firmado. Paso no lo usa, para protegerte.
update-refused-untrusted = Este archivo no viene de un editor en el que esta app confía. Paso no lo usa.
update-refused-no-trusted-publisher = Esta versión de Paso todavía no confía en ningún editor de datos, así que no puede instalar actualizaciones. Sigue usando los datos que trae incluidos.
update-refused-revoked = Este archivo está firmado con una clave de editor que fue retirada. Paso no lo usa.
update-refused-root-refused = La lista de editores de confianza que vino con este archivo no es válida. Paso no usa el archivo.
update-refused-root-expired = La lista de editores de confianza de este teléfono está vencida. Consiga una actualización que traiga una lista más reciente.
update-refused-version-jump = Este archivo dice tener un número de versión mucho más alto de lo esperado. Paso no lo usa, para que las próximas actualizaciones sigan siendo posibles.
update-refused-older = Estos datos son más antiguos que los que ya tiene este teléfono. Paso conserva los más nuevos.
update-refused-version-conflict = Este archivo tiene el mismo número de versión que los datos de este teléfono, pero otro contenido. Paso no lo usa.
update-refused-wrong-bundle = Este archivo trae otro conjunto de datos, no el que usa esta app.
update-refused-app-too-old = Estos datos necesitan una versión más nueva de Paso. Actualiza primero la app.
update-refused-unsupported = Estos datos están en un formato que esta versión de Paso no puede leer. Actualiza primero la app.
update-refused-wrong-base = Esta actualización parcial es para otra versión de los datos, no para la de este teléfono. Pide el archivo de datos completo.
update-refused-delta-failed = La actualización parcial no dio los datos esperados. Paso no la usa. Prueba con el archivo de datos completo.
update-refused-too-large = El archivo es más grande de lo que debería. Paso dejó de leerlo.
update-refused-stale = La lista de actualizaciones de esta dirección está vencida. Puede que ese servidor ya no se mantenga al día.
update-refused-bad-index = La lista de actualizaciones de esta dirección no es válida.
update-refused-network = No se pudo llegar a la dirección. Revisa la conexión y la dirección, e inténtalo otra vez.
update-refused-io = No se pudo leer o guardar el archivo en este teléfono. Revisa la ruta del archivo y el espacio libre.
update-refused-busy = Ya hay otra actualización en curso. Inténtalo de nuevo cuando termine.
update-refused-not-as-installed = Los datos instalados no son los que instaló este teléfono (quizá los cambiaron por una copia más antigua). La app usa los datos anteriores o los incluidos.

## Pásalo (ajustes)
share-title = Pásalo a otra persona
share-explain = Guarda estos datos en un solo archivo y dáselo a otra persona: por Bluetooth, con un cable o en una tarjeta de memoria. En su teléfono: Ajustes → Actualizar desde este archivo. Su teléfono revisa la firma, como en cualquier actualización.
share-embedded = Estos datos vienen con esta versión de Paso: cualquier teléfono con la misma app ya los tiene. No hay nada que pasar hasta que instales una actualización.
share-folder-label = Dónde guardar (una carpeta o un nombre de archivo)
share-button = Guardar una copia
share-saved = Guardado: { $path } ({ $size }).
share-already = Esta copia ya está ahí: { $path } ({ $size }).
share-refused = No se guardó.
share-refused-exists = Ya hay otro archivo con ese nombre. Elige otro nombre u otra carpeta.
share-refused-not-in-use = El archivo de datos de este teléfono cambió después de que Paso lo abrió. Cierra Paso, ábrelo de nuevo e inténtalo otra vez.
share-refused-io = No se pudo escribir ahí. Revisa la carpeta y el espacio libre.

## Pantalla neutra (salida rápida)
neutral-title = Calculadora

## Errores
error-title = Algo salió mal
error-bundle-missing = Faltan los datos de ayuda en esta app.
error-bundle-damaged = Los datos de ayuda están dañados o fueron cambiados. Paso no los muestra, para protegerte.
error-bundle-untrusted = Los datos de ayuda no están firmados por un editor de confianza. Paso no los muestra.
error-bundle-too-new = Los datos de ayuda necesitan una versión más nueva de Paso.
error-bundle-other = No se pueden abrir los datos de ayuda.
error-what-to-do = Vuelve a instalar Paso o pide un archivo de datos nuevo a una persona del equipo de campo.
error-user-data = No se pudieron abrir tus datos guardados. Lo que hagas ahora no se guardará.
error-place-load = Este lugar no se puede mostrar ahora.
error-save = No se pudo guardar. Inténtalo otra vez.
error-search = La búsqueda no funciona ahora.
error-outbox = No se pueden leer tus avisos ahora.
error-export = No se pudo escribir el archivo de exportación.
error-clear = No se pudieron borrar tus datos. Inténtalo otra vez.
error-unexpected = No se pudo mostrar esta pantalla. Tus datos están a salvo.
error-try-again = Intentar otra vez
support-details-copy = Copiar detalles para soporte
support-details-copied = Detalles copiados. Pégalos en un mensaje a una persona del equipo de campo.

place-verification = ¿Está confirmado?
place-unconfirmed = Sin confirmar: lo encontramos en una sola fuente pública. Nadie ha ido a comprobarlo.
place-unconfirmed-since = Sin confirmar: buscamos otra fuente el { $date } y no la encontramos. Nadie ha ido a comprobarlo.
place-desk-checked = Otra fuente pública lo confirmó (revisado el { $date }). Nadie de Paso ha ido al lugar.
place-field-verified = { $org } fue al lugar y lo confirmó el { $date }.
place-desk-check = La otra fuente que lo confirma
text-lang-mark = ({ $lang ->
    [es] en español
    [en] en inglés
    [fr] en francés
   *[other] en otro idioma
})
near-closed-group = Cerrados: no vayas
near-across-border = En { $country }, al otro lado de la frontera

# Staff mode: field staff record visits
place-verify = Verifiqué este lugar hoy
verify-title = Verifiqué este lugar hoy
verify-status = ¿Está abierto?
verify-status-open = Abierto
verify-status-temporarily_closed = Cerrado por ahora
verify-status-closed = Cerrado para siempre
verify-phone = Comprobé el número de teléfono:
verify-hours = Comprobé el horario:
verify-hours-format = Horario como en OpenStreetMap, por ejemplo: Mo-Fr 08:00-16:00
verify-services = Comprobé los servicios (en español):
verify-serves = Comprobé a quién atiende (en español):
verify-at-door = Estoy en la puerta: usar mi lugar como su ubicación exacta
verify-notes = Notas (lo que viste; sin nombres de personas)
verify-save = Guardar la visita
verify-thanks = Visita guardada
verify-queued = Tu visita está guardada en este teléfono, en la bandeja de salida. Se envía con tu clave de equipo cuando tocas «Enviar ahora».
verify-nothing = Di qué comprobaste, o escribe una nota.
settings-staff = Equipo de campo
settings-staff-explain = Si tu organización te dio una clave de equipo, escríbela aquí para registrar visitas. Quien tenga este teléfono puede usarla: quítala cuando termines.
settings-staff-token = Clave de equipo
settings-staff-save = Usar esta clave
settings-staff-on = El modo de equipo está activo: los lugares muestran «Verifiqué este lugar hoy».
settings-staff-remove = Quitar la clave de equipo
outbox-visits = Mis visitas (equipo de campo)
