"""The longest tests start first (a plugin loaded by conftest.py).

With `pytest -n 2` (xdist's `load` scheduling) tests go to the workers in collection order, the
first ones alternately to each worker. A long test collected last keeps one worker busy while
the other has nothing left, so the tests below are moved to the front, longest first. The list
comes from a `--durations` run; it only orders (a test missing from it, or one that became
quicker, runs all the same), so keep it short and refresh it when the slowest tests change.
"""

from __future__ import annotations

import pytest

# Node ids (or their start: a file, or a test with all its parameters), longest first.
SLOW = [
    "tests/tui/test_meeting_flow.py::test_the_chair_runs_a_whole_meeting",
    "tests/adversarial/test_hostile_minutes.py::test_arbitrary_text_in_every_field",
    "tests/test_packaging.py",
    "tests/minutes/test_minutes_headings_kept.py::test_a_pdf_heading_stays_on_the_page",
    "tests/safety/test_crash.py",
    "tests/voting/test_voting_differential.py",
    "tests/snapshots/test_meeting_small_snapshots.py::test_every_agenda_item_fits_80x24",
]


def _rank(item: pytest.Item) -> int:
    for rank, start in enumerate(SLOW):
        if item.nodeid.startswith(start):
            return rank
    return len(SLOW)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: the rest keep their order
