"""Build every organisation profile into its own folder, in parallel.

    python scripts/build_all.py [--out build] [--jobs N] [--shard K/N]
                                [--no-bundle] [--no-examples] [PROFILE ...]

Without PROFILE arguments the profiles are every profiles/*.yml (the
organisations' real profiles), plus the demonstrations: organisation.yml and
every profiles/examples/*.yml (left out with --no-examples). For a profile
file NAME.yml:

    build/NAME/site/                    the site (scripts/build_site.py)
    build/NAME/NAME-fileshare.zip       the file-share bundle (scripts/build_bundle.py)

--shard K/N builds the K-th of N equal shares of the profiles (by file
name), so N machines build them all between them (.github/workflows/build-all.yml).

The builds run in --jobs long-lived worker processes (scripts/build_worker.py,
default one per core), each building one profile after another without
paying Python and MkDocs start-up again: a profile's site, then its bundle,
which reuses the site build's Markdown conversions. ORG_PROFILE is set for
each build, so no build can see another's contacts. Every build is atomic: a failed one
leaves that profile's previous output as it was, and the others still run.
Exits 1 if any build failed, naming each profile and its error.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
PROFILES = ROOT / "profiles"
EXAMPLES = PROFILES / "examples"


@dataclass
class Job:
    name: str
    kind: str  # "site" or "bundle"
    profile: Path
    output: Path


@dataclass
class Outcome:
    job: Job
    returncode: int
    log: str
    seconds: float
    reused_pages: int = 0  # a bundle: pages whose conversion its site build had made


def default_profiles(examples: bool = True) -> list[Path]:
    """Real profiles (profiles/*.yml), then the demonstrations if `examples`."""
    real = sorted(PROFILES.glob("*.yml"))
    if not examples:
        return real
    return [*real, ROOT / "organisation.yml", *sorted(EXAMPLES.glob("*.yml"))]


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4); a one-line error for anything else."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise SystemExit(f"--shard {text}: expected K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise SystemExit(f"--shard {text}: K must be from 1 to N, e.g. 2/4")
    return k, n


def shard(profiles: list[Path], k: int, n: int) -> list[Path]:
    """The K-th of N shares: profiles sorted by file name, every N-th from K."""
    ordered = sorted(profiles, key=lambda path: (path.stem, str(path)))
    return ordered[k - 1::n]


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
        jobs.append(Job(name, "site", profile, out / name / "site"))
        if bundle:
            jobs.append(Job(name, "bundle", profile, out / name / f"{name}-fileshare.zip"))
    return jobs


class Worker:
    """One scripts/build_worker.py process: send a job, read its result."""

    def __init__(self) -> None:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPTS / "build_worker.py")], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def run(self, job: Job) -> Outcome:
        request = {"kind": job.kind, "profile": str(job.profile), "output": str(job.output)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            return Outcome(job, 1, "ERROR    -  the build worker stopped unexpectedly", 0.0)
        result = json.loads(line)
        return Outcome(job, result["returncode"], result["log"], result["seconds"],
                       result.get("reused_pages", 0))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def by_profile(planned: list[Job]) -> list[list[Job]]:
    """The jobs grouped by profile, in order: a worker builds a profile's site
    and then its bundle, which reuses the site's Markdown conversions."""
    groups: dict[Path, list[Job]] = {}
    for job in planned:
        groups.setdefault(job.profile, []).append(job)
    return list(groups.values())


def run_all(planned: list[Job], jobs: int, report) -> list[Outcome]:
    """Every job on `jobs` workers, each profile's jobs on one worker, one after
    another; `report(outcome)` as each one finishes."""
    groups = by_profile(planned)
    todo: queue.Queue[list[Job]] = queue.Queue()
    for group in groups:
        todo.put(group)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def work() -> None:
        worker = Worker()
        try:
            while True:
                try:
                    group = todo.get_nowait()
                except queue.Empty:
                    return
                for job in group:
                    outcome = worker.run(job)
                    with lock:
                        outcomes.append(outcome)
                        report(outcome)
        finally:
            worker.close()

    threads = [threading.Thread(target=work) for _ in range(max(1, min(jobs, len(groups))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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


def _report(outcome: Outcome) -> None:
    job = outcome.job
    where = shown(job.output)
    if outcome.returncode == 0:
        reused = (f", {outcome.reused_pages} pages reused from its site build"
                  if job.kind == "bundle" else "")
        print(f"ok    {job.name} {job.kind}: {where} ({outcome.seconds:.1f} s{reused})", flush=True)
        return
    kept = (f"previous {where} left as it was" if job.output.exists()
            else f"nothing written to {where}")
    print(f"FAIL  {job.name} {job.kind} ({shown(job.profile)}): {kept}", file=sys.stderr)
    for line in problem_lines(outcome.log):
        print(f"      {line}", file=sys.stderr)
    sys.stderr.flush()


def build_all(profiles: list[Path], out: Path, jobs: int, bundle: bool = True) -> int:
    out = out.resolve()
    planned = plan(profiles, out, bundle)
    if not planned:
        print("No profiles to build.")
        return 0
    failed = [outcome for outcome in run_all(planned, jobs, _report) if outcome.returncode != 0]
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
                        help="profiles to build (default: profiles/*.yml, organisation.yml "
                             "and profiles/examples/*.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per core)")
    parser.add_argument("--shard", metavar="K/N",
                        help="build only the K-th of N shares of the profiles")
    parser.add_argument("--no-bundle", action="store_true",
                        help="build the sites only, not the file-share zips")
    parser.add_argument("--no-examples", action="store_true",
                        help="leave out organisation.yml and profiles/examples/*.yml")
    args = parser.parse_args(argv)
    profiles = args.profiles or default_profiles(examples=not args.no_examples)
    if args.shard:
        k, n = parse_shard(args.shard)
        chosen = shard(profiles, k, n)
        print(f"Shard {k}/{n}: {len(chosen)} of {len(profiles)} profile(s).")
        profiles = chosen
    return build_all(profiles, args.out, args.jobs, bundle=not args.no_bundle)


if __name__ == "__main__":
    sys.exit(main())
