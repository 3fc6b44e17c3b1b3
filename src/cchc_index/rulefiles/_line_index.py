"""Line numbers for TOML tables and keys, so problems can point into the file.

:mod:`tomllib` gives values without positions. Rule files are written by people in
a regular style (one table per criterion), so a light scan of the text finds the
line of a table header or of a key inside it. A position that cannot be found is
simply left out of the message; it never changes what is loaded.
"""

from __future__ import annotations

import re

__all__ = ["LineIndex"]

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_PART = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)""")


def _split_dotted(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position:
            break
        parts.append(next(g for g in match.groups() if g is not None))
        position = match.end()
    return tuple(parts)


class LineIndex:
    """Finds the 1-based line where a table or a key of a TOML text is written."""

    def __init__(self, text: str) -> None:
        self._tables: dict[tuple[str, ...], int] = {}
        self._keys: dict[tuple[str, ...], int] = {}
        current: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                current = _split_dotted(header.group(1))
                # [a.b."c"] also opens a and a.b, which may have no header of their own.
                for end in range(1, len(current) + 1):
                    self._tables.setdefault(current[:end], number)
                continue
            key = _KEY.match(line)
            if key:
                name = next(g for g in key.groups() if g is not None)
                self._keys.setdefault((*current, name), number)

    def line(self, *path: str) -> int | None:
        """The line of the table or key at ``path`` (e.g. ``("criteria", "3.4", "max")``).

        Falls back to the nearest enclosing table that is known.
        """
        for end in range(len(path), 0, -1):
            head = path[:end]
            if head in self._keys:
                return self._keys[head]
            if head in self._tables:
                return self._tables[head]
        return None
