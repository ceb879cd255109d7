"""Every service that writes retries a lost race on a server (`@retry_on_conflict`): a write
added later without it would fail on the first serialization failure instead of running again."""

from __future__ import annotations

import ast
from pathlib import Path

import buurt.services


def _writes(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "transaction"
        for node in ast.walk(function)
    )


def test_every_service_that_opens_a_transaction_retries_a_lost_race() -> None:
    root = Path(buurt.services.__file__).parent
    writers, missing = [], []
    for path in sorted(root.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and _writes(node):
                writers.append(node.name)
                names = {ast.unparse(d) for d in node.decorator_list}
                if "retry_on_conflict" not in names:
                    missing.append(f"{path.relative_to(root)}:{node.name}")
    assert len(writers) > 30  # the walk found the services
    assert missing == []
