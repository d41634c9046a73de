"""How long Oske takes to start, beside a bare PySide6 window (a benchmark, not a test;
issue 22).

    uv run bench/startup.py [--runs N] [--db PATH | --db-url URL]

1. Fills a temporary database file with the demo data (``main.py demo``), unless --db or
   --db-url names a populated database to start on.
2. Runs ``main.py --smoke`` on it and ``bench/bare_window.py`` (five tabs of tables, the
   first with 200 rows) in turn, once each to warm up and then N times each (default 7),
   alternating, each a whole new process started with this Python.
3. Times each from just before the process is started to the moment its lines arrive:
   the first says the window has been painted, the second that the first tab's table
   is filled; and to the process's end. ``--smoke``'s own figures (from the process's
   start as the operating system tells it) are shown beside them.
4. Prints the medians and ``ratio painted/bare-window X``, ``ratio
   populated/bare-window X`` (Oske's moment over the bare window's painted moment).

The processes write Python's bytecode caches (``__pycache__``), as a person's first start
does; the warm-up run is not counted. Without a display, Qt's offscreen platform is used.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "main.py"
BARE = Path(__file__).resolve().parent / "bare_window.py"
TIMEOUT = 120  # seconds for one start
SECONDS = re.compile(r"(\d+[.,]\d+)")


@dataclass(frozen=True)
class Start:
    painted: float  # seconds from just before the process was started
    populated: float
    ended: float
    reported: tuple[float, ...]  # the seconds the process printed itself, if any


def say(text: str) -> None:
    print(text, flush=True)


def child_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a person's Python keeps its bytecode caches
    env["XDG_CONFIG_HOME"] = str(home / "config")  # Oske's settings: a fresh workstation
    env["XDG_DATA_HOME"] = str(home / "data")
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def start(command: list[str], env: dict[str, str]) -> Start:
    """One whole process: the moments its first two lines arrive, and its end."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    moments: list[float] = []
    reported: list[float] = []
    for line in process.stdout:
        moments.append(time.perf_counter() - began)
        if found := SECONDS.search(line):
            reported.append(float(found.group(1).replace(",", ".")))
        if len(moments) == 2:
            break
    process.stdout.read()
    code = process.wait(timeout=TIMEOUT)
    ended = time.perf_counter() - began
    if code != 0 or len(moments) < 2:
        raise SystemExit(f"{' '.join(command)} failed (exit {code}, {len(moments)} lines)")
    return Start(moments[0], moments[1], ended, tuple(reported))


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help="a populated database file to start on")
    where.add_argument("--db-url", metavar="URL", help="a populated database to start on")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="oske-bench-startup-"))
    try:
        env = child_environment(home)
        if args.db_url:
            database = ["--db-url", args.db_url]
        elif args.db:
            database = ["--db", args.db]
        else:
            path = home / "oske.sqlite"
            database = ["--db", str(path)]
            say("Filling a database with the demo data…")
            subprocess.run(
                [sys.executable, str(MAIN), *database, "demo"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        oske_command = [sys.executable, str(MAIN), *database, "--smoke"]
        bare_command = [sys.executable, str(BARE)]
        start(oske_command, env)  # warm-up: bytecode caches, the file in the page cache
        start(bare_command, env)
        oske: list[Start] = []
        bare: list[Start] = []
        for run in range(args.runs):
            oske.append(start(oske_command, env))
            bare.append(start(bare_command, env))
            say(
                f"run {run + 1}/{args.runs}: Oske painted {oske[-1].painted:.3f} s, "
                f"populated {oske[-1].populated:.3f} s; bare window {bare[-1].painted:.3f} s"
            )
    finally:
        shutil.rmtree(home, ignore_errors=True)

    floor = median([s.painted for s in bare])
    painted = median([s.painted for s in oske])
    populated = median([s.populated for s in oske])
    say("")
    say(f"medians of {args.runs} alternating runs, seconds from starting the process")
    say(
        f"  bare window painted        {floor:.3f}   (process ended {median([s.ended for s in bare]):.3f})"
    )
    say(f"  Oske window painted        {painted:.3f}")
    say(
        f"  Oske first tab populated   {populated:.3f}   (process ended {median([s.ended for s in oske]):.3f})"
    )
    if all(len(s.reported) == 2 for s in oske):
        say(
            "  --smoke's own figures      "
            f"{median([s.reported[0] for s in oske]):.3f} painted, "
            f"{median([s.reported[1] for s in oske]):.3f} populated"
        )
    say(f"ratio painted/bare-window {painted / floor:.2f}")
    say(f"ratio populated/bare-window {populated / floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
