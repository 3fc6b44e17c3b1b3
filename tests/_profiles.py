"""Hypothesis settings profiles for the property tests (``tests/test_properties.py``).

Call :func:`register_profiles` from ``tests/conftest.py``, then load the profile
named by the environment variable ``HYPOTHESIS_PROFILE`` (default ``dev``)::

    register_profiles()
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
"""

from __future__ import annotations

from hypothesis import settings

__all__ = ["register_profiles"]


def register_profiles() -> None:
    """Register ``dev`` (quick, local), ``ci`` (every push) and ``thorough`` (nightly, nox).

    No deadline anywhere: one example draws and scores a whole rule set, whose time
    varies with its size, so a deadline would only make the tests flaky.
    """
    settings.register_profile("dev", max_examples=50, deadline=None)
    settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
    settings.register_profile("thorough", max_examples=5000, deadline=None)
