#!/usr/bin/env bash
# Meson, checked: the consumer project tests/consumers/meson, with this source
# tree as its subproject (subprojects/adjeq, a symlink made here), configured
# with warnings as errors, built and its test run; the ISA-leak check over
# the subproject's objects.
#   scripts/test-meson.sh SOURCE_TREE WORK_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
work=$2
rm -rf "$work"
mkdir -p "$work/consumer/subprojects"
cp "$src/tests/consumers/meson/meson.build" "$src/tests/consumers/consumer.c" "$work/consumer/"
ln -s "$src" "$work/consumer/subprojects/adjeq"
meson setup "$work/build" "$work/consumer" --werror --force-fallback-for=adjeq
meson compile -C "$work/build" -j 2
meson test -C "$work/build" --print-errorlogs
# The ISA-leak check over the subproject's objects (each kernel's own flags).
if [ "$(uname -m)" = x86_64 ]; then
  find "$work/build/subprojects/adjeq" -name '*.o' -print0 | sort -z \
    | xargs -0 /usr/bin/python3 "$src/tests/isa_leak_check.py" --objdump objdump --arch x86_64
fi
# The subproject installs nothing.
DESTDIR="$work/destdir" meson install -C "$work/build" --quiet
if [ -n "$(find "$work/destdir" -type f 2>/dev/null)" ]; then
  echo "meson: the adjeq subproject installed files:"; find "$work/destdir" -type f; exit 1
fi
echo "meson: subproject consumer built and passed"
