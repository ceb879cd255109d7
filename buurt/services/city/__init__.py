"""The city overview: every neighbourhood of a folder of files or of a city database at once.

For each neighbourhood: its top 3 with the progress of their actions, the professional hours
committed against the period's budget, and the next meeting; across the city: the overdue
actions grouped by organisation (what the police owes, where, since when).

Read-only, always. A file is read with SQLite's `mode=ro` (and, when no copy of buurt has it
open, as `immutable`, so SQLite makes no `-wal`/`-shm` files beside it): nothing in the folder
changes. A file or schema with an older schema is listed as "needs an upgrade" instead of its
data; one that cannot be read is listed with the reason.

On a server, the whole city is read over one connection in one consistent view, with one query
per part (versions, neighbourhoods, periods, priorities, meetings, actions), each a UNION ALL
over every schema: a few round trips for the city instead of ~15 per neighbourhood. The parts
mirror the services the file path calls (`summary`), and a test holds them equal. Should that
read fail (a schema the role cannot read), every schema is read on its own, as files are, so
the one that fails is listed with its reason and the others still show.

The package, by use case: `models` (what the overview holds), `summary` (one neighbourhood read
through the services), `sources` (the files of a folder, the schemas of a city database),
`server` (a whole city database read at once) and `overview` (gathering and grouping them).
"""

from buurt.services.city.models import (
    NEEDS_UPGRADE,
    OK,
    UNREADABLE,
    CityOverview,
    NeighbourhoodSummary,
    OrganisationOverdue,
    OverdueAction,
    TopPriority,
)
from buurt.services.city.overview import city_overview
from buurt.services.city.sources import database_label, list_neighbourhoods

__all__ = [
    "NEEDS_UPGRADE",
    "OK",
    "UNREADABLE",
    "CityOverview",
    "NeighbourhoodSummary",
    "OrganisationOverdue",
    "OverdueAction",
    "TopPriority",
    "city_overview",
    "database_label",
    "list_neighbourhoods",
]
