#!/usr/bin/env bash
# Render the 《走访中常见的误区》 comic: SVG (generated) -> PNG 1200x900.
#
#   scripts/comic/render.sh            regenerate every SVG and PNG
#
# Needs python3, rsvg-convert (Debian: librsvg2-bin) and pngquant
# (Debian: pngquant).  The PNGs are committed, so the app and CI never
# need these tools; run this only after changing scripts/comic/draw.py.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
comic="$root/content/comics/zoufang-wuqu"
art="$comic/art"

for tool in python3 rsvg-convert pngquant; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "render.sh: '$tool' not found." >&2
        echo "  On Debian/Ubuntu: sudo apt-get install librsvg2-bin pngquant" >&2
        exit 1
    fi
done

python3 "$here/draw.py" "$art"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for svg in "$art"/*.svg; do
    name="$(basename "$svg" .svg)"
    rsvg-convert --width 1200 --height 900 --format png \
        --output "$tmp/$name.png" "$svg"
    # 256-colour palette PNG: the art is flat, so this loses nothing visible
    # and keeps each file well under 150 KB.
    pngquant --force --strip --quality 80-100 --speed 1 \
        --output "$comic/$name.png" "$tmp/$name.png"
    printf '%-28s %6d bytes\n' "$name.png" "$(stat -c %s "$comic/$name.png")"
done
