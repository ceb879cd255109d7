"""The neighbourhood's settings and its categories."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import Field
from sqlmodel import col, select

from buurt.db.database import Database, open_database, retry_on_conflict
from buurt.db.enums import VoteMethod
from buurt.db.models import Category, Neighbourhood
from buurt.errors import InputError
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import InputModel, ReadModel, parse, require

# The shipped categories, after the CBS Veiligheidsmonitor's forms of neighbourhood nuisance.
# Names are stored in English and shown translated; a neighbourhood can rename or add its own.
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("litter", N_("Litter"), "physical_decay"),
    ("vandalism", N_("Vandalism"), "physical_decay"),
    ("graffiti", N_("Graffiti"), "physical_decay"),
    ("dog_fouling", N_("Dog fouling"), "physical_decay"),
    ("drunkenness", N_("Drunkenness"), "social_nuisance"),
    ("drugs", N_("Drugs use or dealing"), "social_nuisance"),
    ("neighbours", N_("Nuisance by neighbours"), "social_nuisance"),
    ("harassment", N_("Harassment"), "social_nuisance"),
    ("youth", N_("Loitering youth"), "social_nuisance"),
    ("speeding", N_("Speeding"), "traffic"),
    ("parking", N_("Parking"), "traffic"),
    ("aggressive_driving", N_("Aggressive driving"), "traffic"),
    ("hospitality", N_("Hospitality nuisance"), "hospitality"),
    ("burglary", N_("Burglary"), "crime"),
    ("bicycle_theft", N_("Bicycle theft"), "crime"),
    ("other", N_("Other"), "other"),
]

CATEGORY_GROUPS = {
    "physical_decay": N_("Physical decay"),
    "social_nuisance": N_("Social nuisance"),
    "traffic": N_("Traffic"),
    "hospitality": N_("Hospitality"),
    "crime": N_("Crime"),
    "other": N_("Other"),
}


class NeighbourhoodInput(InputModel):
    name: str = Field(min_length=1, max_length=120, title=N_("Name"))
    municipality: str = Field(default="", max_length=120, title=N_("Municipality"))
    language: str = Field(default="nl", pattern="^(nl|en)$", title=N_("Language"))
    default_method: VoteMethod = Field(default=VoteMethod.SCHULZE, title=N_("Voting method"))
    quorum_percent: int = Field(default=50, ge=0, le=100, title=N_("Quorum (%)"))
    period_months: int = Field(default=3, ge=1, le=36, title=N_("Period length (months)"))
    max_priorities: int = Field(default=3, ge=1, le=10, title=N_("Number of priorities"))
    professional_hours: int = Field(default=0, ge=0, title=N_("Professional hours per period"))
    backups_keep: int = Field(default=10, ge=1, le=1000, title=N_("Backups to keep"))
    retention_years: int = Field(default=0, ge=0, le=100, title=N_("Retention (years)"))
    theme: str = Field(default="", max_length=40, title=N_("Theme"))


class NeighbourhoodRead(ReadModel):
    id: int
    name: str
    municipality: str
    language: str
    default_method: str
    quorum_percent: int
    period_months: int
    max_priorities: int
    professional_hours: int
    backups_keep: int
    retention_years: int
    theme: str


class CategoryRead(ReadModel):
    id: int
    code: str | None
    name: str
    group: str
    active: bool

    @property
    def label(self) -> str:
        """The name in the current language (shipped names are translated)."""
        return _(self.name)


@contextmanager
def new_file(path: Path, *, actor: str) -> Iterator[Database]:
    """A new neighbourhood file at `path`, open for what fills it (`with new_file(path,
    actor=...) as db:`). When filling it fails, the file (with its -wal and -shm) is removed
    again: no half-made file is left."""
    db = open_database(path, create=True, actor=actor)
    try:
        yield db
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    db.close()


@retry_on_conflict
def create_neighbourhood(
    db: Database, data: NeighbourhoodInput | dict[str, object]
) -> NeighbourhoodRead:
    """Set up a new file: its settings and the shipped categories."""
    values = parse(NeighbourhoodInput, data)
    with db.transaction() as session:
        exists = session.exec(select(Neighbourhood)).first()
        require(exists is None, _("This file already holds a neighbourhood."))
        row = Neighbourhood(**values.model_dump(mode="json"))
        session.add(row)
        for position, (code, name, group) in enumerate(DEFAULT_CATEGORIES):
            session.add(Category(code=code, name=name, group=group, position=position))
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="neighbourhood",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=values.name,
        )
        return NeighbourhoodRead.model_validate(row)


def get_neighbourhood(db: Database) -> NeighbourhoodRead:
    """The settings of this file's neighbourhood."""
    with db.reading() as session:
        row = session.exec(select(Neighbourhood)).first()
        if row is None:
            raise InputError(_("This file holds no neighbourhood yet."))
        return NeighbourhoodRead.model_validate(row)


def find_neighbourhood(db: Database) -> NeighbourhoodRead | None:
    """The settings, or None for a file that was just created and has none yet."""
    with db.reading() as session:
        row = session.exec(select(Neighbourhood)).first()
        return None if row is None else NeighbourhoodRead.model_validate(row)


@retry_on_conflict
def update_neighbourhood(db: Database, changes: dict[str, object]) -> NeighbourhoodRead:
    """Change some settings; the rest stay as they are."""
    with db.transaction() as session:
        row = session.exec(select(Neighbourhood)).first()
        if row is None:
            raise InputError(_("This file holds no neighbourhood yet."))
        before = audit.snapshot(row)
        merged = {**NeighbourhoodRead.model_validate(row).model_dump(exclude={"id"}), **changes}
        values = parse(NeighbourhoodInput, merged)
        for key, value in values.model_dump(mode="json").items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="update",
            entity="neighbourhood",
            entity_id=row.id,
            before=old,
            after=new,
        )
        return NeighbourhoodRead.model_validate(row)


def list_categories(db: Database, *, include_inactive: bool = False) -> list[CategoryRead]:
    with db.reading() as session:
        query = select(Category).order_by(col(Category.position), col(Category.id))
        if not include_inactive:
            query = query.where(col(Category.active))
        return [CategoryRead.model_validate(c) for c in session.exec(query)]
