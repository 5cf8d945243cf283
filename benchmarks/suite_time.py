"""Time the whole test suite, as the README's test command runs it, and count its builds.

    .venv/bin/python benchmarks/suite_time.py [more pytest options, e.g. --durations=30]

Runs `python -m pytest -q` once in a fresh temporary folder (browser tests
included) and prints the wall-clock time, the CPU time of the run and all
its child processes, the machine's load, and how many site builds the run
made (each build adds a line to SITE_BUILD_LOG, macros/settings.py), beside
one `make build` timed on the same machine (the median of three).

Chromium's processes are not waited for by Playwright's driver, so the CPU
of the run leaves them out; the CPU the whole machine spent during the run
(/proc/stat) is printed beside it: on an otherwise idle machine that is the
suite's own, Chromium included.
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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_cpu() -> float:
    """Seconds of CPU the whole machine has spent busy since boot (all cores)."""
    fields = Path("/proc/stat").read_text(encoding="utf-8").splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def one_build(tmp: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `make build` (scripts/build_site.py)."""
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--site-dir",
                    str(tmp / "one-site")], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start, children_cpu() - cpu


def median_build(tmp: Path, runs: int = 3) -> tuple[float, float]:
    """The median wall and CPU seconds of `runs` builds (one build varies by
    a second or more on a shared machine)."""
    times = sorted(one_build(tmp) for _ in range(runs))
    return times[runs // 2]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build_s, build_cpu = median_build(Path(tmp))
        log = Path(tmp) / "builds.log"
        load = os.getloadavg()[0]
        before, machine_before = children_cpu(), machine_cpu()
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp}/t",
             *sys.argv[1:]],
            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_BUILD_LOG": str(log)},
            capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        cpu, machine = children_cpu() - before, machine_cpu() - machine_before
        builds = len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    if "slowest" in result.stdout:  # --durations: pytest's table of the slowest tests
        table = result.stdout[result.stdout.index("slowest"):].split("short test summary")[0]
        print(table.rstrip("= \n"))
    print(f"test suite: {elapsed:6.1f} s wall, {cpu:6.1f} s CPU without Chromium, "
          f"{machine:6.1f} s CPU machine-wide, on {os.cpu_count()} cores "
          f"(load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)  ({summary})")
    print(f"  target <= {TARGET_S} s: {'met' if elapsed <= TARGET_S else 'NOT MET'}")
    print(f"site builds in the run: {builds}; one build (scripts/build_site.py, median of 3) took {build_s:.1f} s"
          f" ({build_cpu:.1f} s CPU); suite / build = {elapsed / build_s:.0f} (wall), "
          f"{cpu / build_cpu:.0f} (CPU without Chromium)")
    print(f"  target <= {TARGET_BUILDS} builds' time: "
          f"{'met' if elapsed / build_s <= TARGET_BUILDS else 'NOT MET'}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")
    return 0 if result.returncode == 0 and elapsed <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
