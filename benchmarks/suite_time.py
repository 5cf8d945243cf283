"""Time the whole test suite, as the README's test command runs it, and count its builds.

    .venv/bin/python benchmarks/suite_time.py

Runs `python -m pytest -q` once in a fresh temporary folder (browser tests
included) and prints the wall-clock time, the CPU time of the run and all
its child processes, the machine's load, and how many site builds the run
made (each build adds a line to SITE_BUILD_LOG, macros/settings.py), beside
one `make build` timed on the same machine.
Targets: <= 120 s on 2 cores; no more than 40 times one build.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

TARGET_S = 120
TARGET_BUILDS = 40


def one_build(tmp: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--site-dir",
                    str(tmp / "one-site")], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build_s = one_build(Path(tmp))
        log = Path(tmp) / "builds.log"
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp}/t"],
            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_BUILD_LOG": str(log)},
            capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        builds = len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"test suite: {elapsed:6.1f} s wall, {cpu:6.1f} s CPU on {os.cpu_count()} cores "
          f"(load average {load:.1f} at the start)  ({summary})")
    print(f"  target <= {TARGET_S} s: {'met' if elapsed <= TARGET_S else 'NOT MET'}")
    print(f"site builds in the run: {builds}; one build (scripts/build_site.py) took {build_s:.1f} s;"
          f" suite / build = {elapsed / build_s:.0f}")
    print(f"  target <= {TARGET_BUILDS} builds' time: "
          f"{'met' if elapsed / build_s <= TARGET_BUILDS else 'NOT MET'}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")
    return 0 if result.returncode == 0 and elapsed <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
