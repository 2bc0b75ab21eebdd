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
# all: -XX:AOTMode=off) to show what the AOT cache saves. Prints median/min/max in ms.
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

# One launch; prints "WALL_MS CPU_MS SHOWN_WALL_MS SHOWN_CPU_MS": ms from exec to a usable window,
# and the CPU time (all threads) the process used until then; the same when the window was first
# seen showing. On a machine shared with other work the CPU time is the
# figure that does not depend on the load; on an idle machine wall time is about CPU time or less.
measure() {
  local extra="$1" home="$work/home-$RANDOM$RANDOM" mark="$work/mark-$RANDOM$RANDOM"
  mkdir -p "$home"
  local t0 t1
  t0=$(date +%s%3N)
  env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-javaagent:$work/probe.jar=$mark -Dglass.platform=Headless -Dprism.order=sw $extra" \
    timeout 60 "$launcher" >"$work/last.log" 2>&1 || true
  [[ -s "$mark" ]] || { echo "the window never became usable; launcher output:" >&2; cat "$work/last.log" >&2; exit 1; }
  local shown shown_cpu
  read -r t1 cpu shown shown_cpu <"$mark" || true
  echo "$((t1 - t0)) $cpu $((shown - t0)) $shown_cpu"
}

series() {
  local key="$1" label="$2" extra="$3"
  measure "$extra" >/dev/null # warm-up
  local ws=() cs=() sws=() scs=() w c sw sc
  for ((i = 0; i < runs; i++)); do
    read -r w c sw sc <<<"$(measure "$extra")"
    ws+=("$w"); cs+=("$c"); sws+=("$sw"); scs+=("$sc")
  done
  stats() { local sorted; sorted=$(printf '%s\n' "$@" | sort -n)
    echo "$(echo "$sorted" | sed -n "$((($# + 1) / 2))p") $(echo "$sorted" | head -1) $(echo "$sorted" | tail -1)"; }
  local wm wmin wmax cm cmin cmax swm scm x
  read -r wm wmin wmax <<<"$(stats "${ws[@]}")"
  read -r cm cmin cmax <<<"$(stats "${cs[@]}")"
  read -r swm x x <<<"$(stats "${sws[@]}")"
  read -r scm x x <<<"$(stats "${scs[@]}")"
  printf '%s\n  wall: median %5d ms  min %5d  max %5d   (runs: %s)\n  CPU:  median %5d ms  min %5d  max %5d   (runs: %s)\n' \
    "$label" "$wm" "$wmin" "$wmax" "${ws[*]}" "$cm" "$cmin" "$cmax" "${cs[*]}"
  printf '  window first showing: median wall %5d ms, CPU %5d ms (the rest is the window'"'"'s own start-up work)\n' "$swm" "$scm"
  echo "$wm $cm" >"$work/median-$key"
}

echo "Cairn start-up: launcher $launcher, $runs runs each, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
series cds "launch -> usable window (AOT cache)" ""
if [[ $compare -eq 1 ]]; then
  series nocds "same with -XX:AOTMode=off (no CDS)" "-XX:AOTMode=off"
fi
read -r wall cpu <"$work/median-cds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $wall -le 2000 ]]; then echo "PASS: median wall $wall ms <= 2000 ms"
elif [[ $cpu -le 2000 ]]; then echo "PASS (CPU): median wall $wall ms on a loaded machine, median CPU $cpu ms <= 2000 ms"
else echo "FAIL: median wall $wall ms, CPU $cpu ms > 2000 ms"; exit 1; fi
