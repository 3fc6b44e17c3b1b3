"""Quick constructors for the frozen classes results are made of, one argument per field.

A frozen attrs class sets each field through :func:`object.__setattr__`, keyword by
keyword: for a :class:`~cchc_index.NodeResult` of fifteen fields that is most of the
cost of reading a node. :func:`maker` writes, once per class, a function that takes
every field's value in field order and sets each slot through its own descriptor,
which is what the class's ``__init__`` does without the keyword matching. It gives an
object equal in every respect to the one ``__init__`` gives, and is made only for
classes where that holds: slotted, with no validator, converter or
``__attrs_post_init__``, whose defaults a caller passes anyway.

The source is this module's own text with numbered names (``v0``, ``_s0``); nothing of
a rule file reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["maker"]

_T = TypeVar("_T", bound=attrs.AttrsInstance)


def maker(cls: type[_T]) -> Callable[..., _T]:
    """A function making ``cls`` objects from every field's value, in the order of the fields."""
    fields = attrs.fields(cls)
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"{cls.__name__} is not a plain slotted attrs class")
    for field in fields:
        if field.validator is not None or field.converter is not None:
            raise TypeError(f"{cls.__name__}.{field.name} is validated or converted")
    bound: dict[str, Any] = {"__builtins__": {}, "_new": object.__new__, "_cls": cls}
    for n, field in enumerate(fields):
        owner = next(k for k in cls.__mro__ if field.name in k.__dict__)
        bound[f"_s{n}"] = owner.__dict__[field.name].__set__
    arguments = ", ".join(f"v{n}" for n in range(len(fields)))
    body = "".join(f"    _s{n}(made, v{n})\n" for n in range(len(fields)))
    source = f"def make({arguments}):\n    made = _new(_cls)\n{body}    return made\n"
    exec(compile(source, f"<cchc_index maker of {cls.__name__}>", "exec"), bound)
    made: Callable[..., _T] = bound["make"]
    return made
