"""User-facing sentences of the vote engine, kept translatable without importing `buurt.i18n`.

The engine stands alone (it imports nothing else of buurt), so it cannot translate. Every
sentence it produces is an English template marked with `N_` (the extractor looks for `_`, `N_`
and `ngettext`), carried together with its parameters as a `Message`. Whoever shows it
translates the template and fills it in::

    text = message.render(_, ngettext)

A number with its noun ("1 vote", "12.5 votes") is a `Counted` parameter: both forms are marked
with this module's `ngettext` (a marker, as `N_` is), and the form is picked when the sentence
is shown, by the number as shown: "1" takes the singular, anything else (0, 2, 12.5) the
plural, as in English and Dutch.

Structured explanation data (matrices, scores, rounds) is never put into sentences: it stays data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias


def N_(s: str) -> str:
    """Mark `s` for translation without translating it (the engine cannot translate)."""
    return s


@dataclass(frozen=True, slots=True)
class Counted:
    """A number as shown (`n`, e.g. "1" or "12.5") with its noun in both forms, as templates
    with `{n}`: "{n} vote" / "{n} votes". `str()` gives the English phrase."""

    singular: str
    plural: str
    n: str

    @property
    def is_one(self) -> bool:
        """True when the number as shown is exactly one (the singular form)."""
        return self.n == "1"

    def render(self, ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """The phrase in English, or through `ngettext` (a callable like `buurt.i18n.ngettext`)."""
        count = 1 if self.is_one else 2
        if ngettext is None:
            template = self.singular if self.is_one else self.plural
        else:
            template = ngettext(self.singular, self.plural, count)
        return template.format(n=self.n)

    def __str__(self) -> str:
        return self.render()

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"n": self.n, "singular": self.singular, "plural": self.plural}


def ngettext(singular: str, plural: str, n: str) -> Counted:
    """Mark a counted phrase for translation (extracted like gettext's `ngettext`) and carry
    it with its number as shown; the form is picked when the sentence is shown."""
    return Counted(singular, plural, n)


def votes(n: str) -> Counted:
    """A number of votes as shown (`show(...)`): "1 vote", "12.5 votes"."""
    return ngettext("{n} vote", "{n} votes", n)


def points(n: str) -> Counted:
    """A Borda score as shown: "1 point", "2.5 points"."""
    return ngettext("{n} point", "{n} points", n)


def seats(n: int) -> Counted:
    """A number of seats: "1 seat", "3 seats"."""
    return ngettext("{n} seat", "{n} seats", str(n))


Param: TypeAlias = str | int | Counted


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence for a person: an English template (marked with `N_`) and its parameters."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def render(
        self,
        translate: Callable[[str], str] | None = None,
        plural: Callable[[str, str, int], str] | None = None,
    ) -> str:
        """The sentence in English, or through `translate` and `plural` (callables like
        `buurt.i18n._` and `buurt.i18n.ngettext`; counted phrases stay English without
        `plural`)."""
        template = translate(self.template) if translate is not None else self.template
        values = {
            key: value.render(plural) if isinstance(value, Counted) else value
            for key, value in self.params.items()
        }
        return template.format(**values)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: template, params and the English text."""
        params = {
            key: value.to_dict() if isinstance(value, Counted) else value
            for key, value in self.params.items()
        }
        return {"template": self.template, "params": params, "text": self.render()}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Message:
        """Inverse of `to_dict` (the English text is recomputed, not read).

        Sentences stored by older versions, which wrote "{votes} votes" whatever the number,
        are read as the sentences that replaced them (see `_OLD_TEMPLATES`)."""
        params = data.get("params") or {}
        if not isinstance(params, Mapping):
            raise TypeError("message params must be a mapping")
        template = str(data["template"])
        values = {str(k): _param(v) for k, v in params.items()}
        if template in _OLD_TEMPLATES:
            template, counted = _OLD_TEMPLATES[template]
            for key, noun in counted.items():
                if key in values and not isinstance(values[key], Counted):
                    singular, plural = noun
                    values[key] = Counted(singular, plural, str(values[key]))
        return cls(template, values)


def _param(value: object) -> Param:
    if isinstance(value, Mapping) and {"n", "singular", "plural"} <= set(value):
        return Counted(str(value["singular"]), str(value["plural"]), str(value["n"]))
    return value if isinstance(value, int | str) else str(value)


def names(candidates: Iterable[str]) -> str:
    """Candidate names joined for a sentence: `A, B, C`."""
    return ", ".join(candidates)


# Templates stored in results by engine versions before counted phrases, mapped to the current
# template and the parameters that hold a number of votes (a stored result must always show).
_VOTES = ("{n} vote", "{n} votes")
_OLD_TEMPLATES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "Place {place}: {names} with {score} points.": (
        "Place {place}: {names} with {score}.",
        {"score": ("{n} point", "{n} points")},
    ),
    "Single transferable vote (Scottish rules) for {seats} seats: quota {quota} (Droop: total "
    "votes {total} divided by seats + 1, rounded down, plus 1).": (
        "Single transferable vote (Scottish rules) for {seats}: quota {quota} (Droop: total "
        "votes {total} divided by seats + 1, rounded down, plus 1).",
        {"seats": ("{n} seat", "{n} seats")},
    ),
    "Round {round}: {name} wins with {votes} of {active} votes.": (
        "Round {round}: {name} wins with {votes} of {active}.",
        {"active": _VOTES},
    ),
    "Round {round}: {names} eliminated with {votes} votes; {exhausted} votes exhausted.": (
        "Round {round}: {names} eliminated with {votes}; {exhausted} exhausted.",
        {"votes": _VOTES, "exhausted": _VOTES},
    ),
    "After stage {stage} the remaining votes cannot change the result: {names} will be elected "
    "({votes} votes for the last of them; at most {rest} for anyone below, surpluses not yet "
    "transferred included). Some published counts stop here, but the Scottish rules have no rule "
    "for it: they transfer every surplus while a seat is unfilled (rule 48) and exclude the lowest "
    "(rule 50) until the continuing candidates are as many as the seats left (rule 52), so the "
    "count goes on.": (
        "After stage {stage} the remaining votes cannot change the result: {names} will be "
        "elected ({votes} for the last of them; at most {rest} for anyone below, surpluses not "
        "yet transferred included). Some published counts stop here, but the Scottish rules have "
        "no rule for it: they transfer every surplus while a seat is unfilled (rule 48) and "
        "exclude the lowest (rule 50) until the continuing candidates are as many as the seats "
        "left (rule 52), so the count goes on.",
        {"votes": _VOTES},
    ),
    "Stage {stage}: {names} excluded with {votes} votes; their papers are not transferred, as "
    "the last seats are now filled (rule 52(2)).": (
        "Stage {stage}: {names} excluded with {votes}; their papers are not transferred, as the "
        "last seats are now filled (rule 52(2)).",
        {"votes": _VOTES},
    ),
    "Stage {stage}: {names} excluded with {votes} votes; {lost} non-transferable.": (
        "Stage {stage}: {names} excluded with {votes}; {lost} non-transferable.",
        {"votes": _VOTES},
    ),
    "{place}. {name}: elected at stage {stage} with {votes} votes.": (
        "{place}. {name}: elected at stage {stage} with {votes}.",
        {"votes": _VOTES},
    ),
    "{place}. {name}: elected at stage {stage} with {votes} votes, as one of the last "
    "continuing candidates (rule 52).": (
        "{place}. {name}: elected at stage {stage} with {votes}, as one of the last continuing "
        "candidates (rule 52).",
        {"votes": _VOTES},
    ),
}
