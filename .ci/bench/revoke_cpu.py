#!/usr/bin/env python3
"""CPU of a bulk revoke: the TUI against the command line doing the same.

Each run starts `chatkeys sim --tokens 1000 --latency 20ms`, revokes
every token (about 1,060) once with `chatkeys tokens revoke ID... --yes`
and once in the TUI in an 80x24 tmux window (Tokens, a to mark all, x, y), and
compares the CPU time (user + system) each process spent on it; for the
TUI, from the y to the summary. Prints min/median/max of the ratio.
Target: <= 2x. Usage: revoke_cpu.py [RUNS]
"""
import json, os, re, statistics, subprocess, sys, time, urllib.request

import benchlib

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
binary = benchlib.build()
tick = os.sysconf("SC_CLK_TCK")

def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick

def start_sim():
    sim, env = benchlib.start_sim(binary, "--tokens", "1000", "--latency", "20ms")
    return sim, dict(os.environ, TERM="xterm-256color", **env)

def ids(env):
    req = urllib.request.Request(env["CHATKEYS_API_URL"] + "/oauth/tokens", headers={"Authorization": "Bearer " + env["CHATKEYS_TOKEN"]})
    return [t["id"] for t in json.load(urllib.request.urlopen(req)) if t["access_token"] != env["CHATKEYS_TOKEN"]]

ratios, cli_cpu, tui_cpu = [], [], []
for run in range(runs):
    tmux = benchlib.tmux_server(run)
    sim, env = start_sim()
    try:
        todo = ids(env)
        cli = subprocess.Popen([binary, "tokens", "revoke", "--yes"] + [str(i) for i in todo], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(cli.pid, 0)
        cli_cpu.append(usage.ru_utime + usage.ru_stime)
    finally:
        sim.kill()
    sim, env = start_sim()
    try:
        n = len(ids(env))
        # tmux is the terminal: its screen is what a user sees, whatever
        # the renderer sent to draw it.
        session = f"revoke-cpu-{os.getpid()}"
        envargs = [a for k, v in env.items() if k.startswith(("CHATKEYS_", "XDG_")) for a in ("-e", f"{k}={v}")]
        subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", *envargs, binary], check=True)
        pid = int(subprocess.run([*tmux, "list-panes", "-t", session, "-F", "#{pane_pid}"], capture_output=True, text=True).stdout.split()[0])
        keys = lambda k: subprocess.run([*tmux, "send-keys", "-t", session, k])
        screen = lambda: subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
        stage, before, start = 0, 0.0, time.monotonic()
        while time.monotonic() - start < 120 and stage < 4:
            time.sleep(0.02)
            text = screen()
            if stage == 0 and re.search(r"/\d+ clients", text):
                keys("2"); stage = 1
            elif stage == 1 and any(int(c) > n for c in re.findall(r"/(\d+) tokens", text)) and "loading" not in text:
                keys("a"); stage = 2
            elif stage == 2 and "marked" in text:
                keys("x"); stage = 3
            elif stage == 3 and "Revoke" in text and "No" in text:
                before = cpu(pid); keys("y"); stage = 4
        while stage == 4 and time.monotonic() - start < 120:
            time.sleep(0.02)
            if re.search(r"Revoked \d+\.", screen()):
                tui_cpu.append(cpu(pid) - before); stage = 5
        subprocess.run([*tmux, "kill-session", "-t", session])
        if stage != 5:
            sys.exit(f"the TUI run did not finish (stage {stage})")
    finally:
        sim.kill()
    ratios.append(tui_cpu[-1] / max(cli_cpu[-1], 0.01))

def mmm(xs, unit=""):
    return f"{min(xs):.3g} / {statistics.median(xs):.3g} / {max(xs):.3g}{unit}"
print(f"bulk revoke of about 1,060 tokens at 20 ms, {runs} runs (min / median / max)")
print("command line CPU: " + mmm(cli_cpu, " s"))
print("TUI CPU:          " + mmm(tui_cpu, " s"))
print("TUI / CLI:        " + mmm(ratios, "x") + "  (target <= 2x)")
