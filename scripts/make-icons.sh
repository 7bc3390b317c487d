#!/usr/bin/env bash
# Renders the app icon from its SVG sources into the PNG sizes and the .ico that
# tauri.conf.json lists. Only needed after editing icons/icon.svg or icons/icon-small.svg:
# the rendered files are committed, so building the app does not need this script.
#
# Needs rsvg-convert (apt: librsvg2-bin) and ImageMagick's convert (apt: imagemagick).
set -euo pipefail
cd "$(dirname "$0")/../icons"

for tool in rsvg-convert convert identify; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-icons: '$tool' is missing. Install it with: sudo apt-get install -y librsvg2-bin imagemagick" >&2
    exit 1
  fi
done

# render SIZE SOURCE OUTPUT: always 8-bit RGBA (Tauri rejects PNGs without alpha).
render() {
  local size=$1 src=$2 out=$3 tmp
  tmp=$(mktemp --suffix=.png)
  rsvg-convert -w "$size" -h "$size" "$src" -o "$tmp"
  convert "$tmp" -strip -define png:color-type=6 -depth 8 "PNG32:$out"
  rm -f "$tmp"
}

render 32  icon-small.svg 32x32.png
render 64  icon-small.svg 64x64.png
render 128 icon.svg       128x128.png
render 256 icon.svg       128x128@2x.png
render 512 icon.svg       icon.png

# Windows icon with the usual sizes (small ones from the heavier variant).
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
for s in 16 24 32 48 64; do render "$s" icon-small.svg "$tmpdir/$s.png"; done
for s in 128 256; do render "$s" icon.svg "$tmpdir/$s.png"; done
convert "$tmpdir"/{16,24,32,48,64,128,256}.png icon.ico

identify 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.ico
