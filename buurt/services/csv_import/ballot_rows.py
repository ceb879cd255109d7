"""Ballots from a CSV file into an open vote, after the vote engine's reader has read the
whole file.
"""

from __future__ import annotations

from functools import partial

from buurt import voting
from buurt.db.enums import VoteStatus
from buurt.errors import InputError
from buurt.i18n import _
from buurt.services import votes
from buurt.services.csv_import.report import ImportRow, _attempt, _Run
from buurt.services.csv_import.table import _engine_error
from buurt.voting import formats

# -- ballots ------------------------------------------------------------------------------------


def _import_ballots(run: _Run, data: bytes, vote_id: int) -> list[str]:
    """Ballots into an open vote: the engine reads and checks the whole file first; each row
    is then cast for the member in its voter column (who may vote once)."""
    try:
        formats.parse_ballots(data, run.table.name, "csv")
    except voting.BallotFileError as error:
        raise _engine_error(error) from None
    except voting.VotingError as error:
        raise _engine_error(error) from None
    vote = votes.get_vote(run.db, vote_id)
    if vote.status != VoteStatus.OPEN.value:
        raise InputError(_("This vote is not open for ballots."))
    table = run.table
    keys = [cell.strip().lower() for cell in table.header]
    voter_col = next((i for i, k in enumerate(keys) if k in formats.VOTER_HEADERS), None)
    count_col = next((i for i, k in enumerate(keys) if k in formats.COUNT_HEADERS), None)
    group_col = next((i for i, k in enumerate(keys) if k in formats.GROUP_HEADERS), None)
    if voter_col is None:
        raise InputError(
            _(
                "{file}: the header has no voter column; each ballot must say which member "
                "cast it (for a secret vote only the fact that they voted is kept)."
            ).format(file=table.name),
            line=table.header_line,
        )
    by_label = {c.label.strip().lower(): c.id for c in vote.candidates}
    candidate_cols: dict[int, int] = {}
    for index, cell in enumerate(table.header):
        if index in (voter_col, count_col, group_col):
            continue
        candidate = by_label.get(cell.strip().lower())
        if candidate is None:
            raise InputError(
                _("{file}, line {line}: {candidate} is not a candidate in this vote.").format(
                    file=table.name, line=table.header_line, candidate=cell.strip()
                ),
                line=table.header_line,
                column=cell.strip(),
            )
        candidate_cols[index] = candidate
    eligible = {v.name.lower(): v for v in votes.voters(run.db, vote_id)}
    seen: set[int] = set()
    for line, cells in table.rows:
        voter_name = cells[voter_col].strip() if voter_col < len(cells) else ""
        header = table.header[voter_col].strip()
        if not voter_name:
            run.rows.append(
                ImportRow(
                    line=line, outcome="refuse", column=header, reason=_("the voter is empty.")
                )
            )
            continue
        if (
            count_col is not None
            and count_col < len(cells)
            and cells[count_col].strip() not in ("", "1")
        ):
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter_name,
                    column=table.header[count_col].strip(),
                    reason=_("a row with a voter is one ballot; its count must be 1."),
                )
            )
            continue
        voter = eligible.get(voter_name.lower())
        if voter is None:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter_name,
                    column=header,
                    reason=_(
                        "{name} may not vote in this vote (not present, or not a resident)."
                    ).format(name=voter_name),
                )
            )
            continue
        if voter.has_voted or voter.member_id in seen:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="skip",
                    label=voter.name,
                    reason=_("{name} has already voted.").format(name=voter.name),
                )
            )
            continue
        try:
            ranks = {
                candidate_cols[i]: int(cells[i].strip())
                for i in candidate_cols
                if i < len(cells) and cells[i].strip()
            }
        except ValueError:
            run.rows.append(
                ImportRow(
                    line=line,
                    outcome="refuse",
                    label=voter.name,
                    reason=_("a rank is not a whole number."),
                )
            )
            continue
        if _attempt(
            run,
            line,
            voter.name,
            partial(votes.cast_ballot, run.db, vote_id, voter.member_id, ranks),
        ):
            seen.add(voter.member_id)
            run.rows.append(ImportRow(line=line, outcome="add", label=voter.name))
    return []
