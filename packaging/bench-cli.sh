#!/usr/bin/env bash
# Command-line latency benchmark (issue 19): wall time of `cairn --version`, of a cold
# `cairn search` (new process, searching in process: JVM start, model load, index open) and of a
# `cairn search` answered by a running `cairn serve` over <home>/run/cairn.sock, on a small real
# collection (Obsidian help notes from ../shared/data), through ./cairn as a user runs it; the
# --version and cold cases also without the launcher's class-data-sharing archive (CAIRN_CDS=off).
#
#   packaging/bench-cli.sh [--runs N] [--collection help|vaults]        (./bench cli)
#
# --collection help (default): two folders of the Obsidian help vault (133 chunks, small mode: every
# vector in the hot cache). --collection vaults: both Obsidian vaults of ../shared/data whole, a
# collection big enough for the graph index, so a cold search also pays for recomputations.
#
# Prints median/min/max per case and the load average before and after; the run takes about a
# minute on the 2-core machine (indexing the notes included).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
collection=help
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --collection) collection="$2"; shift 2 ;;
    *) echo "bench-cli.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
vaults="$root/../shared/data/docs/markdown_obsidian_vaults"
notes_src="$vaults/obsidian-help-en"
[[ -d "$notes_src" ]] || { echo "bench-cli.sh: no test data at $notes_src" >&2; exit 1; }
case "$collection" in
  help) described="Obsidian help: Getting started + Linking notes and files" ;;
  vaults) described="both Obsidian vaults of shared/data, whole" ;;
  *) echo "bench-cli.sh: --collection is help or vaults, not '$collection'" >&2; exit 2 ;;
esac

work="$(mktemp -d /tmp/cairn-cli-bench.XXXXXX)"
serve_pid=""
cleanup() { [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
home="$work/home"
mkdir -p "$work/notes"
if [[ "$collection" == help ]]; then
  cp -r "$notes_src/Getting started" "$notes_src/Linking notes and files" "$work/notes/"
else
  cp -r "$vaults/obsidian-help-en" "$vaults/kepano-obsidian" "$work/notes/"
fi
cairn="$root/cairn"
query="how do I link to a heading in another note"

"$cairn" --version >/dev/null # builds when needed; not timed
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$cairn" --home "$home" index "$work/notes" >/dev/null 2>"$work/index.err" \
  || { cat "$work/index.err" >&2; exit 1; }
chunks=$("$cairn" --home "$home" stats --json | sed -n 's/^ *"chunks" : \([0-9]*\),*/\1/p')

# "WALL_MS CPU_MS" of one run of the given command (stdout and stderr kept in $work/last.*); the
# CPU time (user + system, the process and its children) is the figure a loaded machine changes
# least. Without GNU time the CPU column reads 0.
wall() {
  local t0 t1 cpu=0
  t0=$(date +%s%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -o "$work/last.time" -f "%U %S" "$@" >"$work/last.out" 2>"$work/last.err" \
      || { cat "$work/last.err" >&2; exit 1; }
    cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/last.time")
  else
    "$@" >"$work/last.out" 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  fi
  t1=$(date +%s%N)
  echo "$(((t1 - t0) / 1000000)) $cpu"
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
series() {
  local label="$1"; shift
  local ws=() cs=() w c
  for ((i = 0; i < runs; i++)); do read -r w c <<<"$(wall "$@")"; ws+=("$w"); cs+=("$c"); done
  printf '%-34s wall median %5d ms  min %5d  max %5d  (runs: %s); CPU median %5d ms\n' "$label" \
    "$(median "${ws[@]}")" "$(printf '%s\n' "${ws[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${ws[@]}" | sort -n | tail -1)" "${ws[*]}" "$(median "${cs[@]}")"
}

echo "collection: $chunks chunks ($described); $runs runs each"
series "cairn --version" "$cairn" --version
series "cairn --version (CAIRN_CDS=off)" env CAIRN_CDS=off "$cairn" --version
series "cold search (CAIRN_CDS=off)" env CAIRN_CDS=off "$cairn" --home "$home" search "$query" --in-process
series "cold search (in process, hybrid)" "$cairn" --home "$home" search "$query" --in-process
grep -h "results in" "$work/last.err" | sed 's/^/  last cold run: /'

"$cairn" --home "$home" serve --port 0 >"$work/serve.log" 2>&1 &
serve_pid=$!
for ((i = 0; i < 600; i++)); do
  grep -q "answering \`cairn search\`" "$work/serve.log" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
read -r w c <<<"$(wall "$cairn" --home "$home" search "$query" --verbose)"
printf '%-34s wall %5d ms, CPU %5d ms (the server loads the model and opens the index)\n' \
  "first search via cairn serve" "$w" "$c"
grep -q "answered by the running Cairn" "$work/last.err" \
  || { echo "bench-cli.sh: the search was not answered by cairn serve:" >&2; cat "$work/last.err" >&2; exit 1; }
series "search via cairn serve (hybrid)" "$cairn" --home "$home" search "$query" --verbose
grep -h "results in" "$work/last.err" | sed 's/^/  last served run: /'
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
