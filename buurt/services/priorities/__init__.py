"""Periods and their priorities (the top 3), and the committee's decisions at follow-up."""

from __future__ import annotations

from buurt.services.priorities.periods import (
    PeriodInput,
    PeriodRead,
    add_period,
    close_period,
    current_period,
    list_periods,
    running_period,
    start_period,
)
from buurt.services.priorities.review import (
    DecisionRead,
    FollowUpAction,
    FollowUpItem,
    PlanItem,
    action_plan,
    decide,
    decisions,
    follow_up,
)
from buurt.services.priorities.top import (
    RUNNING,
    PriorityRead,
    TopPlaces,
    confirm_top,
    current_priorities,
    free_places,
    list_priorities,
    take_places,
)

__all__ = [
    "RUNNING",
    "DecisionRead",
    "FollowUpAction",
    "FollowUpItem",
    "PeriodInput",
    "PeriodRead",
    "PlanItem",
    "PriorityRead",
    "TopPlaces",
    "action_plan",
    "add_period",
    "close_period",
    "confirm_top",
    "current_period",
    "current_priorities",
    "decide",
    "decisions",
    "follow_up",
    "free_places",
    "list_periods",
    "list_priorities",
    "running_period",
    "start_period",
    "take_places",
]
