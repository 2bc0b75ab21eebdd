#!/usr/bin/env bash
# The MCP Inspector CLI (npm @modelcontextprotocol/inspector, its --cli mode) drives `./cairn mcp`: lists the
# tools and calls `search` on a collection indexed from ../shared/data/docs. Needs the built app
# (app/target/cairn-app.jar and app/target/lib, made by `./mvnw verify` or `package`) and npm; with
# no npm it says so and exits 0. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "mcp-inspector: npm not found, skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home="$work/home"
notes="${CAIRN_SHARED_DIR:-../shared}/data/docs/markdown_obsidian_vaults/obsidian-help-en/Obsidian Sync"

# The standalone @modelcontextprotocol/inspector-cli 1.0.3 does not start outside the Inspector's
# own repository (it looks for a package.json above it), so the full Inspector is installed.
echo "== mcp-inspector: npm install @modelcontextprotocol/inspector@2.12.0"
if ! npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error \
  @modelcontextprotocol/inspector@2.12.0 >"$work/npm-install.log" 2>&1; then
  cat "$work/npm-install.log"
  echo "mcp-inspector: SKIPPED — npm could not install the Inspector (see above)"
  exit 0
fi
inspector="$work/npm/node_modules/.bin/mcp-inspector"
export MCP_CATALOG_PATH="$work/catalog.json"

# The built app, run directly (./cairn would rebuild when it finds no stamp of its own build).
source .ci/jdk.sh
root=$(pwd)
if [[ ! -f app/target/cairn-app.jar || ! -d app/target/lib ]]; then
  echo "mcp-inspector: app/target/cairn-app.jar missing; run ./mvnw verify (or package) first"
  exit 1
fi
cat >"$work/cairn" <<LAUNCH
#!/usr/bin/env bash
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Xss4m -cp "$root/app/target/cairn-app.jar:$root/app/target/lib/*" dev.cairn.app.Main "\$@"
LAUNCH
chmod +x "$work/cairn"

"$work/cairn" --home "$home" index "$notes" --collection sync >/dev/null
"$work/cairn" --home "$home" apps expose sync >/dev/null

passed=0
failed=0
check() { # name, expected text, command...
  local name=$1 expected=$2
  shift 2
  local out
  if out=$("$@" 2>"$work/stderr") && grep -q -- "$expected" <<<"$out"; then
    echo "ok: $name"
    passed=$((passed + 1))
  else
    echo "FAILED: $name (expected '$expected')"
    echo "$out" | head -40
    head -40 "$work/stderr"
    failed=$((failed + 1))
  fi
}
check "tools/list names the five tools" '"get_document"' \
  "$inspector" --cli --method tools/list -- "$work/cairn" --home "$home" mcp
check "tools/call search finds the version-history note" 'Version history.md' \
  "$inspector" --cli --method tools/call --tool-name search \
  --tool-arg "query=restore an older version of a note" collection=sync -- "$work/cairn" --home "$home" mcp
# The Inspector exits non-zero for a tool result with isError: the refusal's text is what counts.
refused() { "$@" || true; }
check "a collection that is not shared is refused as unknown_collection" '"code": "unknown_collection"' \
  refused "$inspector" --cli --method tools/call --tool-name search \
  --tool-arg query=sync collection=mail -- "$work/cairn" --home "$home" mcp
echo "mcp-inspector: $passed passed, $failed failed"
((failed == 0))
