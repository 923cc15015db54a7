"""Bundled input data: the Afghanistan network (``afghanistan/``) and scenarios (``scenarios/``)."""

from importlib.resources import files
from pathlib import Path


def bundled_path(*parts: str) -> Path:
    """Return the filesystem path of a bundled input file or folder (works editable and from a
    wheel).
    """
    return Path(str(files(__name__).joinpath(*parts)))


def write_generated(readme: Path, block: str, note: str, text: str) -> None:
    """Replace what stands between ``<!-- block:start -->`` and ``<!-- block:end -->`` in ``readme``
    with ``note`` and ``text`` (the generated tables of the data README).
    """
    start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
    body = readme.read_text(encoding="utf-8")
    head, rest = body.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{note}\n\n{text}\n{end}{tail}", encoding="utf-8")
