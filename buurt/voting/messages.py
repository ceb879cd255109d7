"""User-facing sentences of the vote engine, kept translatable without importing `buurt.i18n`.

The engine stands alone (it imports nothing else of buurt), so it cannot translate. Every
sentence it produces is an English template marked with `N_` (the extractor looks for `_`, `N_`
and `ngettext`), carried together with its parameters as a `Message`. Whoever shows it
translates the template and fills it in::

    text = _(message.template).format(**message.params)

Structured explanation data (matrices, scores, rounds) is never put into sentences: it stays data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

Param: TypeAlias = str | int


def N_(s: str) -> str:
    """Mark `s` for translation without translating it (the engine cannot translate)."""
    return s


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence for a person: an English template (marked with `N_`) and its parameters."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The sentence in English, or through `translate` (a callable like `buurt.i18n._`)."""
        template = translate(self.template) if translate is not None else self.template
        return template.format(**self.params)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: template, params and the English text."""
        return {"template": self.template, "params": dict(self.params), "text": self.render()}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Message:
        """Inverse of `to_dict` (the English text is recomputed, not read)."""
        params = data.get("params") or {}
        if not isinstance(params, Mapping):
            raise TypeError("message params must be a mapping")
        return cls(str(data["template"]), {str(k): _param(v) for k, v in params.items()})


def _param(value: object) -> Param:
    return value if isinstance(value, int | str) else str(value)


def names(candidates: Iterable[str]) -> str:
    """Candidate names joined for a sentence: `A, B, C`."""
    return ", ".join(candidates)
