"""How many studying students one server core carries: steps the number of Locust users against a
running `make serve` and prints, per step, requests per second, p50 and p95, failures, and the server's
CPU milliseconds per request read from its workers' /proc times (and PostgreSQL's, from the backends
serving this database). Stops at the first step whose p95 is over the limit.

    python tests/load/capacity.py --steps 100,200,300 --run-time 60
    python tests/load/capacity.py --pin      # only pin the server and say where Locust runs (make load)

Where the machine has two cores or more, the server (gunicorn's master and workers) is pinned to the
first and Locust to the second, so the load generator never takes the server's CPU; it says so.
Never part of `make test`: figures depend on the machine, and go to the README.
"""

import argparse
import csv
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LOCUST = Path(sys.executable).parent / "locust"


def processes():
    """(pid, parent pid, command line) of every process we may read."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        found.append((int(entry.name), ppid, cmdline))
    return found


def server():
    """The gunicorn master serving quizsite.wsgi and its workers: (master, [workers])."""
    gunicorns = {pid: ppid for pid, ppid, cmd in processes() if "gunicorn" in cmd and "quizsite.wsgi" in cmd}
    masters = [pid for pid, ppid in gunicorns.items() if ppid not in gunicorns]
    if len(masters) != 1:
        sys.exit(f"expected one gunicorn serving quizsite.wsgi (make serve), found {len(masters)}")
    master = masters[0]
    return master, [pid for pid, ppid in gunicorns.items() if ppid == master]


def database_backends(name):
    """PostgreSQL's backend processes connected to database `name` (their titles name it)."""
    return [pid for pid, _ppid, cmd in processes() if cmd.startswith("postgres: ") and f" {name} " in cmd]


def cpu_seconds(pids):
    """utime + stime of each process, in seconds, by pid (a process gone meanwhile is left out)."""
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def spent(before, after):
    """CPU seconds spent between two readings: a process started meanwhile (a database connection
    renewed after CONN_MAX_AGE) counts whole; one ended meanwhile loses its last moments."""
    return sum(after[pid] - before.get(pid, 0) for pid in after)


def pin():
    """Pins the server to core 0 and returns the prefix that runs Locust on core 1, or none on one core."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        print(f"one core ({cores[0]}): server and Locust share it, figures are pessimistic", flush=True)
        return []
    master, workers = server()
    for pid in [master, *workers]:
        subprocess.run(["taskset", "-a", "-p", "-c", str(cores[0]), str(pid)], check=True, capture_output=True)
    print(
        f"server (gunicorn {master}, {len(workers)} workers) pinned to core {cores[0]}, Locust to core {cores[1]}",
        flush=True,
    )
    return ["taskset", "-c", str(cores[1])]


def load():
    return os.getloadavg()[0]


def run_step(users, args, prefix):
    """One Locust run of `users` users; returns the step's figures, measured once all have logged in."""
    out = Path(f"/tmp/capacity_{users}")
    logins_file = Path(f"/tmp/capacity_{users}_logins.txt")
    env = {**os.environ, "LOAD_LOGINS_FILE": str(logins_file)}
    command = [
        *prefix,
        str(LOCUST),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        args.host,
        "--users",
        str(users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--csv",
        str(out),
    ]
    _master, workers = server()
    locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    before = None
    # Measure from the statistics' reset (every user logged in) for --run-time seconds; Locust runs
    # until it is stopped, however long the logins take.
    for line in locust.stdout:
        if "statistics reset" in line:
            before = cpu_seconds(workers), cpu_seconds(database_backends(args.database)), time.monotonic()
            break
    if before is None:
        locust.wait()
        sys.exit(f"Locust ended before every user logged in ({users} users)")
    # Keep reading what Locust prints, so a full pipe never stalls it.
    threading.Thread(target=locust.stdout.read, daemon=True).start()
    started_load = load()
    time.sleep(args.run_time)
    _master, workers = server()
    after = cpu_seconds(workers), cpu_seconds(database_backends(args.database)), time.monotonic()
    ended_load = load()
    locust.terminate()
    locust.wait()
    with open(f"{out}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    logins = logins_file.read_text().strip() if logins_file.exists() else ""
    return {
        "users": users,
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "failures": int(total["Failure Count"]),
        "requests": requests,
        "server_ms": 1000 * spent(before[0], after[0]) / max(requests, 1),
        "db_ms": 1000 * spent(before[1], after[1]) / max(requests, 1),
        "load": f"{started_load:.2f}→{ended_load:.2f}",
        "logins": logins,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("LOAD_HOST", "http://127.0.0.1:8000"))
    parser.add_argument("--steps", default="100,200,300,400,500,600,800,1000")
    parser.add_argument("--run-time", type=int, default=60, help="seconds measured per step")
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--limit", type=float, default=150, help="p95 in ms over which stepping stops")
    parser.add_argument("--database", default=os.environ.get("CAPACITY_DATABASE", "quizsite"))
    parser.add_argument("--pin", action="store_true", help="only pin the server; print Locust's prefix")
    args = parser.parse_args()
    prefix = pin()
    if args.pin:
        # For the Makefile: the command prefix that runs Locust on its own core.
        Path("/tmp/load_locust_prefix").write_text(" ".join(prefix))
        return
    header = f"{'students':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'fails':>6} {'server CPU ms/req':>18} "
    print(header + f"{'db CPU ms/req':>14}  load (1 min)   logins", flush=True)
    for users in [int(step) for step in args.steps.split(",")]:
        step = run_step(users, args, prefix)
        print(
            f"{step['users']:>8} {step['rps']:>7.1f} {step['p50']:>7.0f} {step['p95']:>7.0f} {step['failures']:>6} "
            f"{step['server_ms']:>18.1f} {step['db_ms']:>14.1f}  {step['load']:<13} {step['logins']}",
            flush=True,
        )
        if step["p95"] > args.limit or step["failures"]:
            print(f"stopped: p95 over {args.limit:.0f} ms or failures at {users} students", flush=True)
            break


if __name__ == "__main__":
    main()
