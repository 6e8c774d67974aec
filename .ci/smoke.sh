#!/usr/bin/env bash
# End-to-end smoke test of the real desktop app: builds `paso`, opens the main screens under Xvfb at
# 360x640 and 390x844 (each screen opened directly with --screen), takes a screenshot of each, and fails
# when the app crashed or a screenshot is blank or near-uniform. Near me is also shot at 200% text size
# (--text-size 200), and at 360x640 OCR must read at least 3 result distances above the fold at 100%; the
# map is shot around Tapachula (es, en, fr) and Paso Canoas. At 360x640 it also types 'Tapachula' fast
# into the search field (xdotool) and reads the field back by OCR (tesseract): it must hold exactly that. HOME and the data dir point to a temp dir,
# so runs leave nothing behind.
#   bash .ci/smoke.sh                 # screenshots go to target/smoke/
#   SMOKE_OUT=docs/screenshots bash .ci/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out="${SMOKE_OUT:-target/smoke}"

if [ "${1:-}" != "--inside" ]; then
  mkdir -p "$out"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cargo build --bin paso
  # A copy, so a later headless build of the same target (cargo test) cannot swap the binary mid-run.
  cp "${CARGO_TARGET_DIR:-target}/debug/paso" "$work/paso"
  app="$work/paso"
  export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
  mkdir -p "$HOME"
  # The app refuses to start without a display, with a clear message.
  if env -u DISPLAY -u WAYLAND_DISPLAY "$app" --lang en >"$work/nodisplay.log" 2>&1; then
    echo "smoke: the app started without a display" >&2; exit 1
  fi
  grep -q "xvfb-run" "$work/nodisplay.log" || { echo "smoke: the no-display message lacks the xvfb-run hint" >&2; exit 1; }
  for size in 360x640 390x844; do
    SMOKE_WORK="$work" SMOKE_OUT="$out" xvfb-run -a -s "-screen 0 ${size}x24" bash "$0" --inside "$size" \
      || { echo "smoke: failures at $size" >&2; exit 1; }
  done
  echo "smoke: all screens ok; screenshots in $out"
  exit 0
fi

# Inside Xvfb: one size.
size="$2"
work="$SMOKE_WORK"
app="$work/paso"

TAPACHULA=14.90541,-92.25891
SAN_JOSE=9.93388,-84.08489  # GeoNames centre of San José
PASO_CANOAS=8.53305,-82.83844  # GeoNames centre of Canoas (Paso Canoas), Puntarenas
# name | language | arguments
screens=(
  "first-run|es|--screen first-run"
  "near|es|--at $TAPACHULA --screen near"
  "near-en|en|--at $TAPACHULA --screen near"
  "near-fr|fr|--at $TAPACHULA --screen near"
  "near-200|es|--at $TAPACHULA --screen near --text-size 200"
  "place|es|--at $TAPACHULA --screen place:mx-tapachula-albergue-belen"
  "map|fr|--at $TAPACHULA --screen map"
  "map-es|es|--at $TAPACHULA --screen map"
  "map-en|en|--at $TAPACHULA --screen map"
  "map-paso-canoas|es|--at $PASO_CANOAS --screen map"
  "guide|en|--at $SAN_JOSE --screen guide:CR"
  "search|fr|--screen search"
  "report|es|--screen report:mx-tapachula-albergue-belen"
  "settings|en|--screen settings"
  "emergency|es|--at $SAN_JOSE --screen emergency"
)

# Takes a screenshot once the window has drawn something (or after 60 s), while checking the app lives.
shoot() { # pid file
  local pid="$1" file="$2" colours=0
  for _ in $(seq 1 60); do
    sleep 1
    kill -0 "$pid" 2>/dev/null || return 1
    import -window root "$file" 2>/dev/null || continue
    colours=$(identify -format "%k" "$file")
    if [ "$colours" -gt 64 ]; then sleep 2; import -window root "$file"; return 0; fi
  done
  return 0
}

failures=0
for entry in "${screens[@]}"; do
  IFS='|' read -r name lang args <<<"$entry"
  file="$out/${name}-${size}.png"
  data="$work/user-$name-$size"
  # shellcheck disable=SC2086
  "$app" --lang "$lang" --size "$size" --data-dir "$data" $args >"$work/$name-$size.log" 2>&1 &
  pid=$!
  if ! shoot "$pid" "$file"; then
    echo "smoke: paso crashed on $name at $size:"; cat "$work/$name-$size.log"; failures=$((failures + 1)); continue
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  colours=$(identify -format "%k" "$file")
  deviation=$(convert "$file" -colorspace Gray -format "%[fx:standard_deviation]" info:)
  if [ "$colours" -lt 64 ] || awk "BEGIN { exit !($deviation < 0.05) }"; then
    echo "smoke: $file looks blank ($colours colours, deviation $deviation)"; failures=$((failures + 1))
  else
    echo "smoke: $name at $size ok ($colours colours, deviation $deviation)"
  fi
done
# Near me above the fold at 360x640: every result row shows a distance ("850 m", "1,2 km", "≈ 0 m"), so
# OCR of the first screen must find at least 3 distance lines at 100% text size (at 200% fewer is fine:
# the count is reported, and the screenshot shows that nothing is cut off).
if [ "$size" = 360x640 ]; then
  for entry in "near:3" "near-en:3" "near-fr:3" "near-200:0"; do
    name="${entry%%:*}"; want="${entry##*:}"
    file="$out/${name}-${size}.png"
    [ -f "$file" ] || continue
    convert "$file" -resize 200% -colorspace Gray "$work/ocr-$name.png"
    found="$(tesseract "$work/ocr-$name.png" - --psm 4 2>/dev/null | grep -cE '[0-9] ?(m|km)\b' || true)"
    if [ "$found" -ge "$want" ]; then
      echo "smoke: $name at $size shows $found results above the fold (at least $want)"
    else
      echo "smoke: $name at $size shows only $found results above the fold, want $want (see $file)"; failures=$((failures + 1))
    fi
  done
fi
# Fast typing into the real window (keystrokes were lost when every key re-rendered the field). At
# 360x640 only, where the field's place on screen is known: "Tapachula" typed at about 33 keys per second
# with xdotool, then the field is read back by OCR (tesseract) and must hold exactly that word.
if [ "$size" = 360x640 ]; then
  typed=Tapachula
  "$app" --lang es --size "$size" --data-dir "$work/user-typing" --screen search >"$work/typing.log" 2>&1 &
  pid=$!
  if ! shoot "$pid" "$out/typing-before-$size.png"; then
    echo "smoke: paso crashed before typing:"; cat "$work/typing.log"; failures=$((failures + 1))
  else
    window="$(xdotool search --sync --onlyvisible --pid "$pid" | head -1)"
    xdotool windowfocus --sync "$window" 2>/dev/null || true
    xdotool type --delay 30 "$typed"
    # Focus leaves the field, so the blinking caret is not read as a last letter.
    sleep 1
    xdotool key Tab
    sleep 1
    file="$out/typing-$size.png"
    import -window root "$file"
    # The search field: below the screen title and its label, left of the clear button.
    convert "$file" -crop 300x40+16+143 +repage -resize 300% -colorspace Gray "$work/field.png"
    read_back="$(tesseract "$work/field.png" - --psm 7 2>/dev/null | tr -d '[:space:]')"
    if [ "$read_back" = "$typed" ]; then
      echo "smoke: typed $typed fast and the field holds exactly $read_back"
    else
      echo "smoke: typed $typed fast but the field reads '$read_back' (see $file)"; failures=$((failures + 1))
    fi
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
fi
exit "$failures"
