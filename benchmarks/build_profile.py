"""Where a full build spends its time: each plugin's and hook's events.

    .venv/bin/python benchmarks/build_profile.py [--runs 5] [--config mkdocs.yml]

Builds the site in this process several times (each in a fresh
interpreter, so imports count) and prints, for every (event, plugin or
hook), the median time across runs, beside the whole build. What is not
listed (reading Markdown, Material's templates, writing files) is MkDocs
and Material themselves. Use it to decide what to speed up; use
build_time.py for the figure against the target.

It wraps MkDocs' event dispatcher (PluginCollection.run_event), which is an
internal: if a future MkDocs changes it, this script needs a change too
(the build itself does not depend on it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run inside the child interpreter: time each event method, then build.
CHILD = r"""
import json, sys, time, runpy, atexit
start = time.perf_counter()
import mkdocs.plugins as plugins

report_to, config_file, site_dir = sys.argv[1:4]
totals = {}

def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        began = time.perf_counter()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        key = f"{name:<13} {self._current_plugin}"
        totals[key] = totals.get(key, 0.0) + time.perf_counter() - began
        if result is not None:
            item = result
    self._current_plugin = None
    return item

plugins.PluginCollection.run_event = run_event

@atexit.register
def report():
    totals["(whole build)"] = time.perf_counter() - start
    with open(report_to, "w") as out:
        json.dump(totals, out)

sys.argv = ["mkdocs", "build", "--quiet", "--config-file", config_file, "--site-dir", site_dir]
runpy.run_module("mkdocs", run_name="__main__")
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "macros", "hooks"],
                   cwd=ROOT, check=True)
    samples: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            out = Path(tmp) / f"times-{run}.json"
            subprocess.run([sys.executable, "-c", CHILD, str(out), args.config,
                            str(Path(tmp) / "site")], cwd=ROOT, env=env, check=True)
            for key, seconds in json.loads(out.read_text()).items():
                samples[key].append(seconds)
    medians = {key: statistics.median(values) for key, values in samples.items()}
    whole = medians.pop("(whole build)")
    print(f"median of {args.runs} builds of {args.config}: {whole * 1000:.0f} ms in all")
    shown = 0.0
    for key, seconds in sorted(medians.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.002:
            shown += seconds
            print(f"{seconds * 1000:7.0f} ms  {key}")
    print(f"{shown * 1000:7.0f} ms  in the events above; the rest is MkDocs, Material and imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
