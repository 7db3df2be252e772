#!/usr/bin/env python3
"""Runs one script test: AIO SCRIPT.aio [--no-python], compared with SCRIPT.out / .code / .err.

The script runs with its folder as working directory and stdin from /dev/null.
When python3 is this interpreter and SCRIPT.nopy does not exist, the same script
also runs under CPython and must give the same stdout and exit status, so every
expectation is CPython's. Exit 0 on success; otherwise prints what differs.
"""
import os, subprocess, sys

def run(cmd, cwd, timeout):
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr

def without_huge_pages():
    # Memory tests measure resident growth per object: with transparent huge pages
    # it moves in 2 MB steps (±40 bytes per task in suspended_task_bytes). The
    # setting (PR_SET_THP_DISABLE) is inherited by the interpreter we start.
    try:
        import ctypes
        ctypes.CDLL(None).prctl(41, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass

def main():
    args = [a for a in sys.argv[1:] if a != "--no-python"]
    check_python = "--no-python" not in sys.argv[1:]
    aio, script = os.path.abspath(args[0]), os.path.abspath(args[1])
    base = script[:-4]
    cwd = os.path.dirname(script)
    def read(ext, default=None):
        try:
            with open(base + ext, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return default
    want_out = read(".out", b"")
    want_code = int((read(".code", b"0") or b"0").strip() or 0)
    want_err = read(".err")
    failures = []
    if os.path.basename(cwd) == "memory":
        without_huge_pages()
    code, out, err = run([aio, os.path.basename(script)], cwd, 50)
    if out != want_out:
        failures.append("stdout differs:\n--- expected\n%s\n--- got\n%s" % (
            want_out.decode(errors="replace"), out.decode(errors="replace")))
    if code != want_code:
        failures.append("exit status %d, expected %d" % (code, want_code))
    if want_err is not None:
        line = want_err.decode().strip()
        if line not in [l.strip() for l in err.decode(errors="replace").splitlines()]:
            failures.append("stderr lacks the line %r" % line)
    if failures:
        print("stderr was:\n" + err.decode(errors="replace")[-3000:])
    if check_python and not os.path.exists(base + ".nopy"):
        pcode, pout, _ = run([sys.executable, os.path.basename(script)], cwd, 50)
        if pout != want_out or pcode != want_code:
            failures.append("the expectation is not CPython's: python3 gives exit %d and stdout:\n%s" % (
                pcode, pout.decode(errors="replace")))
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
