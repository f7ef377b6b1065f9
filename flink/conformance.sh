#!/usr/bin/env bash
# Conformance on real Apache Flink: runs the exported Flink SQL goldens
# (flink/tests/golden/{tumbling,sliding,session}.sql) on PyFlink over the
# fixture streams, compiles and runs the exported DataStream Java goldens
# (lateness.java, sliding_non_dividing.java) with javac against the jars
# PyFlink bundles, and exports nine more designs as Java and runs them over a
# seeded adversarial stream (negative times, duplicate timestamps, slide >
# size, slides that do not divide the size, late events merging sessions);
# compares everything with Weir's replay. See conformance.py.
#
# Needs Python 3.9-3.12 with venv, a JDK 17 (java and javac on PATH) and PyPI access
# (apache-flink bundles Flink's jars: ~850 MB installed, nothing is fetched
# from Maven). The venv lives in flink/.venv (git-ignored); outputs in
# flink/out (git-ignored). `./weir test` runs it as its `flink` suite (its
# set-up installs the venv); run alone to iterate:
#
#   flink/conformance.sh                  # install if needed, run, compare
#   flink/conformance.sh adversarial      # only some parts: sql, java, adversarial
#   flink/conformance.sh v2               # v2 designs (triggers, discarding, CUMULATE); not in the
#                                         # default run until Weir's engine has them
#   flink/conformance.sh v2 record        # the same, rewriting flink/tests/fixtures/v2/ from Flink
#   flink/conformance.sh v2 only=session  # only the v2 designs whose name contains "session"
#   FLINK_VERSION=2.3.0 flink/conformance.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv"
version="${FLINK_VERSION:-2.3.0}"
python="${PYTHON:-python3}"

if ! "$venv/bin/python" -c "import pyflink" 2>/dev/null; then
    echo "installing apache-flink==$version into $venv" >&2
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q "apache-flink==$version"
fi
java -version 2>&1 | head -1 >&2
(cd "$root" && cargo build -q -p weir-flink --example replay --example export)
# Called once per job: the binaries themselves, not `cargo run` (a cargo start each time).
export WEIR_REPLAY="${CARGO_TARGET_DIR:-$root/target}/debug/examples/replay"
export WEIR_EXPORT="${CARGO_TARGET_DIR:-$root/target}/debug/examples/export"
exec "$venv/bin/python" "$here/conformance.py" "$root" "$here/out" "$@"
