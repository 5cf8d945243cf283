"""Time a full build beside a bare Material build of the same Markdown.

    .venv/bin/python benchmarks/build_time.py [--runs 5]

"Bare" means the same docs/ and theme with the macros plugin (and every
project hook) removed and strict mode off: the cost of Material alone. The
ratio is what this project's own code adds. Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def bare_config(where: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    config.pop("hooks", None)
    config["strict"] = False
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config.pop("validation", None)
    path = where / "mkdocs.bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def time_build(config: Path, site_dir: Path, runs: int) -> list[float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
             "--site-dir", str(site_dir)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        full = time_build(ROOT / "mkdocs.yml", tmp_path / "full", args.runs)
        bare = time_build(bare_config(tmp_path), tmp_path / "bare", args.runs)
    full_median, bare_median = statistics.median(full), statistics.median(bare)
    ratio = full_median / bare_median
    print(f"full build (median of {args.runs}):  {full_median:6.2f} s")
    print(f"bare Material build (median):      {bare_median:6.2f} s")
    print(f"ratio full / bare:                 {ratio:6.2f}  (target <= 1.30)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
