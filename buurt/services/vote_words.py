"""The words for a vote's method and for how a tie was decided, in one place: the result
screen, the minutes and `buurt tally` all say them the same way.

Strings are marked with `N_` and translated where they are shown (`method_in_words`,
`tie_rule`), so that the language can change while the app runs.
"""

from __future__ import annotations

from buurt.db.enums import VoteMethod
from buurt.i18n import N_, _
from buurt.voting import METHOD_NAMES

# How each method works, in words a resident can follow (the engine's own sentences are longer).
METHOD_IN_WORDS = {
    VoteMethod.SCHULZE.value: N_(
        "Schulze compares every pair of problems: how many voters put one above the other. "
        "A problem beats another when its strongest chain of pairwise wins is stronger; the "
        "problem that beats all others comes first, and so on down."
    ),
    VoteMethod.RANKED_PAIRS.value: N_(
        "Ranked Pairs compares every pair of problems. The biggest majorities are locked in "
        "first; a pair that would contradict the ones already locked is skipped. The locked "
        "pairs give the order."
    ),
    VoteMethod.BORDA.value: N_(
        "Borda gives a problem one point for every problem ranked below it on a ballot (half "
        "a point for a tie). The most points comes first."
    ),
    VoteMethod.IRV.value: N_(
        "Instant runoff looks at first choices. The problem with the fewest is dropped and its "
        "ballots go to their next choice, until one problem has a majority. This is repeated "
        "for each place."
    ),
    VoteMethod.STV.value: N_(
        "STV fills all places together. A problem that reaches the quota is elected and its "
        "surplus votes pass on to the next choices; when none reaches it, the weakest is "
        "excluded and its votes pass on."
    ),
}

# What the score column of the order means, for the methods that have one.
SCORE_LABEL = {
    VoteMethod.SCHULZE.value: N_("Head-to-head wins"),
    VoteMethod.RANKED_PAIRS.value: N_("Head-to-head wins"),
    VoteMethod.BORDA.value: N_("Points"),
}

# How a tie was decided (the engine's rule names), as the end of a sentence about the tie.
TIE_RULES = {
    "lot": N_("drawn by lot"),
    "casting": N_("decided by the chair's casting vote"),
    "earlier-rounds": N_("decided by the earlier rounds"),
    "none": N_("left open"),
}

# Who or what decided a tie, as the subject of a sentence ("the lot decided who ...").
TIE_DECIDERS = {
    "lot": N_("the lot"),
    "casting": N_("the chair's casting vote"),
    "earlier-rounds": N_("the earlier rounds"),
}


def method_name(method: str) -> str:
    """The method's name ("Schulze", "Single transferable vote") in the current language."""
    return _(METHOD_NAMES[method]) if method in METHOD_NAMES else method


def method_in_words(method: str) -> str:
    """How the method counts, in plain words, in the current language ("" if unknown)."""
    return _(METHOD_IN_WORDS[method]) if method in METHOD_IN_WORDS else ""


def score_label(method: str) -> str:
    """What the method's score means ("" for a method without a score)."""
    return _(SCORE_LABEL[method]) if method in SCORE_LABEL else ""


def tie_rule(rule: str) -> str:
    """How a tie was decided ("drawn by lot"), in the current language."""
    return _(TIE_RULES[rule]) if rule in TIE_RULES else rule


def tie_decider(rule: str) -> str:
    """Who or what decided a tie ("the lot"), in the current language."""
    return _(TIE_DECIDERS.get(rule, N_("the rules of the count")))


def joined_names(names: list[str]) -> str:
    """Names as a sentence says them: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])
