"""The ranking widget: a voter puts the candidates in their order.

Keys on the list: up/down choose a candidate; shift+up / shift+down (or k / j) move it up or down
the order; a digit gives it that rank, as written on a paper ballot (equal numbers are a tie);
`=` ties it with the candidate above; space ranks it last or takes it off the ranking; x, delete
or backspace leaves it unranked.

A key does one thing, so the keyboard is predictable (a chair copying paper ballots types a
digit, then ↓, row after row): a digit or x writes the rank beside the highlighted row, and the
row stays where it is, highlighted; ↓ goes to the row below, exactly one. Moving (shift+↑↓),
space and `=` put the list in the ranked order again (ranked first, unranked below), as does
a new ballot; the highlight stays on the candidate it was on.

The order itself lives in `Ranking`, a small class without Textual, so it is easy to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from buurt.i18n import N_, _
from buurt.text import visible
from buurt.tui.base import translate_bindings


class Ranking:
    """Ranks per candidate id (1 is first; equal ranks are a tie; unranked: absent)."""

    def __init__(self, candidates: Sequence[tuple[int, str]]) -> None:
        self.candidates = list(candidates)
        self.ranks: dict[int, int] = {}

    def clear(self) -> None:
        self.ranks = {}

    def order(self) -> list[int]:
        """Candidate ids as shown: ranked by rank (ties in list order), then the unranked."""
        position = {cid: i for i, (cid, _label) in enumerate(self.candidates)}
        ranked = sorted(self.ranks, key=lambda c: (self.ranks[c], position[c]))
        return ranked + [cid for cid, _label in self.candidates if cid not in self.ranks]

    def _dense(self) -> None:
        distinct = sorted(set(self.ranks.values()))
        self.ranks = {c: distinct.index(r) + 1 for c, r in self.ranks.items()}

    def _shift_from(self, rank: int) -> None:
        self.ranks = {c: r + 1 if r >= rank else r for c, r in self.ranks.items()}

    def set_rank(self, cid: int, rank: int | None) -> None:
        """Give `cid` a rank as written (None: unranked); other candidates keep theirs."""
        if rank is None:
            self.ranks.pop(cid, None)
        else:
            self.ranks[cid] = rank

    def toggle(self, cid: int) -> None:
        """Rank an unranked candidate last; take a ranked one off the ranking."""
        if cid in self.ranks:
            del self.ranks[cid]
            self._dense()
        else:
            self.ranks[cid] = max(self.ranks.values(), default=0) + 1

    def move_up(self, cid: int) -> None:
        self._dense()
        if cid not in self.ranks:
            self.ranks[cid] = max(self.ranks.values(), default=0) + 1
            return
        rank = self.ranks[cid]
        mates = [c for c, r in self.ranks.items() if r == rank and c != cid]
        if mates:
            self._shift_from(rank)
            self.ranks[cid] = rank
        elif rank > 1:
            for c, r in list(self.ranks.items()):
                if r == rank - 1:
                    self.ranks[c] = rank
            self.ranks[cid] = rank - 1

    def move_down(self, cid: int) -> None:
        self._dense()
        if cid not in self.ranks:
            return
        rank = self.ranks[cid]
        mates = [c for c, r in self.ranks.items() if r == rank and c != cid]
        if mates:
            self._shift_from(rank + 1)
            self.ranks[cid] = rank + 1
        elif rank < max(self.ranks.values()):
            for c, r in list(self.ranks.items()):
                if r == rank + 1:
                    self.ranks[c] = rank
            self.ranks[cid] = rank + 1
        else:
            del self.ranks[cid]

    def tie_with_above(self, cid: int, shown: Sequence[int] | None = None) -> None:
        """Give `cid` the rank of the candidate shown just above it (in `shown`, the list as
        it is on screen, or else in the ranked order)."""
        order = list(shown) if shown is not None else self.order()
        index = order.index(cid)
        if index == 0 or order[index - 1] not in self.ranks:
            return
        self.ranks[cid] = self.ranks[order[index - 1]]
        self._dense()


class RankingList(OptionList):
    """The candidates in the voter's order; posts `RankingList.Changed` on every change."""

    DEFAULT_CSS = """
    RankingList { height: auto; max-height: 100%; border: tall $primary; padding: 0 1; }
    RankingList:focus { border: tall $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,k", "move_up", N_("Move up"), id="ranking.up"),
        Binding("shift+down,j", "move_down", N_("Move down"), id="ranking.down"),
        Binding("equals_sign", "tie", N_("Tie with above"), id="ranking.tie"),
        Binding("space", "toggle_rank", N_("Rank / unrank"), id="ranking.toggle"),
        Binding("x,delete,backspace", "unrank", N_("Leave unranked"), id="ranking.unrank"),
        *(Binding(str(n), f"rank({n})", show=False, id=f"ranking.rank{n}") for n in range(1, 10)),
    ]

    class Changed(Message):
        def __init__(self, ranking: RankingList) -> None:
            super().__init__()
            self.ranking = ranking

        @property
        def control(self) -> RankingList:
            return self.ranking

    def __init__(self, candidates: Sequence[tuple[int, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.model = Ranking(candidates)
        self.labels = dict(candidates)
        # The candidate ids in the order the rows are shown.
        self.shown: list[int] = []

    def on_mount(self) -> None:
        self._show(None)
        if self.option_count:
            self.highlighted = 0

    @property
    def ranks(self) -> dict[int, int]:
        return dict(self.model.ranks)

    def reset(self) -> None:
        """Forget the ranking (a new voter starts from an empty ballot)."""
        self.model.clear()
        self._show(None)
        self.highlighted = 0 if self.option_count else None

    def _current(self) -> int | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return int(option.id) if option.id is not None else None

    def _show(self, keep: int | None, *, resort: bool = True) -> None:
        """Show the rows, in the ranked order or (`resort` False) where they are; `keep`:
        the candidate to highlight."""
        order = self.model.order() if resort or not self.shown else list(self.shown)
        self.shown = order
        options: list[Option] = []
        previous_rank: int | None = None
        for cid in order:
            rank = self.model.ranks.get(cid)
            line = Text()
            if rank is None:
                line.append(" – ", style="dim")
                line.append("  ")
                line.append(visible(self.labels[cid]), style="dim")
                line.append("  " + _("(unranked)"), style="dim italic")
            else:
                line.append(f"{rank:>2} ", style="bold")
                line.append("= " if rank == previous_rank else "  ", style="bold")
                line.append(visible(self.labels[cid]))
            previous_rank = rank
            options.append(Option(line, id=str(cid)))
        self.clear_options()
        self.add_options(options)
        if keep is not None:
            self.highlighted = order.index(keep)

    def _change(self, action: str, *args: int) -> None:
        cid = self._current()
        if cid is None:
            return
        if action == "tie_with_above":
            self.model.tie_with_above(cid, self.shown)
        else:
            getattr(self.model, action)(cid, *args)
        self._show(cid)
        self.post_message(self.Changed(self))

    def action_move_up(self) -> None:
        self._change("move_up")

    def action_move_down(self) -> None:
        self._change("move_down")

    def action_tie(self) -> None:
        self._change("tie_with_above")

    def action_toggle_rank(self) -> None:
        self._change("toggle")

    def action_unrank(self) -> None:
        self._write(None)

    def action_rank(self, rank: int) -> None:
        self._write(rank)

    def _write(self, rank: int | None) -> None:
        """A rank as written on the paper (None: left blank), beside the highlighted row;
        the rows stay where they are and the highlight stays on that row (↓ goes on)."""
        cid = self._current()
        if cid is None:
            return
        self.model.set_rank(cid, rank)
        self._show(cid, resort=False)
        self.post_message(self.Changed(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter or a click ranks the candidate last, or takes it off again.
        event.stop()
        self.action_toggle_rank()

    def describe(self) -> str:
        """The ranking as one line ("1 A, 2 B = C"), for a summary or a mismatch message."""
        parts = []
        for cid in self.model.order():
            rank = self.model.ranks.get(cid)
            if rank is not None:
                parts.append(f"{rank} {self.labels[cid]}")
        return ", ".join(parts) or _("(empty ballot)")
