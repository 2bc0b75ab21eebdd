#!/usr/bin/env bash
# Served-search latency on full SciFact (issue 19): indexes the 5,183 SciFact abstracts of
# ../shared/data (one text file each: title, blank line, abstract) through ./cairn, starts
# `cairn serve`, then runs the first N judged test queries as `cairn search -k 10 --json-lines`
# (answered by the running server over <home>/run/cairn.sock, as the window's searches are) in
# vector and hybrid mode, and prints p50/p95 of the final stage's elapsed_ms and the
# recomputations and cache hits per query.
#
#   packaging/bench-search-served.sh [--embedder E] [--queries N]      (./bench search-served)
#
# --embedder is what `cairn index --embedder` takes (default: the bundled model), e.g.
# onnx:/path/to/model-folder. Needs python3 (to write the corpus and summarise the results).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
embedder=""
queries=100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --embedder) embedder="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    *) echo "bench-search-served.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
scifact="$root/../shared/data/beir/scifact"
[[ -f "$scifact/corpus.jsonl" ]] || { echo "bench-search-served.sh: no SciFact at $scifact" >&2; exit 1; }
work="$(mktemp -d /tmp/cairn-search-bench.XXXXXX)"
serve_pid=""
cleanup() { [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python3 - "$scifact" "$work" "$queries" <<'PY'
import json, os, sys
src, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(work + "/corpus")
for line in open(src + "/corpus.jsonl", encoding="utf-8"):
    d = json.loads(line)
    with open(f"{work}/corpus/{d['_id']}.txt", "w", encoding="utf-8") as f:
        f.write((d.get("title", "") + "\n\n" + d["text"]).strip() + "\n")
text = {}
for line in open(src + "/queries.jsonl", encoding="utf-8"):
    q = json.loads(line)
    text[q["_id"]] = q["text"]
ids = []
for i, line in enumerate(open(src + "/qrels/test.tsv", encoding="utf-8")):
    qid = line.split("\t")[0]
    if i > 0 and qid not in ids:
        ids.append(qid)
with open(work + "/queries.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(text[q] for q in ids[:n]) + "\n")
PY
cairn="$root/cairn"
home="$work/home"
"$cairn" --version >/dev/null # builds when needed; not timed
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s)
"$cairn" --home "$home" index "$work/corpus" ${embedder:+--embedder "$embedder"} >/dev/null \
  2>"$work/index.err" || { tail "$work/index.err" >&2; exit 1; }
echo "indexed 5,183 abstracts in $(( $(date +%s) - t0 )) s (embedder: ${embedder:-default})"
"$cairn" --home "$home" serve >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 60); do [[ -S "$home/run/cairn.sock" ]] && break; sleep 1; done
[[ -S "$home/run/cairn.sock" ]] || {
  echo "bench-search-served.sh: cairn serve did not open $home/run/cairn.sock in 60 s:" >&2
  cat "$work/serve.log" >&2
  exit 1
}
"$cairn" --home "$home" search --mode vector -k 10 --json-lines "warm-up query" >/dev/null
for mode in vector hybrid; do
  while IFS= read -r q; do
    "$cairn" --home "$home" search --mode "$mode" -k 10 --json-lines "$q" | grep '"stage":"final"'
  done <"$work/queries.txt" >"$work/$mode.jsonl"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" <<'PY'
import json, statistics, sys
for mode in ("vector", "hybrid"):
    rows = [json.loads(l) for l in open(f"{sys.argv[1]}/{mode}.jsonl", encoding="utf-8")]
    ms = sorted(r["elapsed_ms"] for r in rows)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"{mode}: {len(rows)} queries, k = 10, p50 {statistics.median(ms):.0f} ms, p95 {p95} ms,"
          f" recomputed mean {statistics.mean(r['recomputed'] for r in rows):.1f}"
          f" (median {statistics.median(r['recomputed'] for r in rows):.0f}),"
          f" cache hits {statistics.mean(r['cache_hits'] for r in rows):.1f}")
PY
