"""Build the file-share bundle: a zip that works unzipped and opened from file://.

Uses mkdocs.offline.yml (the project's configuration plus Material's offline
plugin: no directory URLs, the search index inlined as a script, the
iframe-worker shim served from the site itself). A failed build or a failed
offline check never replaces the last good zip.

    python scripts/build_bundle.py [--profile organisation.yml] [--out build/NAME/NAME-fileshare.zip]

In `make build-all` the bundle is built by the worker that has just built
the same profile's site, and reuses that build's Markdown conversions
(scripts/build_worker.py); the zip is the same.

The zip holds one folder, NAME-fileshare/, with index.html at its top.
Unzipped, its folders are 0755 and its files 0644 (the modes are stored in
the zip), and the zip itself is 0644, whatever the umask.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:  # imported as scripts.build_bundle (tests), or run as a script beside build_site.py
    from scripts.build_site import FILE_MODE, FOLDER_MODE, Runner, make_folders
except ImportError:
    from build_site import FILE_MODE, FOLDER_MODE, Runner, make_folders

OFFLINE_CONFIG = ROOT / "mkdocs.offline.yml"

# A script, stylesheet, image or frame that the browser would fetch from
# outside the bundle: an absolute URL or a protocol-relative one.
_EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)\s*=\s*["']?"""
    r"""((?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]+)""",
    re.IGNORECASE,
)


def profile_name(profile: Path) -> str:
    return profile.stem


def default_zip(profile: Path, out_dir: Path = ROOT / "build") -> Path:
    name = profile_name(profile)
    return out_dir / name / f"{name}-fileshare.zip"


def external_resources(site: Path) -> list[str]:
    """Every '<file>: <url>' the pages would load from outside the folder."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _EXTERNAL_RESOURCE.finditer(text):
            found.append(f"{page.relative_to(site).as_posix()}: {match.group(1)}")
    return found


def write_zip(folder: Path, zip_path: Path) -> None:
    """Zip `folder` as one top-level folder of the same name, in a stable order,
    every folder entry 0755 and every file 0644 (unzip restores these modes)."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in [folder, *sorted(folder.rglob("*"))]:
            name = Path(folder.name, path.relative_to(folder)).as_posix()
            if path.is_dir():
                entry = zipfile.ZipInfo.from_file(path, name)
                entry.external_attr = (0o040000 | FOLDER_MODE) << 16 | 0x10
                archive.writestr(entry, b"")
            elif path.is_file():
                entry = zipfile.ZipInfo.from_file(path, name)
                entry.external_attr = (0o100000 | FILE_MODE) << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, path.read_bytes())
    os.chmod(zip_path, FILE_MODE)


def mkdocs_process(config_file: Path, site_dir: Path) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config_file), "--site-dir", str(site_dir)]
    return subprocess.run(command, cwd=config_file.parent, env=env, check=False).returncode


def build_bundle(profile: Path, zip_path: Path, config_file: Path = OFFLINE_CONFIG,
                 run: Runner = mkdocs_process) -> int:
    """Build the bundle for `profile` (the caller's ORG_PROFILE is replaced)."""
    profile, zip_path, config_file = profile.resolve(), zip_path.resolve(), config_file.resolve()
    make_folders(zip_path.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{zip_path.name}.new-", dir=zip_path.parent))
    chosen = os.environ.get("ORG_PROFILE")
    os.environ["ORG_PROFILE"] = str(profile)
    try:
        folder = staging / zip_path.stem
        returncode = run(config_file, folder)
        if returncode != 0:
            print(f"Bundle failed: {zip_path} was left as it was.", file=sys.stderr)
            return returncode or 1
        outside = external_resources(folder)
        if outside:
            print(f"Bundle failed: {len(outside)} page resource(s) would load from outside "
                  f"the bundle, first {outside[0]}; {zip_path} was left as it was.",
                  file=sys.stderr)
            return 1
        if not (folder / "index.html").is_file():
            print(f"Bundle failed: no index.html; {zip_path} was left as it was.",
                  file=sys.stderr)
            return 1
        new_zip = staging / "bundle.zip"
        write_zip(folder, new_zip)
        os.replace(new_zip, zip_path)  # atomic on one file system
    finally:
        if chosen is None:
            os.environ.pop("ORG_PROFILE", None)
        else:
            os.environ["ORG_PROFILE"] = chosen
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Bundle written: {zip_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path,
                        default=Path(os.environ.get("ORG_PROFILE") or ROOT / "organisation.yml"))
    parser.add_argument("--out", type=Path, help="the zip to write "
                        "(default build/NAME/NAME-fileshare.zip, NAME from the profile file)")
    parser.add_argument("--config-file", type=Path, default=OFFLINE_CONFIG)
    args = parser.parse_args(argv)
    return build_bundle(args.profile, args.out or default_zip(args.profile), args.config_file)


if __name__ == "__main__":
    sys.exit(main())
