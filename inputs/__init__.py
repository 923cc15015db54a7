"""Bundled input data: the Afghanistan network (``afghanistan/``) and scenarios (``scenarios/``)."""

from importlib.resources import files
from pathlib import Path


def bundled_path(*parts: str) -> Path:
    """Return the filesystem path of a bundled input file or folder (works editable and from a wheel)."""
    return Path(str(files(__name__).joinpath(*parts)))
