"""buurt's ranked-vote engine: ballots, profiles, counting methods, results with explanations.

A pure library: it imports nothing else of buurt (and no Textual, no database), uses exact
arithmetic (integers and `fractions.Fraction`) for every comparison, and does I/O only in
`buurt.voting.formats`. Sentences it produces are English templates with parameters
(`Message`), for the caller to translate.

    >>> from buurt.voting import Ballot, Profile, count
    >>> profile = Profile.from_ballots(
    ...     [Ballot.of("A", "B", "C", count=3), Ballot.of("B", "C", "A", count=2)],
    ...     ["A", "B", "C"],
    ... )
    >>> count(profile, "schulze", seats=1).winners
    ('A',)

Methods (`METHODS`): `schulze` (default), `ranked-pairs`, `borda`, `irv`, `stv`. Each gives the
full order as tiers (`Result.ranking`), the winners after tie-breaking (`Result.winners`), every
tie with the rule that decided it (`Result.ties`) and an explanation (`Result.explanation`).
`Result.to_dict()` / `Result.from_dict()` store a result as JSON; `recount(ballots, settings)`
counts stored ballots again so a stored result can be checked: the elected always, the order
when `order_comparable(result.engine_version, method)` (see `buurt.voting.versions`).

`Result.explanation.lines` are sentences (`Message`: an English template marked with `N_` and
its parameters; show them with `m.render(_, ngettext)`). `explanation.data` holds
the tables, keyed by candidate name or in the order of `candidates`:

* every method: `candidates`, `weights` (`resident`, `professional`, `none`);
* schulze: `pairwise` (N[a][b], ballots ranking a above b; None on the diagonal),
  `strongest_paths`, `steps` (candidates left and winners at each place);
* ranked-pairs: `pairwise`, `pairs` (winner, loser, margin, for, against, outcome:
  locked / skipped / open), in the order they were taken;
* borda: `scores`;
* irv: `runs`, one per place: `place`, `candidates`, `winner`, `rounds` (round, votes,
  exhausted so far, eliminated, transfers, exhausted_now, winner);
* stv: `quota`, `stages` (stage, kind first / surplus / exclusion, candidate, votes,
  transfers, non_transferable, elected, excluded, surplus, not_transferred),
  `order_of_election` (candidate, stage, votes at the end of that stage, rule `quota` or
  `last-vacancies`, tied), `ended` (stage, rule) and `decided` (the stage after which the
  remaining votes could not change the result while the rules went on: stage, candidates,
  votes, rest; or None).

Numbers are `int` or `Fraction` (exact); `show()` formats one for a sentence.
"""

from __future__ import annotations

from buurt.voting.ballots import (
    GROUPS,
    Ballot,
    Entry,
    Group,
    Profile,
    canonical_digest,
    canonical_records,
    group_weights,
)
from buurt.voting.count import METHOD_NAMES, METHODS, count, recount
from buurt.voting.errors import BallotFileError, VotingError
from buurt.voting.messages import Message
from buurt.voting.result import Explanation, Result, Settings, show
from buurt.voting.tables import Round, Run, Stage, Tables
from buurt.voting.ties import TIE_BREAKS, TieBreak, TieRecord, lot_order
from buurt.voting.versions import ENGINE_VERSION, order_comparable

__all__ = [
    "ENGINE_VERSION",
    "GROUPS",
    "METHODS",
    "METHOD_NAMES",
    "TIE_BREAKS",
    "Ballot",
    "BallotFileError",
    "Entry",
    "Explanation",
    "Group",
    "Message",
    "Profile",
    "Result",
    "Round",
    "Run",
    "Settings",
    "Stage",
    "Tables",
    "TieBreak",
    "TieRecord",
    "VotingError",
    "canonical_digest",
    "canonical_records",
    "count",
    "group_weights",
    "lot_order",
    "order_comparable",
    "recount",
    "show",
]
