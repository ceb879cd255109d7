"""Actions (who does what by when) and their follow-ups (terugkoppeling)."""

from __future__ import annotations

from buurt.services.actions.follow_up import report
from buurt.services.actions.overview import (
    OPEN_ACTION,
    ActionRead,
    OrganisationDebt,
    UpdateRead,
    by_organisation,
    count_open_actions,
    list_actions,
    updates,
)
from buurt.services.actions.planning import (
    ActionInput,
    ActionWarning,
    action_warnings,
    add_action,
    update_action,
)

__all__ = [
    "OPEN_ACTION",
    "ActionInput",
    "ActionRead",
    "ActionWarning",
    "OrganisationDebt",
    "UpdateRead",
    "action_warnings",
    "add_action",
    "by_organisation",
    "count_open_actions",
    "list_actions",
    "report",
    "update_action",
    "updates",
]
