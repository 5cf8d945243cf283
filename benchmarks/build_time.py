"""Time a full build beside a bare Material build of the same Markdown.

    .venv/bin/python benchmarks/build_time.py [--runs 5]

"Bare" means the same docs/ and theme with the macros plugin (and every
project hook) removed and strict mode off: the cost of Material alone. The
ratio is what this project's own code adds. Target: ratio <= 1.3.

It also times the full build with an empty policy-document cache ("cold")
and without the project's hooks, and prints what the .docx/.odt documents
(hooks/policy_downloads.py) add. Runs are interleaved so that a busy
machine slows every kind of build alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    config.pop("watch", None)  # paths relative to the project, for `serve` only
    path = where / "mkdocs.bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


# ── Policy downloads: what the hooks (pandoc documents) cost ──────────────
POLICY_CACHE = ROOT / ".cache" / "policy-downloads"


def no_hooks_config() -> Path:
    """The full configuration without `hooks:`; it must sit in the project
    folder so the macros plugin finds macros/ and the profile."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    path = ROOT / ".bench-no-hooks.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def clear_policy_cache() -> None:
    shutil.rmtree(POLICY_CACHE, ignore_errors=True)


def time_build(config: Path, site_dir: Path, runs: int, before=None) -> list[float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        if before is not None:
            before()
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
        no_hooks = no_hooks_config()
        bare_file = bare_config(tmp_path)
        full, cold, plain, bare = [], [], [], []
        try:
            # Interleaved, one run of each per round, so a busy machine
            # slows every kind of build alike.
            for _ in range(args.runs):
                cold += time_build(ROOT / "mkdocs.yml", tmp_path / "cold", 1, clear_policy_cache)
                full += time_build(ROOT / "mkdocs.yml", tmp_path / "full", 1)
                plain += time_build(no_hooks, tmp_path / "plain", 1)
                bare += time_build(bare_file, tmp_path / "bare", 1)
        finally:
            no_hooks.unlink()
    full_median, bare_median = statistics.median(full), statistics.median(bare)
    cold_median, plain_median = statistics.median(cold), statistics.median(plain)
    ratio = full_median / bare_median
    print(f"full build (median of {args.runs}):  {full_median:6.2f} s")
    print(f"bare Material build (median):      {bare_median:6.2f} s")
    print(f"ratio full / bare:                 {ratio:6.2f}  (target <= 1.30)")
    # Policy documents (hooks/policy_downloads.py): cold = no cached documents.
    print(f"full build, cold document cache:   {cold_median:6.2f} s"
          f"  (ratio {cold_median / bare_median:4.2f})")
    print(f"full build without hooks:          {plain_median:6.2f} s"
          f"  (ratio {plain_median / bare_median:4.2f})")
    print(f"policy documents add:              {cold_median - plain_median:+6.2f} s cold,"
          f" {full_median - plain_median:+6.2f} s cached"
          f"  ({(cold_median - plain_median) / bare_median:+.0%} / "
          f"{(full_median - plain_median) / bare_median:+.0%} of a bare build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
