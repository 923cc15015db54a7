"""Atomic report writes: permissions, symlinks, odd targets, long names, leftovers, SIGTERM."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from networks.atomic import (
    STALE_TEMP_SECONDS,
    TEMP_PREFIX,
    TEMP_SUFFIX,
    OutputError,
    save_atomically,
)


def workbook(text: str = "new") -> Workbook:
    wb = Workbook()
    wb.active["A1"] = text
    return wb


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = save_atomically(workbook(), tmp_path / "r.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # 0666 less 0022, not mkstemp's 0600


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    save_atomically(workbook("old"), path)
    path.chmod(0o640)
    save_atomically(workbook(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_workbook(path).active["A1"].value == "new"


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.xlsx"
    save_atomically(workbook("old"), real)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    save_atomically(workbook(), link)
    assert link.is_symlink() and load_workbook(real).active["A1"].value == "new"


def test_a_fifo_or_folder_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        save_atomically(workbook(), fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(OutputError, match="is a folder"):
        save_atomically(workbook(), tmp_path)


def test_a_long_legal_name_works(tmp_path: Path) -> None:
    path = tmp_path / (
        "r" * 245 + ".xlsx"
    )  # 250 bytes: legal on ext4 (255); the temp name is short
    assert save_atomically(workbook(), path).exists()


def test_leftovers_of_killed_writes_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}dead{TEMP_SUFFIX}"
    fresh = tmp_path / f"{TEMP_PREFIX}busy{TEMP_SUFFIX}"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    save_atomically(workbook(), tmp_path / "r.xlsx")
    assert (
        not stale.exists() and fresh.exists()
    )  # a recent one may be another run's write in progress


def test_sigterm_during_the_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous report")

    def killed(self, filename):
        Path(filename).write_bytes(b"half")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Workbook, "save", killed)
    with pytest.raises(SystemExit):
        save_atomically(workbook(), target)
    assert target.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
