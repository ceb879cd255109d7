"""The city overview: every neighbourhood of a folder or of a city database, and the overdue
actions grouped by organisation across the city."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from buurt.db.database import Database
from buurt.db.server import mask_url_text
from buurt.db.types import utcnow
from buurt.errors import BuurtError
from buurt.i18n import _
from buurt.services.city import server
from buurt.services.city.models import (
    NEEDS_UPGRADE,
    OK,
    UNREADABLE,
    CityOverview,
    NeighbourhoodSummary,
    OrganisationOverdue,
    OverdueAction,
)
from buurt.services.city.sources import city_schemas, folder_files, is_url
from buurt.services.city.summary import NeedsUpgrade, read_neighbourhood, status_only

SERVER_READERS = 8  # neighbourhoods read at once from a server (connections of the pool)


def city_overview(
    source: str | Path,
    *,
    organisation: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> CityOverview:
    """Read every neighbourhood of a folder (`*.sqlite`) or of a city database URL, as of
    `today` (the next meetings from `now`; both default to the clock).

    `organisation`: only the overdue actions of organisations whose name contains it."""
    day = today or date.today()
    moment = now or utcnow()

    def read_one(
        item: tuple[str, AbstractContextManager[Database]],
    ) -> tuple[NeighbourhoodSummary, list[OverdueAction]]:
        label, opened = item
        try:
            with opened as db, db.snapshot():
                return read_neighbourhood(db, label, day, moment)
        except NeedsUpgrade:
            return status_only(label, NEEDS_UPGRADE, _("needs an upgrade")), []
        except BuurtError as error:
            return status_only(label, UNREADABLE, error.message), []

    if is_url(source):
        with city_schemas(str(source)) as schemas:
            try:
                results = server.read_city(schemas, day, moment)
            except DBAPIError:
                # Each schema on its own (several at once: the waiting overlaps), so that the
                # one the role cannot read is named and the others still show.
                with ThreadPoolExecutor(SERVER_READERS) as pool:
                    results = list(pool.map(read_one, schemas))
    else:
        results = [read_one(item) for item in folder_files(Path(source))]
    summaries = [summary for summary, _late in results]
    overdue = [action for _summary, late in results for action in late]
    wanted = (organisation or "").strip().casefold()
    grouped: dict[str, list[OverdueAction]] = {}
    for action in overdue:
        if wanted and wanted not in action.owner.casefold():
            continue
        grouped.setdefault(action.owner, []).append(action)
    organisations = [
        OrganisationOverdue(
            organisation=name, actions=sorted(items, key=lambda a: (a.due_on, a.neighbourhood))
        )
        for name, items in grouped.items()
    ]
    organisations.sort(key=lambda o: (-len(o.actions), o.since, o.organisation.casefold()))
    summaries.sort(key=lambda s: (s.status != OK, s.name.casefold()))
    shown = mask_url_text(str(source))
    return CityOverview(
        source=shown, today=day, neighbourhoods=summaries, organisations=organisations
    )
