"""What the benchmark scripts share: building chatkeys and starting its
simulator."""
import os, re, subprocess, tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def build():
    """Builds chatkeys into a temporary directory and returns its path."""
    binary = os.path.join(tempfile.mkdtemp(), "chatkeys")
    subprocess.run(["go", "build", "-o", binary, "."], cwd=ROOT, check=True)
    return binary


def start_sim(binary, *args):
    """Starts `chatkeys sim` on a free port with args, and returns it and
    the CHATKEYS_ settings it printed, with a fresh XDG_CONFIG_HOME.
    With --log among args, the request log is sim.stderr, for the caller
    to read."""
    sim = subprocess.Popen([binary, "sim", "--addr", "127.0.0.1:0", *args], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE if "--log" in args else None, text=True)
    env = {"XDG_CONFIG_HOME": tempfile.mkdtemp()}
    for line in sim.stdout:
        m = re.match(r"export (CHATKEYS_[A-Z_]+)=(.*)", line.strip())
        if m:
            env[m.group(1)] = m.group(2)
        if line.startswith("export CHATKEYS_TOKEN="):
            break
    return sim, env


def tmux_server(run):
    """The tmux command line for a server of the run's own: a session
    killed at the end of one run takes its server down a moment later,
    and the next run's new-session could reach the dying one."""
    return ["tmux", "-L", f"chatkeys-bench-{os.getpid()}-{run}"]
