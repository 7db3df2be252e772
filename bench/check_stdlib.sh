#!/bin/sh
# bench/check_stdlib.sh - checks CPython 3.11's standard library with aio's
# front end and times it against CPython's own compile() of the same files.
#   bench/check_stdlib.sh [--no-time] [--speed] [-n RUNS]
# Files: STDLIB/*.py and the packages asyncio json collections email http
# unittest importlib logging concurrent/futures, minus files that use `match`
# or `except*`. STDLIB is $STDLIB, else /usr/lib/python3.11 when present (the
# 263 files of issue 2), else $PYTHON's own standard library. The checker is `$AIO --check` when $AIO is set, else
# $AIO_PARSE_FILES (default build/tests/aio_parse_files, parse only).
# Timing: RUNS (default 5) alternating rounds of one `aio --check` process over
# all files (start-up and file reading included) and one in-process compile()
# loop in CPython (start-up and reading excluded); the minimum of each side is
# compared, so background load on a shared machine inflates neither. Wall time
# decides; CPU time (user+sys) is printed too, as it is steadier under load.
# --speed fails unless aio takes at most a third of CPython's time.
# Exit 77 = skipped (no python3 or no stdlib).
set -eu
PYTHON=${PYTHON:-python3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIME=1; SPEED=0; RUNS=5
while [ $# -gt 0 ]; do
  case $1 in
    --no-time) TIME=0 ;;
    --speed) SPEED=1 ;;
    -n) shift; RUNS=$1 ;;
    *) echo "usage: $0 [--no-time] [--speed] [-n RUNS]" >&2; exit 2 ;;
  esac
  shift
done
command -v "$PYTHON" >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
LIST=$(mktemp); trap 'rm -f "$LIST"' EXIT
"$PYTHON" - "$LIST" "${STDLIB:-}" <<'PY' || { echo "no CPython stdlib: skipped"; exit 77; }
import ast, glob, os, sys, sysconfig
d = sys.argv[2]
if not d:
    d = "/usr/lib/python3.11"
    if not os.path.exists(os.path.join(d, "asyncio")):
        d = sysconfig.get_paths()["stdlib"]
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
  CHECK="$AIO --check"
else
  CHECK="${AIO_PARSE_FILES:-$ROOT/build/tests/aio_parse_files} -q"
fi
# shellcheck disable=SC2086
if ! xargs $CHECK < "$LIST"; then
  echo "aio rejected some of the $N files (rerun without -q to see them)"; exit 1
fi
echo "aio accepted $N of $N standard library files"
[ $TIME -eq 1 ] || exit 0
"$PYTHON" - "$LIST" "$RUNS" "$SPEED" $CHECK <<'PY'
import resource, subprocess, sys, time
files = open(sys.argv[1]).read().split()
runs, speed, check = int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4:]
srcs = [(f, open(f, "rb").read()) for f in files]
aio, cpy, aio_cpu, cpy_cpu = [], [], [], []
def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for _ in range(runs):
    t, u = time.perf_counter(), children_cpu()
    subprocess.run(check + files, check=True, stderr=subprocess.DEVNULL)
    aio.append(time.perf_counter() - t)
    aio_cpu.append(children_cpu() - u)
    t, u = time.perf_counter(), time.process_time()
    for f, s in srcs:
        compile(s, f, "exec")
    cpy.append(time.perf_counter() - t)
    cpy_cpu.append(time.process_time() - u)
a, c = min(aio), min(cpy)
lines = sum(s.count(b"\n") for _, s in srcs)
print("%d files, %d lines, best of %d runs each        wall      cpu" % (len(files), lines, runs))
name = check[0].split("/")[-1] + " " + " ".join(check[1:])
print("  %-40s %.3f s  %.3f s" % (name, a, min(aio_cpu)))
print("  %-40s %.3f s  %.3f s" % ("CPython %d.%d compile()" % sys.version_info[:2], c, min(cpy_cpu)))
print("  ratio aio/CPython: %.3f wall, %.3f cpu (target <= 0.333)" % (a / c, min(aio_cpu) / min(cpy_cpu)))
if speed and a / c > 1 / 3:
    print("too slow")
    sys.exit(1)
PY
