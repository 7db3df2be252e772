#!/bin/sh
# bench/check_stdlib.sh - parses CPython 3.11's standard library with aio's
# front end and times it against CPython's own compile() of the same files.
#   bench/check_stdlib.sh [--no-time] [--speed]
# Files: STDLIB/*.py and the packages asyncio json collections email http
# unittest importlib logging concurrent/futures, minus files that use `match`
# or `except*`. The parser is `aio --check` when $AIO is set, else
# $AIO_PARSE_FILES (default build/aio_parse_files). --speed fails unless aio
# takes at most a third of CPython's time. Exit 77 = skipped (no stdlib).
set -eu
PYTHON=${PYTHON:-python3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIME=1; SPEED=0
for a in "$@"; do
  case $a in --no-time) TIME=0 ;; --speed) SPEED=1 ;; esac
done
command -v "$PYTHON" >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
LIST=$(mktemp); trap 'rm -f "$LIST"' EXIT
"$PYTHON" - "$LIST" <<'PY' || { echo "no CPython stdlib: skipped"; exit 77; }
import ast, glob, os, sys, sysconfig
d = sysconfig.get_paths()["stdlib"]
if not os.path.exists(os.path.join(d, "asyncio")):
    d = "/usr/lib/python3.11"
files = sorted(glob.glob(os.path.join(d, "*.py")))
for p in "asyncio json collections email http unittest importlib logging concurrent/futures".split():
    files += sorted(glob.glob(os.path.join(d, p, "*.py")))
keep = []
for f in files:
    try:
        tree = ast.parse(open(f, "rb").read())
    except SyntaxError:
        continue
    if not any(isinstance(n, (ast.Match, getattr(ast, "TryStar", ast.Match))) for n in ast.walk(tree)):
        keep.append(f)
if not keep:
    sys.exit(1)
open(sys.argv[1], "w").write("\n".join(keep) + "\n")
PY
N=$(wc -l < "$LIST")
if [ -n "${AIO:-}" ]; then
  PARSE="$AIO --check"
else
  PARSE=${AIO_PARSE_FILES:-$ROOT/build/aio_parse_files}
  PARSE="$PARSE -q"
fi
now() { date +%s.%N; }
t0=$(now)
if xargs $PARSE < "$LIST"; then STATUS=0; else STATUS=1; fi
t1=$(now)
if [ $STATUS -ne 0 ]; then
  echo "aio rejected some of the $N files (rerun without -q to see them)"; exit 1
fi
echo "aio accepted $N of $N standard library files"
[ $TIME -eq 1 ] || exit 0
CPY=$("$PYTHON" - "$LIST" <<'PY'
import sys, time
files = open(sys.argv[1]).read().split()
srcs = [(f, open(f, "rb").read()) for f in files]
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    for f, s in srcs:
        compile(s, f, "exec")
    best = min(best, time.perf_counter() - t)
print("%.3f" % best)
PY
)
AIO_T=$("$PYTHON" -c "print('%.3f' % ($t1 - $t0))")
RATIO=$("$PYTHON" -c "print('%.3f' % ($AIO_T / $CPY))")
echo "aio parse (whole process): ${AIO_T}s   CPython compile(): ${CPY}s   ratio: $RATIO"
if [ $SPEED -eq 1 ]; then
  "$PYTHON" -c "import sys; sys.exit(0 if $RATIO <= 1/3 else 1)" || { echo "too slow"; exit 1; }
fi
