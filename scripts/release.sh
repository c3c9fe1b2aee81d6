#!/usr/bin/env bash
# Release archive: adjeq-X.Y.Z.tar.gz (version from include/adjeq.h) of the
# committed tree at HEAD, with a top-level adjeq-X.Y.Z/ directory.
#   scripts/release.sh [OUTDIR]      (default: build/release)
# Refuses when CHANGELOG.md has no section for the version.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/release}
version=$(sed -n 's/^#define ADJEQ_VERSION_STRING "\(.*\)"$/\1/p' include/adjeq.h)
[ -n "$version" ] || { echo "release: no ADJEQ_VERSION_STRING in include/adjeq.h"; exit 1; }
grep -q "^## \[$version\]" CHANGELOG.md || { echo "release: CHANGELOG.md has no [$version] section"; exit 1; }
mkdir -p "$out"
name=adjeq-$version
git archive --format=tar.gz --prefix="$name/" -o "$out/$name.tar.gz" HEAD
echo "$out/$name.tar.gz"
