#!/usr/bin/env python3
"""Time to first rows and peak RSS of the real TUI on a pty.

Starts `chatkeys sim --tokens N` as its own process, then, RUNS times,
`chatkeys` on an 80x24 pty pointed at it; presses 2 for the Tokens tab
and reads the screen until the first rows' summary ("1/K tokens") shows,
then until all N+60 are there. Prints min/median/max of both times and
of the TUI's peak RSS (VmHWM). Usage: tui_rows.py [N] [RUNS]
"""
import os, pty, re, select, signal, statistics, subprocess, sys, tempfile, time

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
binary = os.path.join(tempfile.mkdtemp(), "chatkeys")
subprocess.run(["go", "build", "-o", binary, "."], cwd=root, check=True)

sim = subprocess.Popen([binary, "sim", "--addr", "127.0.0.1:0", "--tokens", str(n)], stdout=subprocess.PIPE, text=True)
env = dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp(), TERM="xterm-256color")
for line in sim.stdout:
    m = re.match(r"export (CHATKEYS_[A-Z_]+)=(.*)", line.strip())
    if m:
        env[m.group(1)] = m.group(2)
    if line.startswith("export CHATKEYS_TOKEN="):
        break
total = n + 60
first_times, all_times, peaks = [], [], []
try:
    for _ in range(runs):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary], env)
        os.set_blocking(fd, False)
        import fcntl, struct, termios
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        start = time.monotonic()
        screen, first, done, sent = b"", None, None, False
        while done is None and time.monotonic() - start < 120:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    screen += os.read(fd, 1 << 20)
                except OSError:
                    break
            if not sent and b"Clients" in screen:
                os.write(fd, b"2")
                sent = True
            text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", screen[-20000:]).decode("utf-8", "replace")
            counts = [int(c) for c in re.findall(r"1/(\d+) tokens", text)]
            if counts and first is None:
                first = time.monotonic() - start
            if counts and max(counts) >= total:
                done = time.monotonic() - start
        with open(f"/proc/{pid}/status") as f:
            hwm = int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) // 1024
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        first_times.append(first or float("nan"))
        all_times.append(done or float("nan"))
        peaks.append(hwm)
finally:
    sim.kill()

def mmm(xs, unit):
    return f"{min(xs):.3g} / {statistics.median(xs):.3g} / {max(xs):.3g} {unit}"
print(f"{n} tokens more, {runs} runs (min / median / max)")
print("first rows after start:  " + mmm(first_times, "s"))
print("every row after start:   " + mmm(all_times, "s"))
print("TUI peak RSS:            " + mmm(peaks, "MB"))
