"""Sorting the problem list by a column, as the problems screen asks for it."""

from __future__ import annotations

from buurt.services import Database
from buurt.services.problems import add_problem, list_problems


def _titles(db: Database, order_by: str, descending: bool) -> list[str]:
    return [p.title for p in list_problems(db, order_by=order_by, descending=descending)]


def test_problems_sort_by_title_ignoring_case_both_ways(db: Database) -> None:
    for title in ("banken", "Afval", "Coffeeshop"):
        add_problem(db, {"title": title})
    assert _titles(db, "title", False) == ["Afval", "banken", "Coffeeshop"]
    assert _titles(db, "title", True) == ["Coffeeshop", "banken", "Afval"]


def test_problems_sort_by_street_and_by_number(db: Database) -> None:
    add_problem(db, {"title": "Een", "street": "kruiskade"})
    add_problem(db, {"title": "Twee", "street": "Adrianastraat"})
    add_problem(db, {"title": "Drie", "street": "Gaffelstraat"})
    assert _titles(db, "street", False) == ["Twee", "Drie", "Een"]
    assert _titles(db, "id", True) == ["Drie", "Twee", "Een"]


def test_a_page_of_problems_keeps_the_sort_order(db: Database) -> None:
    with db.transaction():
        for n in range(10):
            add_problem(db, {"title": f"Probleem {n:02d}"})
    page = list_problems(db, order_by="title", descending=False, limit=3, offset=3)
    assert [p.title for p in page] == ["Probleem 03", "Probleem 04", "Probleem 05"]
