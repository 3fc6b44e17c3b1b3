"""Development sessions: ``nox -s tests lint typing`` is what CI runs."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typing"]


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit, doctests in README and docs, properties at the CI profile)."""
    _browser(session)
    session.install(".[test]")
    session.env.setdefault("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
    session.run("pytest", *session.posargs)


def _browser(session: nox.Session) -> None:
    """Debian's Chromium and fonts with Vietnamese glyphs, for the browser tests.

    Installed with apt-get when missing and the machine allows it (root, Debian);
    elsewhere the browser tests skip, and say so.
    """
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    apt = {"DEBIAN_FRONTEND": "noninteractive"}
    try:
        session.run("apt-get", "update", "-qq", external=True, env=apt)
        session.run(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends",
            "chromium", "fonts-noto-core", external=True, env=apt,
        )  # fmt: skip
    except nox.command.CommandFailed:
        session.warn("could not install chromium: the browser tests will be skipped")


@nox.session
def property(session: nox.Session) -> None:
    """Run only the property-based tests, with thousands of examples each."""
    session.install(".[test]")
    session.env["HYPOTHESIS_PROFILE"] = "thorough"
    session.run("pytest", "-m", "property", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz the loader and the evaluator: over 100,000 mutated rule sets, data sets and values.

    Every bundled rule set and worked example is mutated, as text and as tables
    (keys dropped, types changed, huge and tiny numbers, deep nesting, odd Python
    objects through the API); the run ends by saying how many inputs were tried
    and how many escaped the library's errors (none may).
    """
    session.install(".[test]")
    session.env["HYPOTHESIS_PROFILE"] = "thorough"
    session.run("pytest", "tests/test_fuzz.py", "tests/test_security.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "src", "tests", "noxfile.py", "benchmarks")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py", "benchmarks")


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check the package and the tests with mypy in strict mode."""
    session.install(".[test]", "mypy>=1.10")
    session.run("mypy", "--strict", "src", "tests")


LOCALE_DIR = "src/cchc_index/locale"
TEMPLATE = f"{LOCALE_DIR}/cchc_index.pot"


@nox.session
def i18n(session: nox.Session) -> None:
    """Extract every marked message, update the vi and en catalogs, and compile them.

    Messages are marked in the code with ``msg()``, ``N_()`` and the gettext
    functions of ``cchc_index.i18n``. After this, translate the new or changed
    entries of ``locale/vi/LC_MESSAGES/cchc_index.po`` (``tests/test_i18n.py`` fails
    while one is missing) and run the session again to compile them. The compiled
    ``.mo`` files are committed, so installing the package needs no Babel step;
    the template (``.pot``) is made afresh each time and not kept.
    """
    session.install("babel>=2.12")
    session.run(
        "pybabel", "extract", "--no-location", "--sort-output", "--width=100",
        "--keywords=msg", "--project=cchc-index", "--copyright-holder=cchc_index developers",
        f"--output-file={TEMPLATE}", "src/cchc_index",
    )  # fmt: skip
    for locale in ("vi", "en"):
        session.run(
            "pybabel", "update", f"--input-file={TEMPLATE}", f"--output-dir={LOCALE_DIR}",
            "--domain=cchc_index", f"--locale={locale}", "--init-missing",
            "--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date", "--width=100",
        )  # fmt: skip
    session.run(
        "pybabel", "compile", f"--directory={LOCALE_DIR}", "--domain=cchc_index", "--statistics"
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors, then check its links.

    The HTML goes to docs/_build/html. ``-n`` (nitpicky) makes every cross-reference
    that does not resolve an error, and MyST reports links to missing pages or
    headings, so the HTML build checks every internal link; the linkcheck builder
    then lists every link (outside ones are not fetched: see docs/conf.py). ``-E``
    rebuilds from scratch, so warnings of unchanged pages are not skipped. The
    pages' examples are run by ``nox -s tests``.
    """
    session.install(".[docs]")
    sphinx = ("python", "-m", "sphinx", "-E", "-n", "-W", "--keep-going")
    session.run(*sphinx, "-b", "html", "docs", "docs/_build/html", *session.posargs)
    session.run(*sphinx, "-b", "linkcheck", "docs", "docs/_build/linkcheck")
