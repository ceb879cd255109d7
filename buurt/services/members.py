"""Members and organisations of the committee."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, field_validator
from sqlmodel import Session, col, func, select

from buurt.db.database import Database, retry_on_conflict
from buurt.db.enums import MemberKind, MemberRole, OrganisationKind
from buurt.db.models import Member, Organisation
from buurt.i18n import N_, _
from buurt.services import audit
from buurt.services.base import (
    InputModel,
    ReadModel,
    get,
    parse,
    require,
)
from buurt.services.row_versions import Versioned, edit_row


class OrganisationInput(InputModel):
    name: str = Field(min_length=1, max_length=120, title=N_("Name"))
    kind: OrganisationKind = Field(default=OrganisationKind.OTHER, title=N_("Kind"))


class OrganisationRead(ReadModel):
    id: int
    name: str
    kind: str
    active: bool
    version: int = 1


class MemberInput(InputModel):
    name: str = Field(min_length=1, max_length=120, title=N_("Name"))
    kind: MemberKind = Field(title=N_("Resident or professional"))
    role: MemberRole = Field(default=MemberRole.MEMBER, title=N_("Role"))
    organisation_id: int | None = Field(default=None, title=N_("Organisation"))
    function: str = Field(default="", max_length=120, title=N_("Function"))
    email: str = Field(default="", max_length=200, title=N_("E-mail"))
    phone: str = Field(default="", max_length=40, title=N_("Phone"))
    joined_on: date | None = Field(default=None, title=N_("Member since"))
    consent_contact_on: date | None = Field(default=None, title=N_("Consent: contact list"))
    consent_public_name_on: date | None = Field(
        default=None, title=N_("Consent: name in public minutes")
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and ("@" not in value or "." not in value.split("@")[-1] or " " in value):
            raise ValueError(_("'{value}' is not an e-mail address.").format(value=value))
        return value


class MemberRead(ReadModel):
    id: int
    name: str
    kind: str
    role: str
    organisation_id: int | None
    organisation: str = ""
    function: str
    email: str
    phone: str
    active: bool
    joined_on: date | None
    left_on: date | None
    consent_contact_on: date | None
    consent_public_name_on: date | None
    forgotten_at: datetime | None = None
    version: int = 1

    @property
    def is_resident(self) -> bool:
        return self.kind == MemberKind.RESIDENT.value


def _check_organisation(
    session: Session, values: OrganisationInput, organisation_id: int | None
) -> None:
    taken = session.exec(
        select(Organisation).where(func.lower(Organisation.name) == values.name.lower())
    ).first()
    require(
        taken is None or taken.id == organisation_id,
        _("There is already an organisation called {name}.").format(name=values.name),
        field="name",
    )


@retry_on_conflict
def add_organisation(db: Database, data: OrganisationInput | dict[str, object]) -> OrganisationRead:
    """Add an organisation; names are unique (ignoring case)."""
    values = parse(OrganisationInput, data)
    with db.transaction() as session:
        _check_organisation(session, values, None)
        row = Organisation(name=values.name, kind=values.kind.value)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="organisation",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.name,
        )
        return OrganisationRead.model_validate(row)


@retry_on_conflict
def update_organisation(
    db: Database, organisation_id: int, changes: dict[str, object], *, version: int | None = None
) -> OrganisationRead:
    """Rename an organisation or change its kind. `version`: the version the form showed
    (`OrganisationRead.version`); a change made elsewhere since is never overwritten
    (`ChangedElsewhere`)."""
    with db.transaction() as session:
        row = edit_row(session, db.actor, ORGANISATION, organisation_id, changes, version)
        return OrganisationRead.model_validate(row)


def get_organisation(db: Database, organisation_id: int) -> OrganisationRead:
    with db.reading() as session:
        return OrganisationRead.model_validate(
            get(session, Organisation, organisation_id, _("organisation"))
        )


def list_organisations(db: Database) -> list[OrganisationRead]:
    with db.reading() as session:
        rows = session.exec(select(Organisation).order_by(col(Organisation.name)))
        return [OrganisationRead.model_validate(r) for r in rows]


def _read(member: Member, organisations: dict[int, str]) -> MemberRead:
    data = member.model_dump()
    data["organisation"] = organisations.get(member.organisation_id or -1, "")
    return MemberRead.model_validate(data)


def _organisation_names(session: Session) -> dict[int, str]:
    return {o.id: o.name for o in session.exec(select(Organisation)) if o.id is not None}


def _check_member(session: Session, values: MemberInput, member_id: int | None) -> None:
    same = session.exec(
        select(Member).where(func.lower(Member.name) == values.name.lower())
    ).first()
    require(
        same is None or same.id == member_id,
        _("There is already a member called {name}.").format(name=values.name),
        field="name",
    )
    if values.organisation_id is not None:
        require(
            session.get(Organisation, values.organisation_id) is not None,
            _("That organisation does not exist."),
            field="organisation_id",
        )


def _not_forgotten(_session: Session, row: Member) -> None:
    require(row.forgotten_at is None, _("This member has been forgotten: nothing can change."))


ORGANISATION = Versioned(
    Organisation,
    "organisation",
    N_("organisation"),
    N_("This organisation was changed elsewhere; reload to see the change."),
    OrganisationInput,
    check=lambda session, values, row_id: _check_organisation(session, values, row_id),
    summary=lambda row: row.name,
)
MEMBER = Versioned(
    Member,
    "member",
    N_("member"),
    N_("This member was changed elsewhere; reload to see the change."),
    MemberInput,
    check=lambda session, values, row_id: _check_member(session, values, row_id),
    allowed=_not_forgotten,
    summary=lambda row: row.name,
)


@retry_on_conflict
def add_member(db: Database, data: MemberInput | dict[str, object]) -> MemberRead:
    """Add a member. A duplicate name is refused: minutes and ballots must be unambiguous."""
    values = parse(MemberInput, data)
    with db.transaction() as session:
        _check_member(session, values, None)
        row = Member(**values.model_dump(mode="python"))
        row.kind = values.kind.value
        row.role = values.role.value
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=db.actor,
            action="create",
            entity="member",
            entity_id=row.id,
            after=audit.snapshot(row),
            summary=row.name,
        )
        return _read(row, _organisation_names(session))


@retry_on_conflict
def update_member(
    db: Database, member_id: int, changes: dict[str, object], *, version: int | None = None
) -> MemberRead:
    """Change some of a member's details. `version` is the version the form showed (from
    `MemberRead.version`): when the member changed since (in another copy of the app, or from
    the command line), nothing is saved and `ChangedElsewhere` says to reload. A forgotten
    member can never be edited back."""
    with db.transaction() as session:
        row = edit_row(session, db.actor, MEMBER, member_id, changes, version)
        return _read(row, _organisation_names(session))


@retry_on_conflict
def set_member_active(
    db: Database, member_id: int, active: bool, *, on: date | None = None
) -> MemberRead:
    """Deactivate a member who left (history stays), or bring one back."""
    with db.transaction() as session:
        row = get(session, Member, member_id, _("member"))
        require(row.forgotten_at is None, _("This member has been forgotten: nothing can change."))
        before = audit.snapshot(row)
        row.active = active
        row.left_on = None if active else (on or date.today())
        session.add(row)
        session.flush()
        old, new = audit.changes(before, audit.snapshot(row))
        audit.record(
            session,
            actor=db.actor,
            action="activate" if active else "deactivate",
            entity="member",
            entity_id=row.id,
            before=old,
            after=new,
            summary=row.name,
        )
        return _read(row, _organisation_names(session))


def list_members(db: Database, *, include_inactive: bool = False) -> list[MemberRead]:
    """Members by name; residents and professionals alike."""
    with db.reading() as session:
        query = select(Member).order_by(func.lower(Member.name))
        if not include_inactive:
            query = query.where(col(Member.active))
        organisations = _organisation_names(session)
        return [_read(m, organisations) for m in session.exec(query)]


def get_member(db: Database, member_id: int) -> MemberRead:
    with db.reading() as session:
        return _read(get(session, Member, member_id, _("member")), _organisation_names(session))


def find_member(db: Database, name: str) -> MemberRead | None:
    """A member by name, ignoring case."""
    with db.reading() as session:
        row = session.exec(
            select(Member).where(func.lower(Member.name) == name.strip().lower())
        ).first()
        return None if row is None else _read(row, _organisation_names(session))
