#!/usr/bin/env bash
# Takes the screenshots in this folder from the real Cairn window, with real documents from the
# shared evaluation data indexed into a temporary home. Needs Xvfb:
#   apt-get install -y xvfb xauth libgtk-3-0
# Usage (from the repository root): docs/screenshots/take.sh [shared-data-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${1:-$(cd .. && pwd)/shared}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

./mvnw -B -q -pl app -am install -DskipTests
./mvnw -B -q -pl app test-compile
./mvnw -B -q -pl app dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/app/target/screenshot.classpath"
CP="app/target/test-classes:app/target/classes:$(cat app/target/screenshot.classpath)"

xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Xmx3g -Dprism.order=sw -Dcairn.shared.dir="$SHARED" \
  -cp "$CP" dev.cairn.app.gui.ScreenshotMain docs/screenshots "${TMPDIR:-/tmp}"
