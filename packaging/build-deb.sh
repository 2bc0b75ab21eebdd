#!/usr/bin/env bash
# Builds Cairn's Debian package into packaging/target/dist/ (see packaging/README.md).
#   packaging/build-deb.sh [--skip-maven]
exec "$(dirname "$0")/build.sh" --type deb "$@"
