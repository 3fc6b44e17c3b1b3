"""Quick constructors for the frozen classes results are made of, one argument per field.

A frozen attrs class sets each field through :func:`object.__setattr__`, keyword by
keyword: for a :class:`~cchc_index.NodeResult` of fifteen fields that is most of the
cost of reading a node. :func:`maker` writes, once per class, a function that takes
every field's value in field order and sets each slot through its own descriptor,
which is what the class's ``__init__`` does without the keyword matching. It gives an
object equal in every respect to the one ``__init__`` gives, and is made only for
classes where that holds: slotted, with no validator, converter or
``__attrs_post_init__``, whose defaults a caller passes anyway.

The source is this module's own text with numbered names (``a0``, ``_s0``) and item
numbers; nothing of a rule file reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["maker"]

_T = TypeVar("_T", bound=attrs.AttrsInstance)


def maker(cls: type[_T], *parts: str | tuple[str, ...]) -> Callable[..., _T]:
    """A function making ``cls`` objects from every field's value, in the order of the fields.

    Or, given ``parts``, one argument per part: a field's name is that field's value,
    a tuple of names a tuple (or longer sequence) whose items are those fields' values,
    in order. A caller holding its values in tuples already passes them as they are,
    with no call that spreads them (``*head``), which costs as much as setting a few
    fields. Every field is in exactly one part.
    """
    fields = attrs.fields(cls)
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"{cls.__name__} is not a plain slotted attrs class")
    for field in fields:
        if field.validator is not None or field.converter is not None:
            raise TypeError(f"{cls.__name__}.{field.name} is validated or converted")
    # Where each field's value is, by field name: an argument, perhaps an item of it.
    given: list[tuple[str, str]] = []
    for a, part in enumerate(parts or tuple(field.name for field in fields)):
        if isinstance(part, str):
            given.append((part, f"a{a}"))
        else:
            given.extend((name, f"a{a}[{i}]") for i, name in enumerate(part))
    if sorted(name for name, _ in given) != sorted(field.name for field in fields):
        raise TypeError(f"the parts of {cls.__name__} must name every field once")
    where = dict(given)
    bound: dict[str, Any] = {"__builtins__": {}, "_new": object.__new__, "_cls": cls}
    body = []
    for n, field in enumerate(fields):
        owner = next(k for k in cls.__mro__ if field.name in k.__dict__)
        descriptor = owner.__dict__[field.name]
        # A slot wrapped in a descriptor of the class's own (NodeResult.trace, which lays
        # out a recorded trace when read) is set through the slot itself, as __init__ does.
        bound[f"_s{n}"] = getattr(descriptor, "slot", descriptor).__set__
        body.append(f"    _s{n}(made, {where[field.name]})\n")
    arguments = ", ".join(f"a{a}" for a in range(len(parts or fields)))
    source = f"def make({arguments}):\n    made = _new(_cls)\n{''.join(body)}    return made\n"
    exec(compile(source, f"<cchc_index maker of {cls.__name__}>", "exec"), bound)
    made: Callable[..., _T] = bound["make"]
    return made
