#!/usr/bin/env python3
"""The `aio` command's conventions, checked against python3 where both apply:
argv for -c and -, piped stdin, exit statuses, error messages, --check, -m, -i.
usage: cli_test.py AIO_BINARY"""
import os
import signal
import subprocess
import sys
import tempfile
import time

AIO = os.path.abspath(sys.argv[1])
failures = []


def run(args, stdin='', cwd=None, env=None):
    p = subprocess.run([AIO] + args, input=stdin, capture_output=True, text=True,
                       cwd=cwd, env=env, timeout=30)
    return p.returncode, p.stdout, p.stderr


def py(args, stdin='', cwd=None):
    p = subprocess.run([sys.executable] + args, input=stdin, capture_output=True, text=True,
                       cwd=cwd, timeout=30)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=''):
    if not cond:
        failures.append(f'{name}: {detail}')
        print(f'FAIL {name}: {detail}')
    else:
        print(f'ok   {name}')


def same_as_python(name, args, stdin='', cwd=None):
    got, want = run(args, stdin, cwd), py(args, stdin, cwd)
    check(name, got[:2] == want[:2], f'aio {got!r} python3 {want!r}')
    return got, want


tmp = tempfile.mkdtemp(prefix='aio_cli_test_')


def write(name, text, mode=0o644):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


# -c and - put their marker in sys.argv[0]
same_as_python('-c argv', ['-c', 'import sys; print(sys.argv)', 'a', 'b'])
same_as_python('- argv', ['-', 'x', 'y'], stdin='import sys; print(sys.argv)\n')
# a piped stdin is the program, with no prompt anywhere
got = run([], stdin='print(1+1)\n')
check('piped stdin', got == (0, '2\n', ''), repr(got))

# input() and sys.stdin read the same piped lines in order; a "\r" stays (no newline translation)
reader = write('reader.py', 'import sys\nprint(repr(input()))\nprint(repr(sys.stdin.readline()))\n'
               'for line in sys.stdin:\n    print(repr(line))\nprint(repr(sys.stdin.read()), sys.stdin.readlines())\n'
               'try:\n    input()\nexcept EOFError as e:\n    print(e)\n')
same_as_python('input and sys.stdin', [reader], stdin='first\r\nsecond\nthird\nlast')
got = run([reader], stdin='a\nb\nc\n')
check('input and sys.stdin: output', got[1] == "'a'\n'b\\n'\n'c\\n'\n'' []\nEOF when reading a line\n", repr(got))

# exit statuses
same_as_python('exit 0', ['-c', 'pass'])
same_as_python('sys.exit(3)', ['-c', 'import sys; sys.exit(3)'])
same_as_python('sys.exit()', ['-c', 'import sys; sys.exit()'])
same_as_python('SystemExit(None)', ['-c', 'raise SystemExit(None)'])
same_as_python('sys.exit(True)', ['-c', 'import sys; sys.exit(True)'])
got, want = same_as_python('sys.exit(str)', ['-c', 'import sys; sys.exit("bye")'])
check('sys.exit(str) stderr', got[2] == want[2] == 'bye\n', repr(got[2]))
got, want = same_as_python('uncaught', ['-c', 'print("before"); 1/0'])
check('uncaught: last line', got[2].splitlines()[-1] == want[2].splitlines()[-1], got[2])
check('uncaught: stdout flushed first', got[1] == 'before\n', repr(got[1]))
got, want = same_as_python('traceback of -c', ['-c', 'def f():\n    1/0\nf()\n'])
check('traceback of -c: text', got[2] == want[2], f'{got[2]!r} vs {want[2]!r}')
got, want = same_as_python('traceback of stdin', [], stdin='def f():\n    1/0\nf()\n')
check('traceback of stdin: text', got[2] == want[2], f'{got[2]!r} vs {want[2]!r}')
got, want = same_as_python('-i after sys.exit', ['-i', '-c', 'import sys; sys.exit(3)'], stdin='print(9)\n')
check('-i after sys.exit: traceback', 'SystemExit: 3' in got[2] and 'SystemExit: 3' in want[2], repr(got[2]))
got = run(['-c', 'print("x", end=""); raise SystemExit(4)'])
check('stdout flushed on SystemExit', got[:2] == (4, 'x'), repr(got))

# missing file, directory: python3's message with the program name
missing = os.path.join(tmp, 'missing.aio')
got = run([missing])
want = py([missing])
check('missing file', got[0] == 2 and got[2] == want[2].replace(want[2].split(':')[0], 'aio', 1),
      f'{got!r} vs {want!r}')
got = run(['missing.aio'], cwd=tmp)
check('missing file: absolute path', got[2] == f"aio: can't open file '{missing}': [Errno 2] No such file or directory\n",
      repr(got))
got, want = run([tmp]), py([tmp])
check('directory', got[0] == want[0] and "can't find '__main__' module" in got[2], repr(got))
got = run(['--check', tmp])  # once aborted: a directory's ftell "size" went to reserve()
check('--check directory', got[0] == 2 and got[2] == f"aio: can't open file '{tmp}': [Errno 21] Is a directory\n",
      repr(got))

# usage errors: status 2, one line, python3's wording
for args, words in ((['-c'], 'Argument expected for the -c option'),
                    (['-m'], 'Argument expected for the -m option'),
                    (['-z'], 'Unknown option: -z')):
    got, want = run(args), py(args)
    check(f'usage {args}', got[0] == want[0] == 2 and got[2].count('\n') == 1 and words in got[2]
          and words in want[2], repr(got))

# --version / --help
got = run(['--version'])
check('--version', got[0] == 0 and got[1].startswith('aio '), repr(got))
got = run(['--help'])
check('--help', got[0] == 0 and all(o in got[1] for o in
      ('-c cmd', '-m mod', '-i', '-u', '--check', '--dis', '--dump-ast', '--version', '--help', 'file', '-  ')),
      got[1])

# --check: good file silent and 0; bad file CPython's last line and 1; nothing runs
good = write('good.aio', 'print("ran")\nx = 1\n')
bad = write('bad.aio', 'x = 1\nif x\n    pass\n')
got = run(['--check', good])
check('--check good', got == (0, '', ''), repr(got))
got = run(['--check', bad])
want = py(['-c', f'compile(open({bad!r}).read(), {bad!r}, "exec")'])
check('--check bad', got[0] == 1 and got[2].splitlines()[-1] == want[2].splitlines()[-1],
      f'{got!r} vs {want[2]!r}')
got = run(['--check', good, bad])
check('--check mixed', got[0] == 1, repr(got))
got = run(['--dis', good])
check('--dis', got[0] == 0 and 'LOAD_CONST' in got[1], got[1][:200])
# an awaited call is CALL_AWAIT, the await's own instructions kept after it (they
# await anything else it returns); a call whose result is awaited later stays CALL
awaits = write('awaits.py', 'async def f(g, x):\n    c = g(x)\n    await c\n    return await g(x, 1)\n')
got = run(['--dis', awaits])
names = [w for line in got[1].splitlines() for w in line.split()[:4] if w.isupper() and '_' in w or w == 'CALL']
at = names.index('CALL_AWAIT') if 'CALL_AWAIT' in names else -1
check('--dis CALL_AWAIT', got[0] == 0 and names.count('CALL') == 1 and names.count('CALL_AWAIT') == 1 and
      names[at:at + 5] == ['CALL_AWAIT', 'GET_AWAITABLE', 'LOAD_CONST', 'YIELD_FROM', 'RETURN_VALUE'] and
      ' CALL_AWAIT                 2' in got[1], got[1])

# -m runs the module as __main__, with sys.argv[0] its path
write('mymod.aio', 'import sys\nprint(__name__, sys.argv[0].endswith("mymod.aio"), sys.argv[1:])\n')
write('mypkg/__init__.aio', 'print("init")\n')
write('mypkg/__main__.aio', 'print("pkg main", __name__)\n')
write('mypkg/sub.aio', 'if __name__ == "__main__":\n    print("sub main")\n')
got = run(['-m', 'mymod', 'p', 'q'], cwd=tmp)
check('-m module', got == (0, "__main__ True ['p', 'q']\n", ''), repr(got))
got = run(['-m', 'mypkg'], cwd=tmp)
check('-m package', got == (0, 'init\npkg main __main__\n', ''), repr(got))
got = run(['-m', 'mypkg.sub'], cwd=tmp)
check('-m submodule', got == (0, 'init\nsub main\n', ''), repr(got))
got = run(['-m', 'nosuchmod'])
check('-m missing', got[0] == 1 and got[2] == 'aio: No module named nosuchmod\n', repr(got))

# -i: the REPL after the program, in its globals (stdin piped: prompts on stderr)
got = run(['-i', '-c', 'x = 21'], stdin='x * 2\nprint(x)\n')
check('-i', got[0] == 0 and got[1] == '42\n21\n', repr(got))
# -u
got = run(['-u', '-c', 'print(1)'])
check('-u', got == (0, '1\n', ''), repr(got))

# #!/usr/bin/env aio scripts run when executable
script = write('hello', '#!/usr/bin/env aio\nimport sys\nprint("hi", sys.argv[1:])\n', 0o755)
env = dict(os.environ, PATH=os.path.dirname(AIO) + os.pathsep + os.environ.get('PATH', ''))
p = subprocess.run([script, 'z'], capture_output=True, text=True, env=env, timeout=30)
check('shebang', (p.returncode, p.stdout) == (0, "hi ['z']\n"), repr(p))

# a script run by a relative path gets an absolute __file__ and traceback paths, and a
# coroutine never awaited warns as CPython does: file:line, the source line, the hint
warn = write('warn/never_awaited.aio', 'async def f():\n    return 1\n\ndef g():\n    f()\n\ng()\nprint(__file__)\n1 / 0\n')
got, want = same_as_python('never awaited + relative path', ['never_awaited.aio'], cwd=os.path.dirname(warn))
# (aio warns when the coroutine is collected, not at once: compare the blocks, not their order)
warning = ''.join(want[2].splitlines(True)[:3])
check('never awaited warning', warning.count('RuntimeWarning') == 2 and warning in got[2], f'aio {got[2]!r} python3 {want[2]!r}')
check('absolute traceback path', f'File "{warn}", line 9' in got[2], repr(got[2]))

# files left open are written out at exit (the command leaves without freeing its
# heap, but still finalizes open files), after sys.exit and an uncaught exception too
for name, tail, status in (('end', '', 0), ('sys.exit', 'import sys; sys.exit(3)\n', 3),
                           ('exception', '1 / 0\n', 1)):
    out = os.path.join(tmp, 'unclosed_' + name.replace('.', '_') + '.txt')
    got = run(['-c', f'f = open({out!r}, "w")\nf.write("kept " * 3)\n'
                     f'g = open({out!r} + ".bin", "wb")\ng.write(b"x" * 70000)\n' + tail])
    with open(out) as f, open(out + '.bin', 'rb') as g:
        check(f'unclosed file written at exit ({name})', got[0] == status and f.read() == 'kept kept kept '
              and g.read() == b'x' * 70000, repr(got))

# Ctrl-C (SIGINT) while a program runs: KeyboardInterrupt, status 130
# (the signal is sent once the program runs: before its handler is installed,
# SIGINT would just kill the process, which a slow start on a loaded machine allows)
p = subprocess.Popen([AIO, '-c', 'print("running", flush=True)\nwhile True:\n    pass\n'],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
check('SIGINT: program started', p.stdout.readline() == 'running\n')
time.sleep(0.1)
p.send_signal(signal.SIGINT)
out, err = p.communicate(timeout=10)
check('SIGINT', p.returncode == 130 and err.splitlines()[-1] == 'KeyboardInterrupt'
      and err.startswith('Traceback (most recent call last):'), f'{p.returncode} {err!r}')

# A fully static command must not leave its .eh_frame registered with the unwinder
# (crtbeginT.o does): the first exception a script raises would sort every FDE,
# ~23M instructions. It looks FDEs up through PT_GNU_EH_FRAME instead
# (cli/link/static_unwind.cpp). Checked where binutils is installed.
def elf_tool(*args):
    try:
        return subprocess.run(list(args) + [AIO], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None


segments, symbols = elf_tool('readelf', '-lW'), elf_tool('nm')
if segments is not None and symbols is not None and 'INTERP' not in segments:
    check('static command: PT_GNU_EH_FRAME', 'GNU_EH_FRAME' in segments)
    check('static command: .eh_frame not registered at start',
          ' T __wrap___register_frame_info' in symbols)
got = run(['-c', 'try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print("caught", e)\n'])
check('exception caught in the command', got == (0, 'caught division by zero\n', ''), repr(got))

if failures:
    print(f'{len(failures)} failure(s)')
    sys.exit(1)
print('all passed')
