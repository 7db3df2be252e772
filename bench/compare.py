#!/usr/bin/env python3
"""bench/compare.py - side-by-side timing of aio against CPython and Lua 5.4.

usage: bench/compare.py AIO [-n RUNS] [PROGRAM.py ...]

Runs each bench/programs/NAME.py under `AIO`, under the real python3 binary
and, when NAME.lua exists, under lua5.4; checks that aio prints what CPython
prints; reports the best wall time of RUNS runs and the ratios (above 1 means
aio is faster). Timings belong in notes, never in tests.
"""
import os, shutil, subprocess, sys, time

def best(cmd, cwd, runs):
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        out = p.stdout
    return min(times), out

def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    aio = os.path.abspath(args.pop(0))
    runs = 3
    if args[:1] == ["-n"]:
        runs = int(args[1])
        args = args[2:]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "programs")
    progs = args or sorted(os.path.join(here, f) for f in os.listdir(here) if f.endswith(".py"))
    py = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"],
                        stdout=subprocess.PIPE, text=True).stdout.strip()
    lua = shutil.which("lua5.4")
    print(f"{'program':<10} {'aio s':>8} {'python s':>9} {'lua s':>7} {'py/aio':>7} {'lua/aio':>8}")
    for prog in progs:
        cwd, name = os.path.dirname(prog), os.path.basename(prog)[:-3]
        ta, oa = best([aio, name + ".py"], cwd, runs)
        tp, op = best([py, name + ".py"], cwd, runs)
        tl = None
        if lua and os.path.exists(os.path.join(cwd, name + ".lua")):
            tl, _ = best([lua, name + ".lua"], cwd, runs)
        status = "ok" if oa == op else "OUTPUT DIFFERS"
        lua_s = f"{tl:7.3f}" if tl else "      -"
        lua_r = f"{tl / ta:8.2f}" if tl else "       -"
        print(f"{name:<10} {ta:8.3f} {tp:9.3f} {lua_s} {tp / ta:7.2f} {lua_r}  {status}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
