#!/usr/bin/env bash
# Regenerates every platform icon from icons/cairn.svg (the one source). The outputs are committed,
# so building an installer never needs these tools; run this only after editing the SVG.
#   Linux:   png/cairn-<N>.png (16..512) and cairn.png (512, what jpackage takes for .deb/.rpm)
#   Windows: cairn.ico (16, 24, 32, 48, 64, 128, 256)
#   macOS:   cairn.icns (16, 32, 128, 256, 512 and their @2x)
# Needs rsvg-convert (librsvg2-bin), ImageMagick 6 `convert` and png2icns (icnsutils); on Debian/Ubuntu
# it installs them with apt-get when run as root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svg="$here/cairn.svg"

need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
command -v png2icns >/dev/null || need+=(icnsutils)
# /usr/local/bin/convert may be a stand-in; ImageMagick's real one is /usr/bin/convert.
[[ -x /usr/bin/convert ]] || need+=(imagemagick)
if [[ ${#need[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "icons/generate.sh needs: ${need[*]} (apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

mkdir -p "$here/png"
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$n" -h "$n" "$svg" -o "$here/png/cairn-$n.png"
done
cp "$here/png/cairn-512.png" "$here/cairn.png"

/usr/bin/convert "$here"/png/cairn-{16,24,32,48,64,128,256}.png "$here/cairn.ico"

# png2icns picks the icon type from each PNG's size (16, 32, 48, 128, 256, 512, 1024).
png2icns "$here/cairn.icns" "$here"/png/cairn-{16,32,48,128,256,512,1024}.png >/dev/null

echo "icons regenerated in $here:"
ls -l "$here"/cairn.png "$here"/cairn.ico "$here"/cairn.icns | awk '{print "  " $5 "\t" $9}'
