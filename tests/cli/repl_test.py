#!/usr/bin/env python3
"""The REPL through a pseudo-terminal (the interactive path, libedit and all):
echo of results, blocks, tracebacks, history recall, Tab completion, top-level
await, tasks progressing between prompts, tasks()/cancel(), Ctrl-C, Ctrl-D,
~/.aio_history. Every wait is bounded; the whole test takes a few seconds.
usage: repl_test.py AIO_BINARY"""
import os
import pty
import re
import select
import socket
import sys
import tempfile
import time

AIO = os.path.abspath(sys.argv[1])
home = tempfile.mkdtemp(prefix='aio_repl_home_')


class Session:
    def __init__(self):
        env = dict(os.environ, HOME=home, TERM='xterm')
        env.pop('EDITRC', None)
        self.start = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(AIO, [AIO], env)
        self.buf = ''
        self.seen = 0  # expect() looks only after what it already matched

    def read_some(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.buf += data.decode('utf-8', 'replace')
        return True

    def expect(self, pattern, timeout=5.0):
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.buf, self.seen)
            if m:
                self.seen = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or not self.read_some(left):
                if rx.search(self.buf, self.seen):
                    continue
                raise AssertionError(f'timeout waiting for {pattern!r}; output since last match:\n'
                                     f'{self.buf[self.seen:]!r}')

    def send(self, s):
        os.write(self.fd, s.encode())

    def line(self, s):
        self.send(s + '\r')

    def wait_exit(self, timeout=5.0, resend=None):
        # `resend`: a key to type again every second while the REPL is alive.
        # A ^D typed while the terminal is still in canonical mode (the line
        # editor switches it to raw mode after printing the prompt) is an empty
        # read that the switch drops; on a loaded machine that race is real.
        deadline = time.monotonic() + timeout
        next_resend = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self.read_some(0.05)
            if resend and time.monotonic() >= next_resend:
                self.send(resend)
                next_resend = time.monotonic() + 1.0
        os.kill(self.pid, 9)
        raise AssertionError('the REPL did not exit')


PROMPT = r'>>> '
s = Session()
s.expect(PROMPT)
startup_ms = (time.monotonic() - s.start) * 1000

# results echoed with repr; None not echoed; _ keeps the last result
s.line('6 * 7')
s.expect(r'\r\n42\r\n')
s.expect(PROMPT)
s.line('None')
s.expect(r'\r\n>>> ')
s.line('_ + 1')
s.expect(r'\r\n43\r\n')
s.expect(PROMPT)
s.line("'a' + 'b'")
s.expect(r"'ab'")
s.expect(PROMPT)

# UTF-8 typed at the prompt
s.line("'é€' * 2")
s.expect(r"'é€é€'")
s.expect(PROMPT)

# a block: continuation prompts, closed by a blank line
s.line('def f(x):')
s.expect(r'\.\.\. ')
s.line('    return x + 1')
s.expect(r'\.\.\. ')
s.line('')
s.expect(PROMPT)
s.line('f(41)')
s.expect(r'\r\n42\r\n')
s.expect(PROMPT)
# brackets continue without a blank line
s.line('(1,')
s.expect(r'\.\.\. ')
s.line(' 2)')
s.expect(r'\(1, 2\)')
s.expect(PROMPT)

# a traceback does not end the session
s.line('1 / 0')
s.expect(r'Traceback \(most recent call last\):')
s.expect(r'ZeroDivisionError: division by zero')
s.expect(PROMPT)
s.line('x = (')
s.expect(r'\.\.\. ')
s.line(')]')
s.expect(r'SyntaxError')
s.expect(PROMPT)

# Up + Enter runs the last line again
s.line('7 * 6')
s.expect(r'\r\n42\r\n')
s.expect(PROMPT)
s.send('\x1b[A\r')
s.expect(r'\r\n42\r\n')
s.expect(PROMPT)

# Tab completion: builtins, keywords, attributes
s.send('pri\t("tab")\r')
s.expect(r'\r\ntab\r\n')
s.expect(PROMPT)
s.line('class K:\n    value_one = 1\n')
s.expect(PROMPT)
s.send('K.valu\t\r')
s.expect(r'\r\n1\r\n')
s.expect(PROMPT)

# several candidates and nothing in common to add: Tab lists them
s.send('iss\t')
s.expect(r'ubclass')
s.send('(bool, int)\r')
s.expect(r'\r\nTrue\r\n')
s.expect(PROMPT)
s.send('is\t')
s.expect(r'isinstance\s+issubclass')
s.send('subclass(bool, int)\r')
s.expect(r'\r\nTrue\r\n')
s.expect(PROMPT)

# Ctrl-C cancels the line being typed
s.send('this is not run\x03')
s.expect(r'KeyboardInterrupt')
s.expect(PROMPT)
s.line('1 + 1')
s.expect(r'\r\n2\r\n')
s.expect(PROMPT)
# Ctrl-C typed the moment the prompt appears (a race with the wait for keys:
# the terminal throws the typed keys away, so only the signal can wake it)
for _ in range(30):
    s.send('abc\x03')
    s.expect(r'KeyboardInterrupt')
    s.expect(PROMPT)
# Ctrl-C interrupts running code back to the prompt, globals intact
s.line('n = 0')
s.expect(PROMPT)
s.line('while True: n += 1')
s.line('')
time.sleep(0.3)
s.send('\x03')
s.expect(r'Traceback \(most recent call last\):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt\r\n')
s.expect(PROMPT)
s.line('n > 0')
s.expect(r'True')
s.expect(PROMPT)

# async at the prompt: top-level await
s.line('import asyncio')
s.expect(PROMPT)
s.line('await asyncio.sleep(0.01); "slept"')
s.expect(r"'slept'")
s.expect(PROMPT)
# a task keeps running while the prompt waits for input
s.line('log = []')
s.expect(PROMPT)
s.line('async def ticker():')
s.line('    for i in range(5):')
s.line('        await asyncio.sleep(0.05)')
s.line('        log.append(i)')
s.line('')
s.expect(PROMPT)
s.line('t = asyncio.create_task(ticker())')
s.expect(PROMPT)
time.sleep(1.0)
s.line('log, t.done()')
s.expect(r'\(\[0, 1, 2, 3, 4\], True\)')
s.expect(PROMPT)
# Ctrl-C interrupts a top-level await at once (not after the sleep)
s.line('await asyncio.sleep(30)')
time.sleep(0.3)
t0 = time.monotonic()
s.send('\x03')
s.expect(r'KeyboardInterrupt\r\n')
s.expect(PROMPT, timeout=3)
assert time.monotonic() - t0 < 3, 'Ctrl-C waited for the sleep'
s.line('t.done()')
s.expect(r'True')
s.expect(PROMPT)
# a task printing while a line is half typed: the line is redrawn after it
s.line('async def later():')
s.line('    await asyncio.sleep(0.3)')
s.line('    print("from the task")')
s.line('')
s.expect(PROMPT)
s.line('_t = asyncio.create_task(later())')
s.expect(PROMPT)
s.send('40 + ')
s.expect(r'from the task\r\n')
s.expect(r'>>> 40 \+ ')
s.send('2\r')
s.expect(r'\r\n42\r\n')
s.expect(PROMPT)

# a server started at the prompt answers while the prompt sits idle
s.line('async def hello(r, w):')
s.line('    w.write(b"hi from aio\\n")')
s.line('    await w.drain()')
s.line('    w.close()')
s.line('')
s.expect(PROMPT)
s.line('srv = await asyncio.start_server(hello, "127.0.0.1", 0)')
s.expect(PROMPT)
s.line('srv.sockets[0].getsockname()[1]')
port = int(s.expect(r'\r\n(\d+)\r\n').group(1))
s.expect(PROMPT)
with socket.create_connection(('127.0.0.1', port), timeout=5) as c:
    got = b''
    while not got.endswith(b'\n'):
        chunk = c.recv(100)
        if not chunk:
            break
        got += chunk
assert got == b'hi from aio\n', got
s.line('srv.close()')
s.expect(PROMPT)
# async for / async with at the prompt
s.line('async def agen():')
s.line('    yield 1')
s.line('    yield 2')
s.line('')
s.expect(PROMPT)
s.line('[x async for x in agen()]')
s.expect(r'\[1, 2\]')
s.expect(PROMPT)
s.line('async for x in agen():')
s.line('    print("got", x)')
s.line('')
s.expect(r'got 1\r\ngot 2')
s.expect(PROMPT)
s.line('lock = asyncio.Lock()')
s.expect(PROMPT)
s.line('async with lock:')
s.line('    print("locked", lock.locked())')
s.line('')
s.expect(r'locked True')
s.expect(PROMPT)
# tasks() shows a sleeping task and the line it waits at; cancel() by name
s.line('async def sleeper():')
s.line('    await asyncio.sleep(100)')
s.line('')
s.expect(PROMPT)
s.line('z = asyncio.create_task(sleeper(), name="zzz")')
s.expect(PROMPT)
s.line('await asyncio.sleep(0)')
s.expect(PROMPT)
s.line('tasks()')
s.expect(r'zzz\s+pending\s+sleeper\(\)\s+at <stdin>:2')
s.expect(PROMPT)
# who awaits whom: a task awaiting another shows it indented below itself
s.line('async def parent():')
s.line('    await asyncio.create_task(sleeper(), name="kid")')
s.line('')
s.expect(PROMPT)
s.line('p = asyncio.create_task(parent(), name="par")')
s.expect(PROMPT)
s.line('await asyncio.sleep(0.01)')
s.expect(PROMPT)
s.line('tasks()')
s.expect(r'\r\npar\s+pending\s+parent\(\)\s+at <stdin>:2\r\n  kid\s+pending\s+sleeper\(\)\s+at <stdin>:2\r\n')
s.expect(PROMPT)
s.line('cancel(p)')
s.expect(r'True')
s.expect(PROMPT)
s.line('cancel("nobody")')
s.expect(r"ValueError: no task named 'nobody'")
s.expect(PROMPT)
s.line('cancel("zzz")')
s.expect(r'True')
s.expect(PROMPT)
s.line('await asyncio.sleep(0); z.cancelled()')
s.expect(r'True')
s.expect(PROMPT)

# a failed task nobody awaits is reported while the prompt is idle
s.line('async def fails():')
s.line('    raise RuntimeError("lost")')
s.line('')
s.expect(PROMPT)
s.line('bad = asyncio.create_task(fails())')
s.expect(PROMPT)
s.expect(r'Task exception was never retrieved', timeout=3)
s.expect(r'RuntimeError: lost')
s.line('')
s.expect(PROMPT)

# an exception raised under a top-level await: the traceback starts at <stdin>
s.line('async def boom():')
s.line('    raise ValueError("inner")')
s.line('')
s.expect(PROMPT)
s.line('await boom()')
m = s.expect(r'Traceback \(most recent call last\):\r\n  File "<stdin>", line 1, in <module>\r\n'
             r'  File "<stdin>", line 2, in boom\r\nValueError: inner\r\n')
s.expect(PROMPT)
s.line('"hist" + "ory"')
s.expect(r"'history'")
s.expect(PROMPT)

# Ctrl-D exits with status 0, history saved
time.sleep(0.1)
s.send('\x04')
status = s.wait_exit(timeout=10.0, resend='\x04')
assert status == 0, f'exit status {status}'
with open(os.path.join(home, '.aio_history')) as f:
    hist = f.read().replace('\\040', ' ')  # libedit stores lines strvis-encoded
assert '7 * 6' in hist.splitlines(), hist

# history survives: a new session recalls the last line of the previous one
s2 = Session()
s2.expect(PROMPT)
time.sleep(0.1)  # let the editor switch the terminal to raw mode before an arrow key
s2.send('\x1b[A\r')
s2.expect(r"'history'")
s2.expect(PROMPT)
s2.line('import sys; sys.exit(5)')
assert s2.wait_exit() == 5

print(f'REPL start-up to first prompt: {startup_ms:.1f} ms')
print('all passed')
