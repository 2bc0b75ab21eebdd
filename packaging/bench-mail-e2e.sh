#!/usr/bin/env bash
# End-to-end mail benchmark (issue 15): a mailbox generated from the real messages of the shared
# Enron and linux-s390 archives (Message-IDs and dates rewritten, so every copy is a distinct
# message; `./bench mail --write`), indexed through ./cairn as a user runs it (extraction, chunking,
# embedding with the bundled model, the index), then the same mailbox with 100 messages appended,
# indexed again. Prints wall time, messages/s, chunks, peak RSS of each run and the load average.
#
#   packaging/bench-mail-e2e.sh [--messages N]        (./bench mail-e2e; default 2,000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
messages=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) messages="$2"; shift 2 ;;
    *) echo "bench-mail-e2e.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "bench-mail-e2e.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
work="$(mktemp -d /tmp/cairn-mail-e2e.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mail"
cairn="$root/cairn"
"$cairn" --version >/dev/null # builds when needed; not timed

"$root/bench" mail --messages "$((messages + 100))" --write "$work/grown.mbox" >&2
"$root/bench" mail --messages "$messages" --write "$work/mail/archive.mbox" >&2
size=$(stat -c %s "$work/mail/archive.mbox")

# "WALL_S PEAK_RSS_MB" of one `cairn index` of the mail folder
index_run() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -o "$work/time.txt" -f "%M" "$cairn" --home "$work/home" index "$work/mail" \
    >"$work/index.out" 2>"$work/index.err" || { cat "$work/index.err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v w="$(((t1 - t0) / 1000000))" 'NR == 1 { printf "%.1f %d\n", w / 1000, $1 / 1024 }' "$work/time.txt"
}
chunks() { "$cairn" --home "$work/home" stats --json | sed -n 's/^ *"chunks" : \([0-9]*\),*/\1/p'; }

echo "mailbox: $messages messages, $((size / 1000000)) MB ($(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg))"
read -r wall rss <<<"$(index_run)"
c1=$(chunks)
awk -v w="$wall" -v m="$messages" -v c="$c1" -v r="$rss" 'BEGIN {
  printf "first index:   %7.1f s wall, %6.1f messages/s, %d chunks (%.1f chunks/s), peak RSS %d MB\n",
    w, m / w, c, c / w, r }'
tail -3 "$work/index.out" | sed 's/^/  /'

cp "$work/grown.mbox" "$work/mail/archive.mbox"
read -r wall2 rss2 <<<"$(index_run)"
c2=$(chunks)
printf 'append 100:    %7.1f s wall, %d new chunks, peak RSS %d MB\n' "$wall2" "$((c2 - c1))" "$rss2"
tail -3 "$work/index.out" | sed 's/^/  /'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
