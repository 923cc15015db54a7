"""Write a workbook atomically: to a temporary file beside the target, then rename it into
place, so a failed or interrupted write never leaves a half-written file.

Guarantees:
- the target is either the old file or the complete new one, never a mix;
- the temporary file (``.borderflow-XXXXXXXX.tmp`` in the target's folder: short, so that a
  target name of any legal length works) is removed on any error, on Ctrl-C and on SIGTERM;
  one left by SIGKILL or a power cut is recognisable by its name and is swept by the next
  write into that folder once it is an hour old;
- the new file gets the old file's permission bits, or for a new file those the umask allows
  (as ``open`` would give), never the temporary file's private 0600;
- a symbolic link is followed: its target is replaced and the link stays;
- a target that exists but is not a regular file (a device, a FIFO, a folder) is refused.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
import time
from pathlib import Path

from .errors import BorderflowError

TEMP_PREFIX = ".borderflow-"
TEMP_SUFFIX = ".tmp"
# A temporary file this old (s) in the target's folder is a leftover of a killed write.
STALE_TEMP_SECONDS = 3600


class OutputError(BorderflowError):
    """The output path cannot take a report (it is a device, a FIFO or a folder)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """Permission bits for the new file: the existing file's, else 0666 less the umask."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    return 0o666 & ~_umask()


def _check_target(path: Path) -> Path:
    """The real file to replace (a symlink's target), refusing anything but a regular file."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a device, FIFO or socket)"
        msg = (
            f"cannot write the report to {path}: it is {kind}; give a file name, e.g. --out "
            "outputs/report.xlsx"
        )
        raise OutputError(msg)
    return target


def sweep_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files of killed writes (older than ``STALE_TEMP_SECONDS``) from
    ``folder``.
    """
    now = time.time() if now is None else now
    removed = []
    for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
                removed.append(leftover)
    return removed


@contextlib.contextmanager
def _sigterm_raises():
    """Within the block, SIGTERM raises SystemExit (so cleanup runs) instead of killing outright;
    a handler the caller set (the CLI's, which raises too) is left in place.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def save_atomically(workbook, path: str | Path) -> Path:
    """Save an openpyxl ``workbook`` to ``path`` (parents created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    target = _check_target(path)
    sweep_stale_temporaries(target.parent)
    mode = _mode_for(target)
    with _sigterm_raises():
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
        os.close(fd)
        try:
            workbook.save(tmp)
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path
