"""Fault test: the load of bench/load.py while the checkout's private PostgreSQL cluster restarts.

Run: ``.venv/bin/python bench/fault.py [--clients 64] [--seconds 60] [--stop-at 15] [--down 10]``. The cluster is
stopped ``--stop-at`` seconds into the run and started again ``--down`` seconds later. Prints the failed requests and
their status codes (503 is the designed answer during the outage; 500 or a dropped connection is a bug) and the time
from the cluster being up again to the first and to the last failed request (time to recover).
"""

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import PATHS, free_port, gunicorn, report, run_load

PG_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg.sh"


def pg(command: str) -> float:
    """Run ``scripts/pg.sh command``; return when it finished (monotonic seconds)."""
    subprocess.run([str(PG_SCRIPT), command], check=True, capture_output=True, timeout=120)
    return time.monotonic()


def print_timeline(tally, marks: dict, step: float = 5.0) -> None:
    """Outcomes per ``step`` seconds of sending time, relative to the moment the cluster was up again."""
    buckets: dict[int, Counter] = {}
    for sent, _, outcome in tally.samples:
        buckets.setdefault(int((sent - marks["up"]) // step), Counter())[outcome] += 1
    for bucket in sorted(buckets):
        print(
            f"  sent {bucket * step:+6.0f} s … {(bucket + 1) * step:+4.0f} s after the cluster was up: "
            f"{dict(sorted(buckets[bucket].items()))}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--stop-at", type=float, default=15)
    parser.add_argument("--down", type=float, default=10)
    args = parser.parse_args()
    marks = {}

    def restart(started: float) -> None:
        time.sleep(args.stop_at)
        marks["stop"] = time.monotonic()
        marks["stopped"] = pg("stop")
        time.sleep(args.down)
        marks["start"] = time.monotonic()
        marks["up"] = pg("start")

    port = free_port()
    try:
        with gunicorn(port):
            print(
                f"fault: {args.clients} clients for {args.seconds:.0f} s on {len(PATHS)} URLs; cluster stopped at "
                f"{args.stop_at:.0f} s for {args.down:.0f} s"
            )
            tally = run_load(port, clients=args.clients, seconds=args.seconds, during=restart)
            report(tally, args.seconds)
    finally:
        if "up" not in marks:
            pg("start")
    failed = [(sent, outcome) for sent, _, outcome in tally.samples if outcome != "200"]
    print(f"failed requests: {len(failed)}, by outcome: {dict(Counter(outcome for _, outcome in failed))}")
    print(
        f"cluster: stop took {marks['stopped'] - marks['stop']:.1f} s, down {marks['start'] - marks['stopped']:.1f} s, "
        f"start took {marks['up'] - marks['start']:.1f} s"
    )
    unavailable = [sent for sent, outcome in failed if outcome == "503"]
    if unavailable:
        print(
            f"503 answers: {len(unavailable)}; by sending time the first {min(unavailable) - marks['stop']:+.1f} s "
            f"from the stop (a request queued before it can be answered during it), the last "
            f"{max(unavailable) - marks['up']:+.1f} s from the cluster being up again"
        )
    first_ok = min(
        (sent for sent, _, outcome in tally.samples if outcome == "200" and sent >= marks["up"]), default=None
    )
    if first_ok is not None:
        print(f"time to recover: first 200 sent {first_ok - marks['up']:.1f} s after the cluster was up")
    print_timeline(tally, marks)
    bad = [outcome for _, outcome in failed if outcome not in ("503",)]
    print(f"failures other than 503: {len(bad)} {dict(Counter(bad))}")


if __name__ == "__main__":
    sys.exit(main())
