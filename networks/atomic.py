"""Write a workbook atomically: to a temporary file beside the target, then rename it into
place, so a failed write never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_atomically(workbook, path: str | Path) -> Path:
    """Save an openpyxl ``workbook`` to ``path`` (parents created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix or ".xlsx", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
