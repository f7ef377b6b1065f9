"""Instructions per event by source function, from a callgrind file written
with --compress-strings=no --compress-pos=no of a build with line tables
(bench/profile.sh). Each line's self cost goes to the `fn` enclosing that
line in its source file (with its `impl` type), so inlined code is charged
where it was written.

    python3 bench/profile.py CALLGRIND_OUT EVENTS [TOP]
"""
import collections
import re
import sys


def self_costs(path):
    """(source file, line) -> instructions, without the calls' inclusive lines."""
    cost = collections.Counter()
    fl = fi = None
    after_calls = False
    for line in open(path):
        if after_calls:
            # The line after `calls=` is the call's inclusive cost: the
            # callee's own lines count it already.
            after_calls = False
            continue
        if line.startswith("fl="):
            fl, fi = line[3:].strip(), None
        elif line.startswith(("fi=", "fe=")):
            fi = line[3:].strip()
        elif line.startswith("fn="):
            fi = None
        elif line.startswith("calls="):
            after_calls = True
        else:
            m = re.match(r"(\d+) (\d+)$", line)
            if m:
                cost[(fi or fl, int(m.group(1)))] += int(m.group(2))
    return cost


FN = re.compile(r"\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:unsafe\s+)?fn\s+(\w+)")
IMPL = re.compile(r"(\s*)impl(?:<[^{]*?>)?\s+(?:[\w:<>, ]+\s+for\s+)?([\w:]+)")
sources = {}


def function_of(path, line):
    if path not in sources:
        try:
            sources[path] = open(path).read().split("\n")
        except OSError:
            sources[path] = None
    text = sources[path]
    if text is None:
        m = re.search(r"(hashbrown)-[\d.]+/src/(.*)|library/(\w+)/src/(.*)", path)
        if not m:
            return path
        return f"{m.group(1)}: {m.group(2)}" if m.group(1) else f"std {m.group(3)}: {m.group(4)}"
    short = re.sub(r".*/(core|flink|wasm)/src/", "", path)
    for i in range(min(line, len(text)) - 1, -1, -1):
        m = FN.match(text[i])
        if not m:
            continue
        indent = len(text[i]) - len(text[i].lstrip())
        # The `impl` the fn sits in: the nearest one above, indented less.
        for j in range(i - 1, -1, -1):
            mi = IMPL.match(text[j])
            if mi and len(mi.group(1)) < indent:
                return f"{mi.group(2)}::{m.group(1)} ({short})"
            if text[j] and not text[j][0].isspace() and not text[j].startswith(("#", "//", "}")):
                break
        return f"{m.group(1)} ({short})"
    return short


def main():
    out, events = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    by = collections.Counter()
    for (path, line), c in self_costs(out).items():
        by[function_of(path or "?", line)] += c
    total = sum(by.values())
    print(f"{total / events:7.1f}  instructions per event in all")
    for name, c in by.most_common(top):
        print(f"{c / events:7.1f}  {name}")


main()
