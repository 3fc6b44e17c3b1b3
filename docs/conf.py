"""Sphinx configuration of the cchc_index documentation site.

Build it with ``nox -s docs``, or by hand from the repository's top folder::

    python -m sphinx -E -n -W --keep-going -b html docs docs/_build/html
    python -m sphinx -E -n -W --keep-going -b linkcheck docs docs/_build/linkcheck

``-W`` turns every warning into an error and ``-n`` (nitpicky) makes every
cross-reference that does not resolve a warning, so the HTML build checks every
internal reference and link (MyST reports links to missing pages and headings).
The linkcheck builder lists all links; outside ones are not fetched (see the end
of this file).

Pages are MyST Markdown. Their ``>>>`` examples are not run here: pytest runs them
(``--doctest-glob=*.md``), so a page whose example breaks fails the test suite.
"""

from __future__ import annotations

import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Document the source tree, even where the package is not installed.
sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402
from sphinx.util import logging  # noqa: E402

import cchc_index  # noqa: E402

_logger = logging.getLogger(__name__)

# -- Project --------------------------------------------------------------------------

project = "cchc_index"
author = "cchc_index developers"
copyright = "cchc_index developers"
release = cchc_index.__version__
version = ".".join(release.split(".")[:2])
language = "en"

# -- General --------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Pages still being written alongside the site. Each joins the index's Reference
# toctree, in place of its `<!-- optional pages -->` line, once its file exists:
# an explicit toctree entry for a missing file fails the build, and so does a page
# left out of every toctree. Every other toctree entry is explicit.
OPTIONAL_PAGES = ["performance"]

# -- MyST -----------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# Anchors for headings, so that pages can link to a section: [Not applicable](#not-applicable).
myst_heading_anchors = 3

# -- Autodoc --------------------------------------------------------------------------

autodoc_member_order = "bysource"
# "Bases:" is asked for where it says something (enums, errors), in api.md.
autodoc_default_options = {"members": True}
# Types go in the description ("Parameters", "Return type"), not in the signature.
autodoc_typehints = "description"
autodoc_preserve_defaults = True

# -- Links to Python's and Hypothesis's documentation ---------------------------------

# Signatures name standard types (Decimal, date, Mapping …). Intersphinx would fetch
# Python's object inventory from the network, which the build machines do not have,
# so the few objects the API uses are listed here and written to a local inventory:
# links still go to docs.python.org, the build needs no network, and nitpicky mode
# still fails on any other name. A new standard type in a public signature fails the
# build until it is added here.
_PYTHON_OBJECTS = {
    "py:class": {
        "ast.expr": "library/ast.html#$",
        "collections.abc.Callable": "library/collections.abc.html#$",
        "collections.abc.Collection": "library/collections.abc.html#$",
        "collections.abc.Iterable": "library/collections.abc.html#$",
        "collections.abc.Iterator": "library/collections.abc.html#$",
        "collections.abc.Mapping": "library/collections.abc.html#$",
        "collections.abc.Sequence": "library/collections.abc.html#$",
        "datetime.date": "library/datetime.html#$",
        "decimal.Decimal": "library/decimal.html#$",
        "enum.StrEnum": "library/enum.html#$",
        "importlib.resources.abc.Traversable": "library/importlib.resources.abc.html#$",
        "os.PathLike": "library/os.html#$",
        "pathlib.Path": "library/pathlib.html#$",
    },
    "py:data": {
        "typing.Any": "library/typing.html#$",
        "typing.ClassVar": "library/typing.html#$",
    },
    "py:exception": {
        "Exception": "library/exceptions.html#$",
        "ImportError": "library/exceptions.html#$",
        "KeyError": "library/exceptions.html#$",
        "ValueError": "library/exceptions.html#$",
    },
    "py:module": {
        "importlib.resources": "library/importlib.resources.html#module-$",
        "tomllib": "library/tomllib.html#module-$",
    },
}
_HYPOTHESIS_OBJECTS = {
    "py:class": {"hypothesis.strategies.SearchStrategy": "reference/strategies.html#$"},
    "py:module": {"hypothesis": "index.html"},
}


def _local_inventory(name: str, objects: dict[str, dict[str, str]]) -> str:
    """Write a Sphinx object inventory (format 2) of ``objects``; return its path."""
    lines = [
        f"{obj} {role} 1 {uri} -" for role, found in objects.items() for obj, uri in found.items()
    ]
    header = (
        f"# Sphinx inventory version 2\n# Project: {name}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path = Path(tempfile.gettempdir()) / f"cchc-index-docs-{name.lower()}.inv"
    path.write_bytes(header.encode() + zlib.compress(("\n".join(lines) + "\n").encode()))
    return str(path)


intersphinx_mapping = {
    "python": ("https://docs.python.org/3", _local_inventory("Python", _PYTHON_OBJECTS)),
    "hypothesis": (
        "https://hypothesis.readthedocs.io/en/latest",
        _local_inventory("Hypothesis", _HYPOTHESIS_OBJECTS),
    ),
}

# -- Nitpicky cross-references --------------------------------------------------------

# The package's annotations are strings (`from __future__ import annotations`).
# Where autodoc cannot evaluate one (it names a type imported only for type
# checkers), it keeps the names as written: `Decimal`, `Rule`. They are resolved
# here to where they live, so that they still become links ...
_BARE_NAMES = {
    "Decimal": "decimal.Decimal",
    "date": "datetime.date",
    "Rule": "cchc_index.kinds.Rule",
    "Expression": "cchc_index.language.expressions.Expression",
    "InputValue": "cchc_index.language.trace.InputValue",
    "JsonValue": "cchc_index.rulefiles.diff.JsonValue",
    "MonthDay": "cchc_index.language.model.MonthDay",
    "Assessor": "cchc_index.language.model.Assessor",
    "NotApplicable": "cchc_index.language.model.NotApplicable",
    "Adjust": "cchc_index.language.model.Adjust",
}
# ... as is every public name of the package that a docstring names bare.
_BARE_NAMES.update({name: f"cchc_index.{name}" for name in cchc_index.__all__})

# Internal machinery that appears in signatures of the extension API
# (cchc_index.kinds) without being part of the API: shown as plain text.
nitpick_ignore = [
    ("py:class", "Namespace"),
    ("py:class", "cchc_index.language.expressions.Namespace"),
    ("py:class", "ProblemLog"),
    ("py:class", "cchc_index.scoring.result.Scored"),
    ("py:class", "cchc_index.kinds._registry._R"),
]

# -- HTML -----------------------------------------------------------------------------

html_theme = "furo"
html_title = f"cchc_index {release}"

# -- Link check -----------------------------------------------------------------------

# Internal references and links are checked by the build itself (see the top of
# this file). Outside links are listed but not fetched: the build machines have no
# network, and an outside page going away must not fail the build.
linkcheck_ignore = [r"https?://.*"]

# -- Hooks ----------------------------------------------------------------------------


def _qualify_bare_name(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a bare name from an unevaluated annotation (see ``_BARE_NAMES``)."""
    target = node.get("reftarget")
    if node.get("refdomain") != "py" or target not in _BARE_NAMES:
        return None
    node["reftarget"] = _BARE_NAMES[target]
    # None lets intersphinx, which runs next, try the qualified name.
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], node["reftarget"], node, contnode
    )


def _optional_pages(app: Any, docname: str, source: list[str]) -> None:
    """Put the optional pages that exist into the index's toctree (see OPTIONAL_PAGES)."""
    if docname == root_doc:
        present = "".join(f"{page}\n" for page in OPTIONAL_PAGES if (HERE / f"{page}.md").is_file())
        source[0] = source[0].replace("<!-- optional pages -->\n", present)


def _no_constructor_fields(app: Any, what: str, name: str, obj: object, *_: Any) -> None:
    """Drop what autodoc would say of a class's constructor that only adds noise.

    For an attrs class, the "Parameters" list: the library builds these objects
    (results, rules, findings), and their fields are documented one by one as
    attributes, with their types. For an exception, the "Return type: None" of its
    ``__init__``.
    """
    recorded = getattr(getattr(app.env, "current_document", None), "autodoc_annotations", None)
    if not isinstance(recorded, dict):
        return
    if what == "class" and isinstance(obj, type) and attrs.has(obj):
        recorded.pop(name, None)
    elif what == "exception":
        recorded.get(name, {}).pop("return", None)


def _every_public_name_documented(app: Any, env: Any) -> None:
    """Warn (an error under -W) for a name of ``cchc_index.__all__`` missing from api.md."""
    documented = env.get_domain("py").objects
    for name in cchc_index.__all__:
        if f"cchc_index.{name}" not in documented:
            _logger.warning(
                "cchc_index.%s is public (in __all__) but has no entry in the API reference",
                name,
                location="api",
            )


def setup(app: Any) -> None:
    """Connect the hooks above."""
    app.connect("missing-reference", _qualify_bare_name, priority=400)  # before intersphinx
    app.connect("source-read", _optional_pages)
    # After autodoc's own handler (priority 500) has recorded the type hints.
    app.connect("autodoc-process-signature", _no_constructor_fields, priority=900)
    app.connect("env-check-consistency", _every_public_name_documented)
