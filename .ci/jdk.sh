# Sourced by ./cairn, ./bench and .ci/run: finds a JDK 25+ and exports JAVA_HOME, or fails with one line.
# Reads the JDK's release file (no JVM start: asking java itself cost ~0.1 s of every ./cairn call);
# asks java only when the release file does not say.
cairn_java_major() {
  local v=""
  [[ -f "$1/release" ]] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  if [[ -n "$v" ]]; then echo "$v"; return; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
cairn_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/java-2[5-9]* \
           "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [[ -n "$c" && -x "$c/bin/java" ]] || continue
    local v; v=$(cairn_java_major "$c")
    if [[ -n "$v" && "${v%%.*}" -ge 25 ]]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(cairn_find_jdk); then
  echo "Cairn needs JDK 25 or newer: install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
