#!/usr/bin/env bash
# End-to-end test of Cairn's Debian package, for CI (`.ci/run` calls it). Runs as root, without
# questions, on a fresh Debian/Ubuntu machine:
#   1. installs the build tools it needs (apt-get), builds the .deb with packaging/build.sh;
#   2. checks its size (<= 200 MB) and that it carries only linux-x64 native libraries;
#   3. installs it with `dpkg -i` (its Depends installed first with apt-get);
#   4. checks the launcher, the `cairn` command, the desktop entry and the icon;
#   5. indexes ../shared/data/docs/markdown_obsidian_vaults with the installed `cairn` and searches it;
#   6. opens the installed GUI headless for a few seconds: still running, nothing severe logged,
#      and the AOT cache (class-data sharing) actually used;
#   7. removes it with `dpkg -r`: program files, command and menu entry gone, user data kept.
# Exit status 0 only when every step passed; a summary is printed at the end either way.
#
#   packaging/test-deb.sh [--skip-maven] [--deb FILE]
#     --skip-maven  reuse app/target (already built by ./mvnw install)
#     --deb FILE    test this .deb instead of building one
set -uo pipefail
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null || (cd "$(dirname "$0")/.." && pwd))"
vaults="$root/../shared/data/docs/markdown_obsidian_vaults"
max_bytes=$((200 * 1000 * 1000))
gui_seconds=${CAIRN_TEST_GUI_SECONDS:-8}

build_args=()
deb=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-maven) build_args+=(--skip-maven); shift ;;
    --deb) deb="$(readlink -f "$2")"; shift 2 ;;
    *) echo "test-deb.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

results=()
failed=0
work="$(mktemp -d /tmp/cairn-deb-test.XXXXXX)"
pass() { results+=("PASS  $1"); echo "[test-deb] PASS: $1"; }
fail() { results+=("FAIL  $1"); echo "[test-deb] FAIL: $1" >&2; failed=1; }
summary() {
  echo
  echo "================ Cairn .deb test summary ================"
  printf '  %s\n' "${results[@]}"
  if [[ $failed -eq 0 ]]; then echo "  RESULT: all steps passed"; else echo "  RESULT: FAILED (logs in $work)"; fi
  echo "========================================================="
}
# A step that cannot go on: record, summarise, stop.
abort() { fail "$1"; summary; exit 1; }

[[ $(id -u) -eq 0 ]] || abort "must run as root (it installs a package)"
[[ -d "$vaults" ]] || abort "test data missing: $vaults"
export DEBIAN_FRONTEND=noninteractive

# ---- 1. tools and build -----------------------------------------------------------------------
need=()
for pair in fakeroot:fakeroot dpkg-deb:dpkg-dev dpkg-shlibdeps:dpkg-dev objcopy:binutils \
            xdg-desktop-menu:xdg-utils unzip:unzip; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
if [[ ${#need[@]} -gt 0 ]]; then
  echo "[test-deb] apt-get install ${need[*]}"
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${need[@]}"; } >"$work/apt-tools.log" 2>&1 \
    || abort "apt-get install ${need[*]} (see $work/apt-tools.log)"
fi
pass "build tools present (fakeroot, dpkg-dev, binutils, xdg-utils, unzip)"

if [[ -z "$deb" ]]; then
  t0=$(date +%s)
  if "$root/packaging/build.sh" --type deb "${build_args[@]}" >"$work/build.log" 2>&1; then
    deb=$(ls "$root"/packaging/target/dist/*.deb 2>/dev/null | head -1)
    [[ -n "$deb" ]] || abort "build.sh succeeded but wrote no .deb"
    pass "built $(basename "$deb") in $(( $(date +%s) - t0 )) s"
  else
    tail -30 "$work/build.log" >&2
    abort "packaging/build.sh --type deb (log: $work/build.log)"
  fi
fi
[[ -f "$deb" ]] || abort "no such .deb: $deb"

# ---- 2. size and contents ---------------------------------------------------------------------
size=$(stat -c %s "$deb")
if [[ $size -le $max_bytes ]]; then
  pass "installer size $((size / 1000000)) MB ($size bytes) <= 200 MB"
else
  fail "installer size $((size / 1000000)) MB ($size bytes) > 200 MB"
fi
dpkg-deb -c "$deb" >"$work/contents.txt" || abort "dpkg-deb -c $deb"
mkdir -p "$work/extract"
dpkg-deb -x "$deb" "$work/extract" || abort "dpkg-deb -x $deb"
foreign=0
for j in "$work"/extract/opt/cairn/lib/app/*.jar; do
  n=$(unzip -Z1 "$j" 2>/dev/null | grep -v '/$' | grep -Ec '\.(dll|dylib|jnilib)$|\.dSYM/|/(win|osx|Mac|Windows|FreeBSD|Linux-Musl|Linux-Android)[^/]*/.*\.so$|linux-aarch64/|Linux/(aarch64|arm|armv6|armv7|ppc64|riscv64|x86)/' || true)
  if [[ $n -gt 0 ]]; then echo "  $(basename "$j"): $n foreign native entries" >&2; foreign=1; fi
done
if [[ $foreign -eq 0 ]]; then pass "only linux-x64 native libraries in the jars"; else fail "other platforms' native libraries found in the jars"; fi
if grep -q 'lib/app/cairn.aot' "$work/contents.txt" && grep -q 'AOTCache=' "$work/extract/opt/cairn/lib/app/Cairn.cfg"; then
  pass "AOT cache (class-data sharing) packaged and named in the launcher config"
else
  fail "AOT cache missing from the package or the launcher config"
fi
if [[ -f "$work/extract/opt/cairn/lib/app/models/all-minilm-l6-v2/model.onnx" ]] \
   && grep -q 'cairn.models.dir=$APPDIR/models' "$work/extract/opt/cairn/lib/app/Cairn.cfg"; then
  pass "default embedding model packaged in lib/app/models"
else
  fail "default embedding model missing from lib/app/models or the launcher config"
fi

if dpkg-deb -f "$deb" Recommends | tr ',' '\n' | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | grep -qx tesseract-ocr; then
  pass "the package recommends tesseract-ocr (OCR of scanned pages)"
else
  fail "the package does not recommend tesseract-ocr: Recommends is '$(dpkg-deb -f "$deb" Recommends)'"
fi

# ---- 3. install -------------------------------------------------------------------------------
[[ "$(dpkg-query -W -f='${db:Status-Status}' cairn 2>/dev/null)" == not-installed ]] || dpkg -r cairn >/dev/null 2>&1
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/^ +//; s/ +$//' | grep -v '^$' || true)
missing=()
for d in $deps; do dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "[test-deb] apt-get install (package dependencies) ${missing[*]}"
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$work/apt-deps.log" 2>&1 \
    || abort "apt-get install of the package's Depends: ${missing[*]} (see $work/apt-deps.log)"
fi
if dpkg -i "$deb" >"$work/dpkg-i.log" 2>&1; then
  pass "dpkg -i $(basename "$deb")"
else
  cat "$work/dpkg-i.log" >&2
  abort "dpkg -i $(basename "$deb")"
fi

# ---- 4. what the package installed ------------------------------------------------------------
[[ -x /opt/cairn/bin/Cairn ]] && pass "launcher /opt/cairn/bin/Cairn" || fail "launcher /opt/cairn/bin/Cairn missing"
[[ "$(readlink -f /usr/bin/cairn)" == /opt/cairn/bin/Cairn ]] && pass "command /usr/bin/cairn" || fail "/usr/bin/cairn missing"
desktop=$(ls /usr/share/applications/cairn-Cairn.desktop 2>/dev/null || true)
if [[ -n "$desktop" ]] && grep -q '^Exec=/opt/cairn/bin/Cairn' "$desktop" && grep -q '^Icon=/opt/cairn/lib/Cairn.png' "$desktop" \
   && [[ -s /opt/cairn/lib/Cairn.png ]]; then
  pass "desktop entry $desktop (menu: $(sed -n 's/^Categories=//p' "$desktop")) with its icon"
else
  fail "desktop entry /usr/share/applications/cairn-Cairn.desktop or its icon missing"
fi

# ---- 5. command line: index and search --------------------------------------------------------
user_home="$work/home"
mkdir -p "$user_home"
# Java takes the home folder from the password database, not $HOME, so the XDG variables (which
# Cairn honours, as the platform convention says) keep this test's data out of root's real home.
run_as_user() {
  env -i PATH=/usr/bin:/bin HOME="$user_home" LANG=C.UTF-8 \
    XDG_DATA_HOME="$user_home/.local/share" XDG_STATE_HOME="$user_home/.local/state" "$@"
}
data_dir="$user_home/.local/share/cairn"
log_dir="$user_home/.local/state/cairn/logs"
if ! run_as_user cairn index --help >"$work/index-help.txt" 2>&1; then
  abort "the installed app has no 'cairn index' command yet (see $work/index-help.txt)"
fi
t0=$(date +%s)
if run_as_user cairn index "$vaults" >"$work/index.out" 2>"$work/index.err"; then
  pass "cairn index markdown_obsidian_vaults in $(( $(date +%s) - t0 )) s: $(tail -1 "$work/index.out")"
else
  tail -20 "$work/index.err" >&2
  fail "cairn index $vaults (exit $?, see $work/index.err)"
fi
if run_as_user cairn search "How do I arrange notes on an infinite canvas?" -k 5 >"$work/search.out" 2>"$work/search.err"; then
  if grep -q 'Canvas' "$work/search.out"; then
    pass "cairn search finds Plugins/Canvas.md among the top 5"
  else
    cat "$work/search.out" >&2
    fail "cairn search: Canvas.md not among the top 5 (see $work/search.out)"
  fi
else
  tail -20 "$work/search.err" >&2
  fail "cairn search (see $work/search.err)"
fi
[[ -d "$data_dir" ]] && pass "user data written to the XDG data folder ~/.local/share/cairn" \
  || fail "no user data in $data_dir"

# ---- 6. GUI, headless -------------------------------------------------------------------------
# JAVA_TOOL_OPTIONS reaches the JVM whatever the launcher; the class-load log proves the AOT cache
# is mapped after installation (its classes come from "shared objects file").
run_as_user JAVA_TOOL_OPTIONS="-Dglass.platform=Headless -Dprism.order=sw -Xlog:class+load=info:file=$work/classload.txt" \
  timeout -s TERM "$gui_seconds" /opt/cairn/bin/Cairn >"$work/gui.out" 2>&1
gui_rc=$?
if [[ $gui_rc -eq 124 ]]; then
  pass "GUI started headless and was still running after ${gui_seconds} s"
else
  tail -30 "$work/gui.out" >&2
  fail "GUI exited with status $gui_rc within ${gui_seconds} s (see $work/gui.out)"
fi
gui_logs=("$work/gui.out")
[[ -d "$log_dir" ]] && gui_logs+=("$log_dir"/*.log*)
errors=$(grep -hE 'SEVERE|ERROR|\[error\]|Exception|Error:|^\s+at ' "${gui_logs[@]}" 2>/dev/null | grep -v 'Picked up JAVA_TOOL_OPTIONS' | head -20 || true)
if [[ -z "$errors" ]]; then
  pass "no error in the GUI's output or log ($([[ -d "$log_dir" ]] && echo "log folder $log_dir" || echo "no log folder yet"))"
else
  echo "$errors" >&2
  fail "errors in the GUI's output or log"
fi
shared=$(grep -c "source: shared objects file" "$work/classload.txt" 2>/dev/null || true); shared=${shared:-0}
total=$(grep -c "source:" "$work/classload.txt" 2>/dev/null || true); total=${total:-0}
if [[ $shared -gt 2000 ]]; then
  pass "AOT cache used: $shared of $total classes loaded from it"
else
  fail "AOT cache not used: $shared of $total classes from it"
fi

# ---- 7. remove --------------------------------------------------------------------------------
if dpkg -r cairn >"$work/dpkg-r.log" 2>&1; then
  pass "dpkg -r cairn"
else
  cat "$work/dpkg-r.log" >&2
  fail "dpkg -r cairn"
fi
left=()
for p in /opt/cairn /usr/bin/cairn /usr/share/applications/cairn-Cairn.desktop; do
  [[ -e "$p" || -L "$p" ]] && left+=("$p")
done
[[ "$(dpkg-query -W -f='${db:Status-Status}' cairn 2>/dev/null)" == installed ]] && left+=("dpkg still lists cairn as installed")
[[ ${#left[@]} -eq 0 ]] && pass "program files, command and menu entry removed" || fail "left after removal: ${left[*]}"
[[ -d "$data_dir" && -n "$(ls -A "$data_dir")" ]] && pass "user data kept after removal ($data_dir)" \
  || fail "user data gone after removal ($data_dir)"

summary
[[ $failed -eq 0 ]] && rm -rf "$work"
exit $failed
