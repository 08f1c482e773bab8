#!/usr/bin/env python3
"""Time from starting `chatkeys --demo` to its first frame, on a pty.

Each run starts chatkeys on a fresh 80x24 pseudo-terminal (no tmux in
between, so what is timed is chatkeys alone) and stops the clock when
the bytes it wrote hold the tab bar ("1 Clients"), which the first frame
draws before any list has loaded. Prints min/median/max.
Target: <= 50 ms median. Usage: first_frame.py [RUNS]
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, tempfile, termios, time

import benchlib

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
binary = benchlib.build()
times = []
for _ in range(runs):
    env = dict(os.environ, TERM="xterm-256color", XDG_CONFIG_HOME=tempfile.mkdtemp(), XDG_STATE_HOME=tempfile.mkdtemp())
    env = {k: v for k, v in env.items() if not k.startswith("CHATKEYS_")}
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(binary, [binary, "--demo"], env)
    seen, took = b"", None
    while time.monotonic() - start < 10:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if b"Clients" in seen:
            took = time.monotonic() - start
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    if took is None:
        sys.exit("no first frame within 10 s:\n" + seen.decode(errors="replace")[-500:])
    times.append(took * 1000)
print(f"--demo to its first frame, {runs} runs: {min(times):.1f} / {statistics.median(times):.1f} / {max(times):.1f} ms"
      " (min / median / max; target: median <= 50 ms)")
