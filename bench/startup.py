#!/usr/bin/env python3
"""Start-up time of the `aio` command: `aio -c pass` to exit, and the REPL to its
first prompt through a pseudo-terminal (HOME in a temp dir, so no history).
Median of N runs, side by side with python3.  usage: bench/startup.py AIO [N]"""
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time

aio = os.path.abspath(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
home = tempfile.mkdtemp()


def to_exit(argv):
    t = time.perf_counter()
    subprocess.run(argv, check=True)
    return (time.perf_counter() - t) * 1000


def to_prompt(argv):
    env = dict(os.environ, HOME=home, TERM='xterm', PYTHONSTARTUP='')
    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    buf = b''
    while b'>>> ' not in buf:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            raise SystemExit('no prompt')
        buf += os.read(fd, 4096)
    ms = (time.perf_counter() - t) * 1000
    # A ^D typed ahead while the tty is still canonical is an empty read that the
    # switch to raw mode drops (python3 too): give the editor a moment first.
    time.sleep(0.05)
    os.write(fd, b'\x04')
    _, _, ru = os.wait4(pid, 0)
    os.close(fd)
    cpu.append((ru.ru_utime + ru.ru_stime) * 1000)  # includes the exit after ^D
    return ms


cpu = []


def median(f, argv):
    cpu.clear()
    return statistics.median(f(argv) for _ in range(n))


py = sys.executable
print(f'{"":28} {"aio":>8} {"python3":>8}   (median of {n}, ms)')
print(f'{"-c pass, to exit":28} {median(to_exit, [aio, "-c", "pass"]):8.1f} {median(to_exit, [py, "-c", "pass"]):8.1f}')
for mod in ("asyncio", "json"):
    # what importing the module adds to start-up, against CPython's import of it
    label = f"import {mod}, to exit"
    print(f'{label:28} {median(to_exit, [aio, "-c", "import " + mod]):8.1f} '
          f'{median(to_exit, [py, "-c", "import " + mod]):8.1f}')
a = median(to_prompt, [aio])
a_cpu = statistics.median(cpu)
p = median(to_prompt, [py, "-q"])
p_cpu = statistics.median(cpu)
print(f'{"REPL, to first prompt":28} {a:8.1f} {p:8.1f}')
print(f'{"REPL, CPU time of a session":28} {a_cpu:8.1f} {p_cpu:8.1f}')
