#!/usr/bin/env python3
"""Time to first rows and peak RSS of the real TUI against a large account.

Starts `chatkeys sim --tokens N` as its own process, then, RUNS times,
`chatkeys` in an 80x24 tmux window pointed at it (tmux is the terminal:
its screen is what a user sees); presses 2 for the Tokens tab and reads
the screen until the first rows' summary ("1/K tokens") shows, then
until all N+60 are there. Prints min/median/max of both times and of
the TUI's peak RSS (VmHWM), and how long after the simulator finished
sending the token list (its --log line for it) every row was on screen.
Usage: tui_rows.py [N] [RUNS]
"""
import os, re, statistics, subprocess, sys, threading, time

import benchlib

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
binary = benchlib.build()
sim, env = benchlib.start_sim(binary, "--tokens", str(n), "--log")
sent_lists = []  # when each answer to the token list was sent whole


def read_log():
    for line in sim.stderr:
        if re.match(r"chatsim: GET \S*/oauth/tokens 200$", line.strip()):
            sent_lists.append(time.monotonic())


threading.Thread(target=read_log, daemon=True).start()
total = n + 61  # the usual 60, and the token chatkeys sim printed
first_times, all_times, after_bytes, peaks = [], [], [], []
session = f"tui-rows-{os.getpid()}"
try:
    for run in range(runs):
        tmux = benchlib.tmux_server(run)
        screen = lambda: subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
        envargs = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        start = time.monotonic()
        lists_before = len(sent_lists)
        subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", *envargs, binary], check=True)
        pid = int(subprocess.run([*tmux, "list-panes", "-t", session, "-F", "#{pane_pid}"], capture_output=True, text=True).stdout.split()[0])
        first = done = None
        sent = False
        while done is None and time.monotonic() - start < 180:
            time.sleep(0.01)
            text = screen()
            if not sent and "Clients" in text:
                subprocess.run([*tmux, "send-keys", "-t", session, "2"])
                sent = True
            counts = [int(c) for c in re.findall(r"/(\d+) tokens", text)]
            if counts and first is None:
                first = time.monotonic() - start
            if counts and max(counts) >= total and "loading" not in text:
                done = time.monotonic() - start
        with open(f"/proc/{pid}/status") as f:
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) // 1024)
        subprocess.run([*tmux, "kill-session", "-t", session])
        first_times.append(first if first is not None else float("nan"))
        all_times.append(done if done is not None else float("nan"))
        answers = [t for t in sent_lists[lists_before:] if t - start <= (done or 0)]
        after_bytes.append(start + done - answers[-1] if done is not None and answers else float("nan"))
finally:
    sim.kill()

def mmm(xs, unit):
    return f"{min(xs):.3g} / {statistics.median(xs):.3g} / {max(xs):.3g} {unit}"
print(f"{n} tokens more, {runs} runs (min / median / max)")
print("first rows after start:  " + mmm(first_times, "s"))
print("every row after start:   " + mmm(all_times, "s"))
print("every row after the bytes: " + mmm(after_bytes, "s"))
print("TUI peak RSS:            " + mmm(peaks, "MB"))
