"""The engine's version and what each version changed: the policy for counting stored votes again.

Every stored result keeps the `engine_version` that counted it. A newer engine must give the
same elected candidates from the same ballots and settings (a method's rules never change who
is elected without a new method name). It may order them differently when a version changed
how a method orders its candidates; `ORDER_CHANGES` lists, per version, the methods whose order
it changed. `order_comparable` says whether a stored order must still be reproduced exactly:
`buurt verify` compares the elected set always and the order only then, and reports a
different order from a newer engine as a note, not as a break.
"""

from __future__ import annotations

from collections.abc import Mapping

ENGINE_VERSION = "1.1"
"""The version of the counting rules, stored with every result (not the package version)."""

ORDER_CHANGES: Mapping[str, frozenset[str]] = {
    "1.0": frozenset(),
    # STV orders its winners by the order of election (the votes at the end of the stage of
    # election, then the earlier stages), and stops transferring once the last seats are filled
    # (rule 52(2)); before, it ordered one stage's winners by their votes after their surpluses
    # were transferred.
    "1.1": frozenset({"stv"}),
}
"""Every released engine version, oldest first, with the methods whose order it changed."""


def order_comparable(stored_version: str, method: str) -> bool:
    """True when a result counted by `stored_version` must have the order this engine gives:
    the same version, or a known older one after which no version changed `method`'s order.
    An unknown version (tampered, or from a newer buurt) is never compared by order."""
    if stored_version == ENGINE_VERSION:
        return True
    versions = list(ORDER_CHANGES)
    if stored_version not in versions:
        return False
    later = versions[versions.index(stored_version) + 1 :]
    return not any(method in ORDER_CHANGES[v] for v in later)
