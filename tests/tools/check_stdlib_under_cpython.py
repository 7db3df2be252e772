#!/usr/bin/env python3
"""Runs aio stdlib modules (stdlib/*.aio) under CPython 3.11.

  check_stdlib_under_cpython.py run SCRIPT.aio     run SCRIPT with aio's modules in
                                                   place of CPython's (json, random, ...)
  check_stdlib_under_cpython.py test [SCRIPT...]   for each tests/scripts/stdlib/*.aio:
                                                   run it that way and compare stdout
                                                   with SCRIPT.out (CPython's own output)

The .out files are produced by plain `python3 SCRIPT.aio` (CPython's real modules),
so a passing test means aio's module prints what CPython's prints.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STDLIB = os.path.join(ROOT, "stdlib")
MODULES = ["random", "json", "json.decoder", "json.encoder", "collections", "itertools",
           "functools", "dataclasses", "heapq", "bisect", "string", "typing", "copy",
           "operator"]


def _path_for(name):
    rel = name.replace(".", "/")
    pkg = os.path.join(STDLIB, rel, "__init__.aio")
    if os.path.exists(pkg):
        return pkg, True
    mod = os.path.join(STDLIB, rel + ".aio")
    if os.path.exists(mod):
        return mod, False
    return None, False


class AioFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in MODULES:
            return None
        fn, is_pkg = _path_for(name)
        if fn is None:
            return None
        loader = importlib.machinery.SourceFileLoader(name, fn)
        return importlib.util.spec_from_file_location(
            name, fn, loader=loader,
            submodule_search_locations=[os.path.dirname(fn)] if is_pkg else None)


def install():
    # Import what CPython's own machinery needs first, so that it keeps the real modules.
    import runpy, io, traceback, pkgutil, typing, collections.abc, dataclasses, json  # noqa: F401
    for name in list(sys.modules):
        if name in MODULES or any(name.startswith(m + ".") for m in MODULES):
            del sys.modules[name]
    sys.meta_path.insert(0, AioFinder())


def run(script):
    install()
    import runpy
    sys.argv = [script]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")


def test(scripts):
    if not scripts:
        d = os.path.join(ROOT, "tests", "scripts", "stdlib")
        scripts = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".aio"))
    bad = 0
    for s in scripts:
        want = open(s[:-4] + ".out", "rb").read()
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "run", os.path.basename(s)],
                           cwd=os.path.dirname(os.path.abspath(s)), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300)
        if p.stdout != want:
            bad += 1
            print("FAIL", s)
            import difflib
            for line in list(difflib.unified_diff(want.decode(errors="replace").splitlines(),
                                                  p.stdout.decode(errors="replace").splitlines(),
                                                  "cpython", "aio-modules", lineterm=""))[:40]:
                print("   ", line)
            if p.stderr:
                print("    stderr:", p.stderr.decode(errors="replace")[-1500:])
        else:
            print("ok  ", os.path.basename(s))
    print("%d of %d failed" % (bad, len(scripts)))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        run(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] == "test":
        sys.exit(test(sys.argv[2:]))
    else:
        print(__doc__)
        sys.exit(2)
