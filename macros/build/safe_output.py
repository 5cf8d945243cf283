"""Putting a new site in place safely, whatever goes wrong on the machine.

- Staging folders are named `.NAME.new-PID-xxxx`: a build that was killed
  (even with SIGKILL) leaves one behind, and the next build removes every
  staging folder whose process no longer runs. A build's own work folders
  in the temporary folder (`work_folder()`) are named and removed the same
  way.
- The MkDocs child process dies with its parent (Linux PR_SET_PDEATHSIG),
  and SIGTERM, SIGINT and SIGHUP stop the child and remove the staging
  folder: no orphan build keeps writing.
- The swap of site/ holds an exclusive lock (on the folder holding it), so
  two builds finishing at once never interleave their renames.
- A full disk, an output folder that cannot be replaced (immutable,
  read-only) and a read-only project are each one line, never a traceback.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PR_SET_PDEATHSIG = 1
# The last line of a Python traceback that is a problem of the machine, not
# of the project: the disk, permissions, a read-only file system.
_MACHINE_ERROR = re.compile(
    r"^(?:\w+\.)*(?:OSError|PermissionError|IOError|FileNotFoundError|"
    r"IsADirectoryError|NotADirectoryError): \[Errno (\d+)\] (.*)$")


class OutputError(Exception):
    """One line: what could not be done, and why."""


def explain(exc: OSError, doing: str) -> str:
    """One line for a machine problem met while `doing` something."""
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "not permitted (is it immutable or owned by someone else?)",
    }.get(exc.errno, exc.strerror or str(exc))
    where = f": {exc.filename}" if exc.filename else ""
    return f"{doing}: {reason}{where}"


# ── Staging folders ───────────────────────────────────────────────────────

def staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.new-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_dead(folder: Path, pattern: re.Pattern) -> list[Path]:
    """Remove each folder in `folder` whose name matches `pattern` (group 1:
    the PID of the process that made it) and whose process no longer runs."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _pid_alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def remove_orphans(site_dir: Path) -> list[Path]:
    """Remove staging and old-site folders left by builds that no longer run."""
    return _remove_dead(site_dir.parent,
                        re.compile(rf"^\.{re.escape(site_dir.name)}\.(?:new|old)-(\d+)-"))


def work_folder(prefix: str) -> Path:
    """A new folder in the temporary folder, `PREFIXPID-xxxx`, after removing
    those of the same prefix left by processes that no longer run (a build
    killed with SIGKILL cannot remove its own)."""
    temp = Path(tempfile.gettempdir())
    _remove_dead(temp, re.compile(rf"^{re.escape(prefix)}(\d+)-"))
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=temp))


def make_staging(site_dir: Path) -> Path:
    """A new, empty staging folder beside site_dir (one line if impossible)."""
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{staging_prefix(site_dir)}{os.getpid()}-",
                                     dir=site_dir.parent))
    except OSError as exc:
        raise OutputError(explain(exc, f"cannot create a build folder beside {site_dir}")) from None


# ── The swap ──────────────────────────────────────────────────────────────

@contextmanager
def swap_lock(site_dir: Path) -> Iterator[None]:
    """An exclusive lock for replacing site_dir: a flock on the folder that
    holds it (no lock file left behind; released when the process dies)."""
    try:
        fd = os.open(site_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(explain(exc, f"cannot lock {site_dir} for the swap")) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir with staging using renames (each one atomic), under the lock."""
    with swap_lock(site_dir):
        old = None
        try:
            if site_dir.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-{os.getpid()}-",
                                            dir=site_dir.parent))
                old.rmdir()
                site_dir.rename(old)
            staging.rename(site_dir)
        except OSError as exc:
            if old is not None and old.exists() and not site_dir.exists():
                old.rename(site_dir)  # put the last good site back
            raise OutputError(explain(exc, f"cannot put the new site in place at {site_dir}; "
                                           "the last good site was left as it was")) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ── The build process ─────────────────────────────────────────────────────

def _die_with_parent() -> None:  # runs in the child, before exec
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the signal handlers below still stop the child


def condensed(lines: list[str]) -> tuple[list[str], str | None]:
    """The output without a traceback that ends in a machine problem
    (full disk, permissions, read-only): (lines to show, its one line)."""
    for start, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            last = next((candidate for candidate in reversed(lines[start:])
                         if candidate.strip()), "")
            match = _MACHINE_ERROR.match(last.strip())
            if match:
                exc = OSError(int(match.group(1)), match.group(2))
                return lines[:start], explain(exc, "the build stopped")
    return lines, None


def run_build(command: list[str], env: dict[str, str], cwd: Path | None = None,
              staging: Path | None = None) -> int:
    """Run the MkDocs build, relaying its output. A machine problem is one
    line; SIGTERM/SIGINT/SIGHUP stop the child and remove `staging`."""
    running: list[subprocess.Popen] = []

    def stop(signum, frame):  # noqa: ARG001 - signal handler signature
        for child in running:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        print("Build stopped: nothing was replaced.", file=sys.stderr)
        sys.exit(128 + signum)

    # Handlers first: a signal that comes while the child starts still cleans up.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, errors="replace",
                             preexec_fn=_die_with_parent)  # noqa: PLW1509 - no threads here
    running.append(child)
    try:
        lines: list[str] = []
        in_traceback = False
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.rstrip("\n"))
            in_traceback = in_traceback or line.startswith("Traceback (")
            if not in_traceback:
                print(lines[-1], file=sys.stderr)  # relayed as it comes, until a traceback
        returncode = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    shown = next((i for i, seen in enumerate(lines) if seen.startswith("Traceback (")), None)
    if shown is not None:
        rest, one_line = condensed(lines)
        if one_line:
            print(one_line, file=sys.stderr)
        else:
            print("\n".join(lines[shown:]), file=sys.stderr)  # a programming error: in full
    return returncode
