#!/usr/bin/env bash
# Start-up benchmark of the installed Cairn: time from launching the launcher to a usable window.
#
#   packaging/bench-startup.sh [--runs N] [--launcher PATH] [--compare]
#
# Launcher: /opt/cairn/bin/Cairn when installed, else the app image packaging/build.sh left in
# packaging/target/work/image. Each run starts the launcher headless (JavaFX's Headless platform,
# software rendering) in a fresh empty home, with packaging/bench/StartupProbe.java as a Java agent
# that notes when the window is showing, rendered and responsive, and then ends the process.
# Measured from outside: wall clock from just before exec to the moment the probe recorded.
# One warm-up run (page cache) is not counted. --compare also runs with -Xshare:off (no CDS at
# all) to show what the class-data-sharing archives save. Prints median/min/max in ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"

runs=7
launcher=""
compare=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --launcher) launcher="$2"; shift 2 ;;
    --compare) compare=1; shift ;;
    *) echo "bench-startup.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "$launcher" ]]; then
  if [[ -x /opt/cairn/bin/Cairn ]]; then launcher=/opt/cairn/bin/Cairn
  else launcher="$root/packaging/target/work/image/Cairn/bin/Cairn"; fi
fi
[[ -x "$launcher" ]] || { echo "no Cairn launcher at $launcher: build (packaging/build-deb.sh) or install it first" >&2; exit 1; }
appdir="$(cd "$(dirname "$launcher")/../lib/app" && pwd)"

work="$(mktemp -d /tmp/cairn-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fxcp=$(ls "$appdir"/javafx-base-*.jar "$appdir"/javafx-graphics-*.jar | tr '\n' ':')
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$fxcp" "$root/packaging/bench/StartupProbe.java"
printf 'Premain-Class: StartupProbe\n' >"$work/manifest.txt"
"$JAVA_HOME/bin/jar" --create --file "$work/probe.jar" --manifest "$work/manifest.txt" -C "$work/classes" .

# One launch; prints the ms from exec to a usable window.
measure() {
  local extra="$1" home="$work/home-$RANDOM$RANDOM" mark="$work/mark-$RANDOM$RANDOM"
  mkdir -p "$home"
  local t0 t1
  t0=$(date +%s%3N)
  env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-javaagent:$work/probe.jar=$mark -Dglass.platform=Headless -Dprism.order=sw $extra" \
    timeout 60 "$launcher" >"$work/last.log" 2>&1 || true
  [[ -s "$mark" ]] || { echo "the window never became usable; launcher output:" >&2; cat "$work/last.log" >&2; exit 1; }
  t1=$(cat "$mark")
  echo $((t1 - t0))
}

series() {
  local key="$1" label="$2" extra="$3"
  measure "$extra" >/dev/null # warm-up
  local xs=()
  for ((i = 0; i < runs; i++)); do xs+=("$(measure "$extra")"); done
  local sorted; sorted=$(printf '%s\n' "${xs[@]}" | sort -n)
  local median min max
  median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
  min=$(echo "$sorted" | head -1); max=$(echo "$sorted" | tail -1)
  printf '%-34s median %5d ms   min %5d ms   max %5d ms   (runs: %s)\n' "$label" "$median" "$min" "$max" "$(echo "${xs[@]}")"
  echo "$median" >"$work/median-$key"
}

echo "Cairn start-up: launcher $launcher, $runs runs each, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
series cds "launch -> usable window (AppCDS)" ""
if [[ $compare -eq 1 ]]; then
  series nocds "same with -Xshare:off (no CDS)" "-Xshare:off"
fi
median=$(cat "$work/median-cds")
if [[ $median -le 2000 ]]; then echo "PASS: median $median ms <= 2000 ms"; else echo "FAIL: median $median ms > 2000 ms"; exit 1; fi
