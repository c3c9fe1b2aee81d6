"""The kernels of kernels/registry.h, for the scripts that check them
(tests/isa_leak_check.py, scripts/kernel_coverage.py): one descriptor line
per kernel, X(ID, name, arch, needs, priority, "emulators")."""
import os
import re

REGISTRY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels", "registry.h")
LINE = re.compile(r'^\s*X\((\w+),\s*(\w+),\s*([\w ]+?),\s*(.+?),\s*(\d+),\s*"([^"]*)"\)')


def kernels(path=REGISTRY):
    """[{id, name, arch: [..], priority, emulators: [..]}] in registry order."""
    found = []
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                found.append({"id": m.group(1), "name": m.group(2), "arch": m.group(3).split(),
                              "priority": int(m.group(5)), "emulators": m.group(6).split()})
    if not found:
        raise RuntimeError(f"no kernel descriptors found in {path}")
    return found
