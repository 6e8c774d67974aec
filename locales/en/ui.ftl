# Paso app screens — English. Every key here must exist in es and fr too (a test checks it).
# Short, plain words: people read this tired, scared and on a small cracked screen.

## Shell
brand-label = Paso: help near me
header-language = Language
header-sos = SOS
header-emergency = Emergency numbers
quick-exit-short = Exit
quick-exit-label = Quick exit: hide Paso now
tabs-label = Main sections
tab-near = Near me
tab-map = Map
tab-search = Search
tab-guide = Guide
tab-settings = Settings
back = Back
not-found-title = This page does not exist.

## First run
first-run-title = Welcome to Paso
first-run-language = Idioma · Language · Langue
first-run-privacy-title = Your privacy
privacy-promise = Paso works without internet and without an account. It does not track you and sends nothing about you to anyone. Your location stays on this phone and is never saved unless you save a place yourself.
first-run-nationality = Your nationality (optional)
first-run-continue = Continue

## Nationality
nationality-label = Nationality
nationality-none = I prefer not to say
nationality-filter-label = Find your country
nationality-filter-placeholder = Type: vene, haiti…
nationality-common = The most common nationalities on the route:
nationality-no-match = No country with that name. Try other letters or choose from the list.
nationality-all = All countries
nationality-why = Only used to show entry rules and your consulate. It stays on this phone. You can remove it at any time.
nationality-clear = Remove nationality ({ $country })

## Near me
near-title = Help near me
near-from = Near { $place }
here-town = { $town }, { $region } ({ $country })
here-town-no-region = { $town } ({ $country })
here-country = somewhere in { $country }
here-unnamed = the chosen point
near-change-place = Change
near-where-title = Where are you?
near-where-text = Choose your town to see the nearest help. Paso does not use the internet.
near-pick-town = Find my town
near-pick-map = Choose on the map
near-use-location = Use my location
near-location-refused = Your location is not available. Choose your town or a point on the map instead.
near-distance = { $distance } · { $direction }
near-here = { $distance } · right here
near-approx = ≈ { $distance } (town centre)
near-approx-in-town = ≈ { $distance } · in { $town } (town centre)
near-empty = No places found with these filters.
near-clear-filters = Show all places
near-show-more = Show more
near-read-guide = Read the guide for { $country }
filter-category = Type of help
category-all = All
filter-serves = Who it serves
saved-title = Saved places

## Badges and hours
badge-approximate = Approximate location
open-now = Open now
open-now-until = Open now · until { $time }
shut-now = Closed now
shut-now-opens = Closed now · opens { $time }

## Place
place-not-found = This place is not in the data any more.
place-from-here = { $distance } from your place
place-call = Call { $number }
place-save = Save
place-saved = Saved
place-share = Share
place-report = Report a problem
share-hint = Copy this text to share it:
share-footer = From Paso (offline). Check before you go.
place-serves = Who it serves
place-mission-of = Consulate of
place-services = Services
place-address = Address
place-phone = Phone
place-email = E-mail
place-website = Website
place-hours = Hours
place-hours-unknown = Hours not known
place-location = Where it is
precision-notice-exact = The point on the map is where the source puts the place.
precision-notice-town = The point is the centre of the town, not the door of the place. Ask locally for the exact address.
precision-notice-country = This is a service for the whole country, for example a phone line.
precision-notice-none = We do not know where it is exactly.
place-open-in-maps = Open in maps app
place-source-title = Where this comes from
place-source = Source
place-source-date-label = Source date
place-source-date = Source date: { $date }
place-date-unknown = Date not known
place-licence = Licence
place-evidence = What the source says
place-notes = Note:

## Guide
guide-title = Country guide
guide-pick-text = Choose a country to read its guide.
guide-choose-country = Choose a country
guide-missing = There is no guide for this country yet.
guide-other-language = This guide is not yet in your language; it is shown in another one.
dating-compiled = Compiled from public sources on { $date } — not yet checked by field staff
dating-field-reviewed = Checked on the ground by { $org } on { $date }
source-tier-official = government
source-tier-un = UN agency
source-tier-ngo = non-governmental organisation
source-tier-press = press
source-tier-other = other source
source-date-month = { $month } { $year } (month only)
source-date-year = { $year } (year only)
source-date-undated = undated, read on { $date }
markdown-conflict-heading = Sources disagree
guide-key-points = Key points
truths-title = What’s true
truths-intro = Short answers, with sources, to what smugglers and rumours often get wrong.
truths-open = What’s true
truths-here = What’s true here
truths-none = No cards yet.
guide-visa-title = Entry rules for you
guide-your-consulate = Your consulate here
guide-sources = Sources
visa-line = { $passport } passport: { $requirement }
visa-free = no visa needed
visa-required = visa required
visa-on-arrival = visa on arrival
visa-e-visa = e-visa (apply online before travel)
visa-eta = electronic travel authorisation needed
visa-no-admission = entry not allowed
visa-own-country = this is your own country
visa-days = { $days ->
    [one] no visa for up to { $days } day
   *[other] no visa for up to { $days } days
}
visa-unknown = No entry rule known for a { $passport } passport.
visa-as-of = Data of { $date }.
visa-confirm = Rules change: confirm with the migration authority.
visa-no-nationality = Tell Paso your nationality to see the entry rule for you.
visa-set-nationality = Set nationality

## Emergency
emergency-screen-title = Emergency numbers
emergency-explain = Calls to these numbers are free. Tap a number to call.
emergency-title = Emergency numbers: { $country }
emergency-none = No emergency numbers for this country yet.
emergency-other-country = Another country

## Search
search-title = Search
search-label = Town, place or topic
search-placeholder = For example: Tapachula, albergue, asylum
search-nothing = Nothing found. Try another word.
search-towns = Towns
search-towns-hint = Tap a town to see the help near it.
search-places = Places
search-guides = Guides
search-help = Type a few letters, for example “{ $example }”. Accents do not matter.
search-showing-for = Showing results for «{ $matched }»

## Map
map-label = Map of places
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-you-are-here = You are here
map-cluster = { $n } places
map-hint = Tap a point to open it. Tap the map to choose your place.
map-legend = Legend
map-legend-closed = Closed
map-scale = Scale

## Report and outbox
report-title = Report a problem
report-what = What is wrong?
report-kind-closed = It is closed
report-kind-moved = It moved
report-kind-wrong_phone = Wrong phone number
report-kind-wrong_hours = Wrong hours
report-kind-treated_badly = I was treated badly
report-kind-charged_money = They asked me for money
report-kind-unsafe = It is not safe
report-kind-new_place = A place that is missing
report-kind-other = Something else
report-note = More details (optional)
report-no-personal = Do not write names, phone numbers or other personal data.
report-attach-position = Attach my position ({ $place }). Only tick this if you are at the place.
report-personal-warning = This looks like an e-mail address. Please remove personal data.
report-pick-kind = Choose what is wrong.
report-send = Save report
report-new-link = A place that helps is missing
report-new-explain = Tell us about a place that helps people on the route and is not in the app: what it is, where it is, and how you know. Editors read every report; nothing is added to the app without a check.
report-new-note = What it is and where (street, landmark, town)
report-new-note-needed = Write what the place is and where it is.
report-thanks = Thank you
report-queued = Your report is saved on this phone, in the outbox. Nothing is sent over the internet.
outbox-title = My reports (outbox)
outbox-explain = Reports stay on this phone until you export them for a field worker.
outbox-explain-server = Reports stay on this phone until you tap “Send now” or export them for a field worker. Nothing is sent without your tap.
outbox-send = Send now
outbox-sending = Sending…
outbox-send-tally = Sent. Received: { $accepted }. Already received: { $duplicate }. Refused: { $rejected }.
outbox-send-failed = The report server did not answer. Your reports are still waiting: try again later.
outbox-send-refused = The report server refused the reports. They are still waiting on this phone.
outbox-waiting = { $count ->
    [0] No reports waiting
    [one] { $count } report waiting
   *[other] { $count } reports waiting
}
outbox-export = Export reports
outbox-exported = { $count ->
    [0] Nothing new to export. File: { $path }
    [one] { $count } report written to { $path }
   *[other] { $count } reports written to { $path }
}
outbox-mark-sent = A field worker received them
outbox-empty = You have not reported anything.
outbox-state-queued = Waiting
outbox-state-exported = Exported
outbox-state-sent = Received
outbox-state-duplicate = Already received
outbox-state-rejected = Refused
settings-report-server = Reports are sent to: { $address }
settings-no-report-server = This app has no report server. Reports leave your phone only when you export them.

## Settings and about
settings-title = Settings
settings-language = Language
settings-nationality = Nationality
settings-reports = Reports
settings-data = About the data
settings-bundle-version = Data version
settings-bundle-date = Data date
settings-publisher = Publisher
settings-signature = Signature
settings-signature-ok = Checked: signed by { $signer }
settings-places = Places
settings-sources = Data sources and licences
settings-source = Where the data comes from
settings-source-current = An update installed on this phone
settings-source-previous = The update before the last one (the last one could not be opened)
settings-source-embedded = Built into the app
settings-skipped-current = The data update on this phone could not be opened, so Paso does not use it.
settings-skipped-previous = The update before it could not be opened either.
quick-exit-title = Quick exit
quick-exit-explain = The Exit button at the top hides Paso at once and shows a calculator. Your place, search and history are forgotten. To come back, press = on the calculator.
quick-exit-button = Quick exit now
clear-title = Clear all my data
clear-explain = Deletes your language, nationality, saved places and reports from this phone.
clear-button = Clear all my data
clear-confirm = Delete everything Paso keeps on this phone? This cannot be undone.
clear-yes = Yes, delete everything
clear-no = No, keep it
about-title = About Paso
about-version = Paso version { $version }

## Updating the data
update-title = Update the data
update-explain = Paso never goes online by itself. You can install newer data from a file (from a field worker, another phone or a memory card), or check an address you were given.
update-file-label = Data file on this phone
update-file-pick-label = Choose a data file (.paso) on this phone
update-file-placeholder = /sdcard/Download/paso.paso
update-file-button = Update from this file
update-file-missing = First write where the file is.
update-address-label = Update address (latest.json)
update-address-placeholder = https://…/latest.json
update-check-button = Check for updates
update-address-missing = First write the address. There is no official update server yet: use the address a field worker gave you.
update-unavailable = Updates cannot be installed: Paso has no place on this phone to keep them.
update-stage-checking = Reading the update list…
update-stage-downloading = Downloading: { $done }
update-stage-downloading-of = Downloading: { $done } of { $total }
update-stage-verifying = Checking the signature and the content…
update-stage-installing = Installing…
update-installed = Installed: data version { $version }. Every screen now uses it.
update-up-to-date = You already have this data (version { $version }). Nothing was changed.
update-refused = Not installed.
update-nothing-changed = Nothing was changed: Paso keeps using the data it had.
update-details = Details for field staff
update-refused-empty = The file is empty. It may not have been copied completely: ask for it again.
update-refused-not-paso-data = This is not a Paso data file.
update-refused-incomplete = The file is incomplete: the copy or download was cut short. Try again, or ask for the file again.
update-refused-tampered = The file was changed or damaged after it was signed. Paso does not use it, to keep you safe.
update-refused-untrusted = This file is not from a publisher this app trusts. Paso does not use it.
update-refused-no-trusted-publisher = This version of Paso trusts no data publisher yet, so it cannot install updates. It keeps using the data built into it.
update-refused-revoked = This file is signed with a publisher key that has been withdrawn. Paso does not use it.
update-refused-root-refused = The list of trusted publishers that came with this file is not valid. Paso does not use the file.
update-refused-root-expired = The list of trusted publishers on this phone has expired. Get an update that brings a newer list.
update-refused-version-jump = This file claims a version number much higher than expected. Paso does not use it, to keep future updates possible.
update-refused-older = This data is older than the data already on this phone. Paso keeps the newer data.
update-refused-version-conflict = This file has the same version number as the data on this phone, but different content. Paso does not use it.
update-refused-wrong-bundle = This file holds a different data set from the one this app uses.
update-refused-app-too-old = This data needs a newer version of Paso. Update the app first.
update-refused-unsupported = This data is in a format this version of Paso cannot read. Update the app first.
update-refused-wrong-base = This partial update is for a different version of the data than the one on this phone. Ask for the full data file.
update-refused-delta-failed = The partial update did not give the expected data. Paso does not use it. Try the full data file.
update-refused-too-large = The file is larger than it should be. Paso stopped reading it.
update-refused-stale = The update list at this address has expired. That server may no longer be kept up to date.
update-refused-bad-index = The update list at this address is not valid.
update-refused-network = Could not reach the address. Check the connection and the address, then try again.
update-refused-io = The file could not be read or saved on this phone. Check the file's path and the free space.
update-refused-busy = Another update is running. Try again when it has finished.
update-refused-not-as-installed = The installed data is not the one this phone installed (it may have been replaced with an older copy). The app uses the previous or built-in data instead.

## Pass it on (settings)
share-title = Pass it on
share-explain = Save these data as one file and give it to someone: by Bluetooth, a cable or a memory card. On their phone: Settings → Update from this file. Their phone checks the signature, as for any update.
share-embedded = These data came with this version of Paso: any phone with the same app already has them. There is nothing to pass on until you install an update.
share-folder-label = Where to save (a folder or a file name)
share-button = Save a copy
share-saved = Saved: { $path } ({ $size }).
share-already = This copy is already there: { $path } ({ $size }).
share-refused = Not saved.
share-refused-exists = Another file already has that name. Choose another name or folder.
share-refused-not-in-use = The data file on this phone changed after Paso opened it. Close Paso, open it again and try again.
share-refused-io = Could not write there. Check the folder and the free space.

## Neutral screen (quick exit)
neutral-title = Calculator

## Errors
error-title = Something went wrong
error-bundle-missing = The help data is missing from this app.
error-bundle-damaged = The help data is damaged or was changed. Paso will not show it, to keep you safe.
error-bundle-untrusted = The help data is not signed by a publisher this app trusts. Paso will not show it.
error-bundle-too-new = The help data needs a newer version of Paso.
error-bundle-other = The help data cannot be opened.
error-what-to-do = Reinstall Paso, or ask a field worker for a new data file.
error-user-data = Your saved data could not be opened. Nothing you do now will be kept.
error-place-load = This place cannot be shown right now.
error-save = Could not save. Please try again.
error-search = Search is not working right now.
error-outbox = Your reports cannot be read right now.
error-export = Could not write the export file.
error-clear = Could not delete your data. Please try again.
error-unexpected = This screen could not be shown. Your data is safe.
error-try-again = Try again
support-details-copy = Copy details for support
support-details-copied = Details copied. Paste them in a message to a field worker.

place-verification = Is it confirmed?
place-unconfirmed = Not confirmed: we found it in one public source only. Nobody has gone to check.
place-unconfirmed-since = Not confirmed: we looked for another source on { $date } and found none. Nobody has gone to check.
place-desk-checked = Another public source confirmed it (checked on { $date }). Nobody from Paso has been there.
place-field-verified = { $org } went there and confirmed it on { $date }.
place-desk-check = The other source that confirms it
text-lang-mark = ({ $lang ->
    [es] in Spanish
    [en] in English
    [fr] in French
   *[other] in another language
})
near-closed-group = Closed: do not go
near-across-border = In { $country }, across the border

# Staff mode: field staff record visits
place-verify = I verified this place today
verify-title = I verified this place today
verify-status = Is it open?
verify-status-open = Open
verify-status-temporarily_closed = Closed for now
verify-status-closed = Closed for good
verify-phone = I checked the phone number:
verify-hours = I checked the opening hours:
verify-hours-format = Hours as in OpenStreetMap, for example: Mo-Fr 08:00-16:00
verify-services = I checked the services (in English):
verify-serves = I checked who it serves (in English):
verify-at-door = I am at the door: use my place as its exact position
verify-notes = Notes (what you saw; no names of people)
verify-save = Save the visit
verify-thanks = Visit saved
verify-queued = Your visit is saved on this phone, in the outbox. It is sent with your staff token when you tap “Send now”.
verify-nothing = Say what you checked, or write a note.
settings-staff = Field staff
settings-staff-explain = If your organisation gave you a staff token, enter it here to record visits. Anyone holding this phone can use it: remove it when you are done.
settings-staff-token = Staff token
settings-staff-save = Use this token
settings-staff-on = Staff mode is on: places show “I verified this place today”.
settings-staff-remove = Remove the staff token
outbox-visits = My visits (field staff)
