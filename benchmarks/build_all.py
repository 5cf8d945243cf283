"""build-all with many organisations: seconds per profile, site and file-share zip.

    .venv/bin/python benchmarks/build_all.py [--profiles 100] [--jobs 2] [--no-bundle]

Copies the project to a temporary folder and gives the run its own empty
policy-document cache (SITE_CACHE_DIR), as on a fresh CI runner; writes
PROFILES generated fictional profiles into its profiles/ (demonstration: false, like real ones; names
"Benchmark Organisation NNN", phone numbers 020 7946 0xxx, example.org
addresses), and runs `scripts/build_all.py --no-examples` there: what
`make build-all EXAMPLES=no` runs. Prints the wall time per profile (target:
at most 2.5 s on 2 cores), the CPU time of every build process, and the
machine's load average before and after, since other work on the machine
slows the figure. Checks that each organisation's start page names it and
not the organisation built before it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.5
NATIONS = [["england"], ["wales"], ["scotland"], ["northern-ireland"],
           ["england", "wales", "scotland"]]


def copy_project(where: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, where / name)
    (where / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return where


def profile(number: int, template: dict) -> dict:
    data = yaml.safe_load(yaml.safe_dump(template))
    data["demonstration"] = False
    data.pop("site", None)
    data["organisation"]["name"] = f"Benchmark Organisation {number:03}"
    data["organisation"]["short_name"] = f"Benchmark {number:03}"
    # The nations key is whichever the profile model uses (jurisdictions or nations).
    key = "nations" if "nations" in data["organisation"] else "jurisdictions"
    data["organisation"][key] = NATIONS[number % len(NATIONS)]
    for index, contact in enumerate(data["contacts"].values()):
        contact["name"] = f"Contact {index + 1} of organisation {number:03}"
        contact["phone"] = f"020 7946 0{(100 + number * 7 + index) % 1000:03}"
        contact["email"] = f"contact{index + 1}@org{number:03}.example.org"
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-bundle", action="store_true")
    args = parser.parse_args(argv)

    template = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="bench-build-all-") as tmp:
        project = copy_project(Path(tmp) / "project")
        for path in (project / "profiles").glob("*.yml"):
            path.unlink()
        for number in range(1, args.profiles + 1):
            (project / "profiles" / f"org-{number:03}.yml").write_text(
                yaml.safe_dump(profile(number, template), sort_keys=False), encoding="utf-8")
        command = [sys.executable, str(project / "scripts" / "build_all.py"), "--no-examples",
                   "--jobs", str(args.jobs), "--out", str(project / "build")]
        if args.no_bundle:
            command.append("--no-bundle")
        load_before = os.getloadavg()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        result = subprocess.run(command, cwd=project, capture_output=True, text=True,
                                check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                 "SITE_CACHE_DIR": str(project / ".bench-cache")})
        wall = time.monotonic() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_after = os.getloadavg()
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-4000:], file=sys.stderr)
            return 1
        for number in range(1, args.profiles + 1):
            index = (project / "build" / f"org-{number:03}" / "site" / "index.html").read_text(
                encoding="utf-8")
            assert f"Benchmark {number:03}:" in index, number
            if number > 1:
                assert f"Benchmark {number - 1:03}:" not in index, number
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    per_profile = wall / args.profiles
    what = "site" if args.no_bundle else "site + file-share zip"
    print(f"build-all, {args.profiles} generated profiles ({what} each), {args.jobs} workers, "
          f"{os.cpu_count()} cores")
    print(f"  wall time      {wall:7.1f} s   = {per_profile:.2f} s per profile "
          f"(target <= {TARGET_SECONDS} s: {'met' if per_profile <= TARGET_SECONDS else 'NOT met'})")
    print(f"  CPU time       {cpu:7.1f} s   = {cpu / args.profiles:.2f} s per profile "
          f"(all build processes)")
    print(f"  load average   {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(1 minute; {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
