#!/usr/bin/env bash
# Builds Cairn's installer for the platform it runs on, in packaging/target/dist/.
#
#   packaging/build.sh [--type deb|rpm|msi|exe|dmg|pkg|app-image] [--skip-maven]
#
# Default type: deb on Debian/Ubuntu (rpm where only rpmbuild exists), msi on Windows (Git Bash;
# needs WiX on PATH), dmg on macOS. Steps:
#   1. ./mvnw install (app jar + runtime libs in app/target/lib), unless --skip-maven;
#   2. copy the jars, dropping other platforms' native libraries (packaging/src/StripNatives.java);
#   3. jlink a runtime with the explicit module list below, stripped and compressed;
#   4. jpackage an app image; run it once headless to record a JDK 25 AOT cache (class-data
#      sharing archive plus linked classes and profiles) of what the window loads
#      (lib/app/cairn.aot), then point the launcher at it;
#   5. jpackage the installer from that app image (desktop entry, menu, icon, /usr/bin/cairn).
# Nothing here needs a network except step 1's first Maven run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"

type=""
skip_maven=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --type) type="$2"; shift 2 ;;
    --skip-maven) skip_maven=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# ---- platform ---------------------------------------------------------------------------------
case "$(uname -s)" in
  Linux)  os=linux ;;
  Darwin) os=macos ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "build.sh: unsupported CPU $(uname -m)" >&2; exit 2 ;;
esac
platform="$os-$arch"
if [[ -z "$type" ]]; then
  case "$os" in
    linux) if command -v dpkg-deb >/dev/null; then type=deb; else type=rpm; fi ;;
    windows) type=msi ;;
    macos) type=dmg ;;
  esac
fi

# ---- what goes in -----------------------------------------------------------------------------
app_name="Cairn"
app_version="0.1.0"
vendor="Cairn"
description="Search and chat with your own emails, PDFs and notes, fully on your laptop."
main_class="dev.cairn.app.Main"

# The runtime's modules, explicit. Checked against `packaging/check-modules.sh` (jdeps over the jars).
modules=(
  java.base
  java.compiler          # jaxb (Tika's XML stack) references javax.annotation.processing
  java.desktop           # JavaFX-Swing, AWT image I/O (PDFBox rendering), java.beans
  java.instrument        # lets a -javaagent attach (the start-up benchmark's window probe)
  java.logging           # java.util.logging, the SLF4J binding (slf4j-jdk14)
  java.management        # jdeps: java.lang.management use in the dependencies (Tika, commons)
  java.naming            # BouncyCastle (Tika's crypto parser), javax.naming lookups
  java.net.http          # ollama4j talks to a local Ollama server over java.net.http
  java.scripting         # Tika and POI probe javax.script
  java.sql               # sqlite-jdbc
  java.xml               # Tika, POI, JavaFX CSS/FXML
  jdk.charsets           # Tika decodes legacy encodings (Shift_JIS, GB18030, windows-125x...)
  jdk.incubator.vector   # jvector's SIMD distance functions
  jdk.net                # SO_PEERCRED: the local channel checks who asks (cairn search)
  jdk.unsupported        # sun.misc.Unsafe: JavaFX, Guava, sqlite-jdbc
  jdk.zipfs              # model and resource files read from inside jars as a FileSystem
)
java_options=(
  "--add-modules=jdk.incubator.vector"
  "--enable-native-access=ALL-UNNAMED"
  "-Xss4m"
  "-Dcairn.launcher=installer"
  "-Dcairn.app.dir=\$APPDIR"
)

out="${CAIRN_PACKAGING_OUT:-$root/packaging/target}"  # overridable, e.g. to build beside a running build
work="$out/work"
dist="$out/dist"

log() { printf '[build %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- 1. app jars ------------------------------------------------------------------------------
if [[ $skip_maven -eq 0 ]]; then
  log "building the app (./mvnw install -DskipTests)"
  (cd "$root" && ./mvnw -B -q install -DskipTests -Dspotless.check.skip=true)
fi
app_jar="$root/app/target/cairn-app.jar"
[[ -f "$app_jar" && -d "$root/app/target/lib" ]] || {
  echo "build.sh: $app_jar or app/target/lib missing; run without --skip-maven" >&2; exit 1; }

rm -rf "$work" "$dist"
mkdir -p "$work/input" "$dist"

# The default embedding model ships as plain files in lib/app/models (found through
# -Dcairn.models.dir=$APPDIR/models) instead of inside cairn-chat.jar: nothing is extracted into the
# user's cache on first start, and the installer carries one copy, readable by every user.
models_src="$root/chat/target/models"
bundled_models=(all-minilm-l6-v2)
models_java_option=()
strip_args=()
if [[ -f "$models_src/${bundled_models[0]}/model.onnx" ]]; then
  for m in "${bundled_models[@]}"; do
    [[ -f "$models_src/$m/model.onnx" && -f "$models_src/$m/model.properties" ]] || {
      echo "build.sh: bundled model $m incomplete in $models_src (rebuild the chat module)" >&2; exit 1; }
    mkdir -p "$work/input/models/$m"
    # ONNX (the default runtime, ONNX Runtime) + tokenizer + identity. The f16 GGUF for llama.cpp
    # (46 MB) is left out to keep the installer under 200 MB.
    cp "$models_src/$m"/{model.onnx,tokenizer.json,model.properties} "$work/input/models/$m/"
  done
  chmod -R u=rwX,go=rX "$work/input/models"
  # Only the model folders: the package dev.cairn.chat.models also holds classes.
  for m in "${bundled_models[@]}"; do strip_args+=(--drop "dev/cairn/chat/models/$m/"); done
  models_java_option=("-Dcairn.models.dir=\$APPDIR/models")
  log "bundled model(s) ${bundled_models[*]}: $(du -sh "$work/input/models" | cut -f1) in lib/app/models"
else
  log "no $models_src: the embedding model stays inside cairn-chat.jar"
fi

# ---- 2. jars without other platforms' natives -------------------------------------------------
log "copying jars for $platform (dropping other platforms' native libraries)"
cp "$app_jar" "$work/input/"
"$JAVA_HOME/bin/java" "$root/packaging/src/StripNatives.java" "$platform" "$root/app/target/lib" "$work/input" \
  "${strip_args[@]}"
# The JavaFX artifacts without a classifier are empty placeholders next to the -<os> jars.
find "$work/input" -maxdepth 1 -name 'javafx-*.jar' ! -name 'javafx-*-linux*.jar' ! -name 'javafx-*-win*.jar' \
  ! -name 'javafx-*-mac*.jar' -size -4k -delete

# ---- 3. runtime -------------------------------------------------------------------------------
# bin/java stays: creating the AOT cache (step 4) starts it. The modules image is stored
# uncompressed (zip-0): the installer's xz compresses it far better than jlink's zip does (the
# .deb is ~10 MB smaller), and classes load without inflating.
log "jlink: ${#modules[@]} modules"
module_list=$(IFS=,; echo "${modules[*]}")
"$JAVA_HOME/bin/jlink" \
  --add-modules "$module_list" \
  --strip-debug --no-header-files --no-man-pages \
  --compress=zip-0 \
  --output "$work/runtime"

# ---- 4. app image + AppCDS archive ------------------------------------------------------------
common_image_args=(
  --name "$app_name" --app-version "$app_version" --vendor "$vendor" --description "$description"
  --copyright "Copyright the Cairn authors"
)
case "$os" in
  linux)   icon="$root/icons/cairn.png" ;;
  windows) icon="$root/icons/cairn.ico" ;;
  macos)   icon="$root/icons/cairn.icns" ;;
esac
jopts=()
for o in "${java_options[@]}" "${models_java_option[@]}"; do jopts+=(--java-options "$o"); done
extra_image_args=()
case "$os" in
  windows)
    # The main launcher has no console window; cairn-cli.exe is the command line.
    extra_image_args+=(--add-launcher "cairn-cli=$root/packaging/windows/cairn-cli.properties") ;;
  macos)
    extra_image_args+=(--mac-package-identifier dev.cairn.app --mac-package-name Cairn) ;;
esac

log "jpackage: app image"
"$JAVA_HOME/bin/jpackage" --type app-image "${common_image_args[@]}" \
  --input "$work/input" --main-jar cairn-app.jar --main-class "$main_class" \
  --runtime-image "$work/runtime" --icon "$icon" "${jopts[@]}" "${extra_image_args[@]}" \
  --dest "$work/image"

case "$os" in
  linux)   image="$work/image/$app_name"; launcher="$image/bin/$app_name"; appdir="$image/lib/app" ;;
  windows) image="$work/image/$app_name"; launcher="$image/$app_name.exe"; appdir="$image/app" ;;
  macos)   image="$work/image/$app_name.app"; launcher="$image/Contents/MacOS/$app_name"; appdir="$image/Contents/app" ;;
esac
cfg="$appdir/$app_name.cfg"
[[ -f "$cfg" ]] || { echo "build.sh: jpackage wrote no launcher config at $cfg" >&2; exit 1; }

# Training run (JDK 25 AOT cache, JEP 483/514/515): open the window headless in a throw-away home
# with exactly the launcher's options, wait until it has rendered (JavaFX loads its painter) plus a
# few seconds of the window's own start-up work, then end it; at exit the JVM writes an AOT cache
# of the loaded and linked classes and method profiles, which the launcher then maps at start.
log "AOT cache: training run (headless window)"
aot="$appdir/cairn.aot"
train_home="$work/train-home"
mkdir -p "$train_home"
classes_log="$work/train-classes.txt"
HOME="$train_home" XDG_DATA_HOME="$train_home/data" XDG_STATE_HOME="$train_home/state" \
  JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$aot -Xlog:class+load=info:file=$classes_log -Dglass.platform=Headless -Dprism.order=sw" \
  "$launcher" >"$work/train.log" 2>&1 &
train_pid=$!
rendered=0
for ((i = 0; i < 600; i++)); do
  if grep -q 'com.sun.javafx.tk.quantum.\(Presenting\|Uploading\)Painter' "$classes_log" 2>/dev/null; then rendered=1; break; fi
  kill -0 "$train_pid" 2>/dev/null || break
  sleep 0.5
done
[[ $rendered -eq 1 ]] && sleep 5
kill -TERM "$train_pid" 2>/dev/null || true
wait "$train_pid" || true
if [[ $rendered -ne 1 || ! -s "$aot" ]]; then
  echo "build.sh: the training run did not render a window or wrote no AOT cache; its output:" >&2
  tail -40 "$work/train.log" >&2
  exit 1
fi
# Point the launcher at the cache. With the default -XX:AOTMode=auto a cache that does not match
# is ignored (the app starts, only slower) instead of failing.
sed -i.bak "s|^\[JavaOptions\]$|[JavaOptions]\njava-options=-XX:AOTCache=\$APPDIR/cairn.aot|" "$cfg"
rm -f "$cfg.bak"
grep -q 'AOTCache' "$cfg" || { echo "build.sh: could not add the AOT cache to $cfg" >&2; exit 1; }
log "AOT cache: $(du -h "$aot" | cut -f1), $(grep -c 'source:' "$classes_log") classes loaded in training"

# ---- 5. installer -----------------------------------------------------------------------------
pkg_args=(
  --type "$type" --app-image "$image" "${common_image_args[@]}" --icon "$icon"
  --about-url "https://github.com/cairn-app/cairn" --dest "$dist"
)
case "$type" in
  deb|rpm)
    pkg_args+=(
      --resource-dir "$root/packaging/linux" --linux-package-name cairn
      --linux-shortcut --linux-menu-group "Office" --linux-app-category utils
      --linux-deb-maintainer "cairn@example.org" --linux-rpm-license-type "Apache-2.0"
      --linux-package-deps "$([[ $type == deb ]] && echo 'libgtk-3-0 | libgtk-3-0t64' || echo gtk3)"
    ) ;;
  msi|exe)
    pkg_args+=(
      --resource-dir "$root/packaging/windows" --win-menu --win-menu-group Cairn --win-shortcut
      --win-dir-chooser --win-per-user-install --install-dir 'Programs\Cairn' --win-upgrade-uuid 6f1d8a52-3c4e-4e0b-9b5a-2c1f0e7d9a41
    ) ;;
  dmg|pkg)
    pkg_args+=(--resource-dir "$root/packaging/macos" --mac-package-identifier dev.cairn.app) ;;
  app-image)
    rm -rf "$dist"; mkdir -p "$dist"; cp -a "$image" "$dist/"; log "app image in $dist"; exit 0 ;;
  *) echo "build.sh: unknown --type '$type'" >&2; exit 2 ;;
esac
# dpkg-deb: xz at its highest level (the payload is mostly jars and model weights; every MB counts
# towards the 200 MB bound).
export DPKG_DEB_COMPRESSOR_TYPE=xz DPKG_DEB_COMPRESSOR_LEVEL=9
log "jpackage: $type"
"$JAVA_HOME/bin/jpackage" "${pkg_args[@]}"

for f in "$dist"/*; do
  log "built $(basename "$f"): $(du -h "$f" | cut -f1) ($(stat -c %s "$f" 2>/dev/null || stat -f %z "$f") bytes)"
done
