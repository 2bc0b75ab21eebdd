#!/usr/bin/env bash
# Compares the jlink module list in packaging/build.sh with what jdeps finds in the app's jars
# (app/target/cairn-app.jar + app/target/lib). Slow (jdeps runs per jar: a few minutes).
#   packaging/check-modules.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"
lib="$root/app/target/lib"
found=$(for j in "$root/app/target/cairn-app.jar" "$lib"/*.jar; do
  "$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
    --module-path "$lib" "$j" 2>/dev/null | tr ',' '\n' || echo "jdeps failed on $(basename "$j")" >&2
done | grep -E '^(java|jdk)\.' | sort -u)
listed=$(sed -n '/^modules=(/,/^)/p' "$root/packaging/build.sh" | grep -oE '^\s+(java|jdk)\.[a-z.]+' | tr -d ' ' | sort -u)
echo "jdeps finds:   $(echo $found)"
echo "build.sh has:  $(echo $listed)"
missing=$(comm -23 <(echo "$found") <(echo "$listed"))
extra=$(comm -13 <(echo "$found") <(echo "$listed"))
echo "extra in build.sh (each needs its comment there): ${extra:-none}" | tr '\n' ' '; echo
if [[ -n "$missing" ]]; then echo "MISSING from build.sh: $(echo $missing)"; exit 1; fi
echo "OK: every module jdeps finds is in the list"
