"""Build every organisation profile into its own folder, in parallel.

    python scripts/build_all.py [--out build] [--jobs N] [--no-bundle] [PROFILE ...]

Without PROFILE arguments the profiles are organisation.yml (the
demonstration) and every profiles/*.yml. For a profile file NAME.yml:

    build/NAME/site/                    the site (scripts/build_site.py)
    build/NAME/NAME-fileshare.zip       the file-share bundle (scripts/build_bundle.py)

Each build is its own process with ORG_PROFILE set to its profile, so no
build can see another's contacts. Every build is atomic: a failed one leaves
that profile's previous output as it was, and the others still run. Exits 1
if any build failed, naming each profile and its error.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"


@dataclass
class Job:
    name: str
    kind: str  # "site" or "bundle"
    profile: Path
    output: Path
    command: list[str]


@dataclass
class Outcome:
    job: Job
    returncode: int
    log: str
    seconds: float


def default_profiles() -> list[Path]:
    return [ROOT / "organisation.yml", *sorted((ROOT / "profiles").glob("*.yml"))]


def plan(profiles: list[Path], out: Path, bundle: bool) -> list[Job]:
    names: dict[str, Path] = {}
    jobs = []
    for profile in profiles:
        profile = profile.resolve()
        name = profile.stem
        if name in names:
            raise SystemExit(f"Two profiles would build into {out / name}: "
                             f"{names[name]} and {profile}; rename one.")
        names[name] = profile
        site = out / name / "site"
        jobs.append(Job(name, "site", profile, site, [
            sys.executable, str(SCRIPTS / "build_site.py"),
            "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]))
        if bundle:
            zip_path = out / name / f"{name}-fileshare.zip"
            jobs.append(Job(name, "bundle", profile, zip_path, [
                sys.executable, str(SCRIPTS / "build_bundle.py"),
                "--profile", str(profile), "--out", str(zip_path)]))
    return jobs


def run(job: Job) -> Outcome:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ORG_PROFILE": str(job.profile)}
    started = time.monotonic()
    result = subprocess.run(job.command, cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    return Outcome(job, result.returncode, result.stdout + result.stderr,
                   time.monotonic() - started)


def shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def problem_lines(log: str) -> list[str]:
    """What an editor needs from a failed build's log: not the INFO chatter."""
    lines = [line for line in log.splitlines()
             if line.strip() and not line.startswith(("INFO", "DEBUG"))]
    return lines or log.splitlines()[-5:]


def build_all(profiles: list[Path], out: Path, jobs: int, bundle: bool = True) -> int:
    out = out.resolve()
    planned = plan(profiles, out, bundle)
    failed: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for outcome in pool.map(run, planned):
            job = outcome.job
            where = shown(job.output)
            if outcome.returncode == 0:
                print(f"ok    {job.name} {job.kind}: {where} ({outcome.seconds:.1f} s)")
            else:
                failed.append(outcome)
                kept = (f"previous {where} left as it was" if job.output.exists()
                        else f"nothing written to {where}")
                print(f"FAIL  {job.name} {job.kind} ({shown(job.profile)}): {kept}",
                      file=sys.stderr)
                for line in problem_lines(outcome.log):
                    print(f"      {line}", file=sys.stderr)
    if failed:
        names = sorted({f"{outcome.job.name} {outcome.job.kind}" for outcome in failed})
        print(f"{len(failed)} of {len(planned)} build(s) failed: {', '.join(names)}",
              file=sys.stderr)
        return 1
    print(f"All {len(planned)} build(s) succeeded in {out}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", type=Path,
                        help="profiles to build (default: organisation.yml and profiles/*.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="builds run at once (default: one per core)")
    parser.add_argument("--no-bundle", action="store_true",
                        help="build the sites only, not the file-share zips")
    args = parser.parse_args(argv)
    return build_all(args.profiles or default_profiles(), args.out, args.jobs,
                     bundle=not args.no_bundle)


if __name__ == "__main__":
    sys.exit(main())
