"""Time a full build beside a bare Material build of the same Markdown.

    .venv/bin/python benchmarks/build_time.py [--runs 5]

"Bare" is Material alone: the search plugin, the theme and its overrides,
no macros plugin, no hooks, strict mode off, over the same Markdown the full
build gives Material: every page, the generated triage pages included, as
it stands once the macros and hooks have filled it in (captured once from a
full build, before timing). The ratio full / bare is what this project's
own code adds. Target: ratio <= 1.3.

Other builds, to show where the time goes:
- bare over the source files as editors write them: docs/ only (what
  earlier figures compared against), and docs/ plus the generated triage
  pages (macro calls left as plain text);
- bare plus the macros plugin with an empty module: what the required
  stack (mkdocs-macros-plugin) costs before any project code runs;
- the full build without the policy-document hook, and the full build with
  empty caches ("cold": no policy document and no compiled page kept from
  an earlier build): what the .docx/.odt documents made by pandoc
  (macros/build/policy_downloads.py) and compiling every page
  (macros/sandbox.py) add when nothing is cached.

Runs are interleaved, one of each kind per round, so that a busy machine
slows every kind of build alike. Figures are medians, with the fastest
run beside them (a shared machine is noisy: compare the two), and the
median CPU time of each build process (user + system, children included),
which a busy machine disturbs far less than the wall clock.
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from macros.site import load_site

ROOT = Path(__file__).resolve().parents[1]
POLICY_HOOK = "hooks/policy_downloads.py"
# The benchmark's own document cache (SITE_CACHE_DIR), so "cold" clears
# nothing of the user's.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="build-time-cache-"))
os.environ["SITE_CACHE_DIR"] = str(CACHE_DIR)
atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)
TARGET = 1.3


def project_config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


CAPTURE_HOOK = """
from pathlib import Path
import yaml

OUT = Path({out!r})


def on_page_markdown(markdown, page, **kwargs):
    # Runs last (hooks run after plugins, this one after the project's):
    # the Markdown exactly as Material is about to render it.
    path = OUT / page.file.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.safe_dump(dict(page.meta), sort_keys=False, allow_unicode=True)
    path.write_text("---\\n" + meta + "---\\n\\n" + markdown, encoding="utf-8")
    return markdown
"""


def rendered_markdown(where: Path) -> Path:
    """A folder holding every page's Markdown as the full build renders it."""
    out = where / "rendered-docs"
    hook = where / "capture_markdown.py"
    hook.write_text(CAPTURE_HOOK.format(out=str(out)), encoding="utf-8")
    config = project_config()
    config["hooks"] = [*config["hooks"], str(hook)]
    path = write_config(config, ROOT / ".bench-capture.yml")
    try:
        time_build(path, where / "site-capture")
    finally:
        path.unlink()
    return out


def sources_with_generated(where: Path) -> Path:
    """docs/ as editors write it, plus the generated triage pages' sources."""
    docs = where / "source-docs"
    shutil.copytree(ROOT / "docs", docs)
    for uri, markdown in load_site(ROOT).triage_pages.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(markdown, encoding="utf-8")
    return docs


def bare_config(where: Path, docs: Path, name: str, *, macros_plugin: bool = False) -> Path:
    """Material alone over `docs`."""
    config = project_config()
    config["plugins"] = ["search"]
    if macros_plugin:
        # The required plugin with a module that defines nothing, and no
        # page rendering: its own fixed cost.
        (where / "empty_macros.py").write_text("def define_env(env):\n    pass\n",
                                               encoding="utf-8")
        config["plugins"].append({"macros": {"module_name": "empty_macros",
                                             "render_by_default": False}})
    config.pop("hooks", None)
    config["strict"] = False
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config.pop("validation", None)
    config.pop("watch", None)  # paths relative to the project, for `serve` only
    return write_config(config, where / f"mkdocs.{name}.yml")


NO_DOCUMENTS_HOOK = """
from macros.build import sentinel


def on_pre_build(config, **kwargs):
    # Stands in for the policy-document step, so the build's check that
    # every step ran still passes; it makes no documents.
    sentinel.ran("policy_downloads")
"""


def no_policy_documents_config(where: Path) -> Path:
    """The full configuration with a stand-in for the policy-document hook; it
    must sit in the project folder so the macros plugin finds the profile."""
    stand_in = where / "no_policy_documents.py"
    stand_in.write_text(NO_DOCUMENTS_HOOK, encoding="utf-8")
    config = project_config()
    config["hooks"] = [str(stand_in) if hook == POLICY_HOOK else hook for hook in config["hooks"]]
    return write_config(config, ROOT / ".bench-no-policy-documents.yml")


def clear_caches() -> None:
    """No policy document kept from an earlier build (compiled pages live only
    in the build process, so every timed build compiles them)."""
    shutil.rmtree(CACHE_DIR / "policy-downloads", ignore_errors=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[Path, list[float]] = {}


def time_build(config: Path, site_dir: Path, before=None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if before is not None:
        before()
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=config.parent, env=env, check=True, capture_output=True,
    )
    elapsed = time.perf_counter() - start
    CPU.setdefault(site_dir, []).append(_children_cpu() - cpu)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # As on any machine after the first build (and as `make` does): the
        # project's modules already compiled, not compiled again every run.
        subprocess.run([sys.executable, "-m", "compileall", "-q", "macros", "hooks"],
                       cwd=ROOT, check=True)
        no_policy = no_policy_documents_config(tmp_path)
        try:
            rendered = rendered_markdown(tmp_path)
            with_generated = sources_with_generated(tmp_path)
            builds = {
                "full": (ROOT / "mkdocs.yml", None),
                "cold": (ROOT / "mkdocs.yml", clear_caches),
                "no_policy": (no_policy, None),
                "bare": (bare_config(tmp_path, rendered, "bare"), None),
                "bare_docs": (bare_config(tmp_path, ROOT / "docs", "bare-docs"), None),
                "bare_sources": (bare_config(tmp_path, with_generated, "bare-sources"), None),
                "bare_macros": (bare_config(tmp_path, rendered, "bare-macros",
                                            macros_plugin=True), None),
            }
            times: dict[str, list[float]] = {name: [] for name in builds}
            for _ in range(args.runs):
                for name, (config, before) in builds.items():
                    times[name].append(time_build(config, tmp_path / f"site-{name}", before))
        finally:
            no_policy.unlink()
    cpu = {name: statistics.median(CPU[tmp_path / f"site-{name}"]) for name in times}
    m = {name: statistics.median(values) for name, values in times.items()}
    fastest = {name: min(values) for name, values in times.items()}
    bare = m["bare"]

    def line(label: str, name: str) -> str:
        return (f"{label:<44}{m[name]:6.2f} s  (ratio {m[name] / bare:4.2f});"
                f"  fastest {fastest[name]:5.2f} s (ratio {fastest[name] / fastest['bare']:4.2f});"
                f"  CPU {cpu[name]:5.2f} s (ratio {cpu[name] / cpu['bare']:4.2f})")

    print(f"medians of {args.runs} interleaved runs")
    print(line("full build:", "full"))
    print(line("bare Material build, same Markdown:", "bare"))
    verdict = "met" if m["full"] / bare <= TARGET else "NOT MET"
    print(f"{'ratio full / bare (medians):':<44}{m['full'] / bare:6.2f}    (target <= {TARGET}: {verdict})")
    cpu_verdict = "met" if cpu["full"] / cpu["bare"] <= TARGET else "NOT MET"
    print(f"{'ratio full / bare (CPU time):':<44}{cpu['full'] / cpu['bare']:6.2f}    "
          f"(target <= {TARGET}: {cpu_verdict})")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print()
    print("where the time goes")
    print(line("bare, docs/ source files only:", "bare_docs"))
    print(line("bare, docs/ + generated triage sources:", "bare_sources"))
    print(line("bare + macros plugin, empty module:", "bare_macros"))
    print(line("full build without policy documents:", "no_policy"))
    print(line("full build, cold caches:", "cold"))
    cold, cached = m["cold"] - m["no_policy"], m["full"] - m["no_policy"]
    print(f"{'policy documents (and, cold, compiling pages):':<44}{cold:+6.2f} s cold, {cached:+.2f} s cached"
          f"  ({cold / bare:+.0%} / {cached / bare:+.0%} of a bare build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
