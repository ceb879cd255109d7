"""Problems: logging, editing, triage and status changes with their history, searching, the
likely-duplicate hint, and a problem's whole dossier.
"""

from __future__ import annotations

from buurt.services.problems.history import Dossier, DossierAction, StatusChangeRead, dossier
from buurt.services.problems.register import (
    OPEN_STATUSES,
    ProblemInput,
    ProblemRead,
    add_problem,
    count_problems,
    get_problem,
    list_problems,
    update_problem,
)
from buurt.services.problems.similar import similar_problems
from buurt.services.problems.status import NEEDS_REASON, change_status, set_problem_status

__all__ = [
    "NEEDS_REASON",
    "OPEN_STATUSES",
    "Dossier",
    "DossierAction",
    "ProblemInput",
    "ProblemRead",
    "StatusChangeRead",
    "add_problem",
    "change_status",
    "count_problems",
    "dossier",
    "get_problem",
    "list_problems",
    "set_problem_status",
    "similar_problems",
    "update_problem",
]
