"""Time the whole test suite, as the README's test command runs it.

    .venv/bin/python benchmarks/suite_time.py

Runs `python -m pytest -q` once in a fresh temporary folder (browser tests
included) and prints the wall-clock time. Target: <= 180 s on 2 cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from common import ROOT

TARGET_S = 180


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp}/t"],
            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"test suite: {elapsed:6.1f} s on {os.cpu_count()} cores  ({summary})")
    print(f"  target <= {TARGET_S} s: {'met' if elapsed <= TARGET_S else 'NOT MET'}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")
    return 0 if result.returncode == 0 and elapsed <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
