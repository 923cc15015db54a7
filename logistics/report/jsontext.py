"""Strict JSON for the command line's ``--json`` documents: never NaN or Infinity.

Python's ``json`` writes ``NaN`` and ``Infinity``, which are not JSON: strict parsers
(JavaScript's ``JSON.parse``, ``jq``) refuse the whole document. Every number that is not
finite becomes ``null`` (a value that cannot be given, like a first shortfall day when there is
none); ``allow_nan=False`` then guarantees the output parses anywhere.
"""

from __future__ import annotations

import json
import math

import numpy as np


def finite(value: object) -> object:
    """Return ``value`` with every non-finite number (NaN, ±infinity) replaced by None.

    Dicts, lists and tuples are copied recursively; numpy scalars become Python numbers.
    """
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps(document: object, indent: int | None = 1) -> str:
    """Return ``document`` as strict JSON text: non-finite numbers as null, characters kept."""
    return json.dumps(finite(document), indent=indent, ensure_ascii=False, allow_nan=False)
