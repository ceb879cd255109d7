"""Errors of the vote engine: each carries a translatable sentence (template + params)."""

from __future__ import annotations

from collections.abc import Mapping

from buurt.voting.messages import Message, Param


class VotingError(ValueError):
    """Input the engine cannot count: an unknown candidate, a bad ballot, a bad setting.

    `template` is an English sentence marked with `N_`; render it with
    `_(error.template).format(**error.params)`.
    """

    def __init__(self, template: str, params: Mapping[str, Param] | None = None) -> None:
        self.template = template
        self.params: dict[str, Param] = dict(params or {})
        super().__init__(self.message.render())

    @property
    def message(self) -> Message:
        """The sentence as a `Message`."""
        return Message(self.template, self.params)


class BallotFileError(VotingError):
    """A ballot file that cannot be read; nothing in it was counted.

    `path` names the file, `line` (1-based) and `column` (1-based, or None when the whole line
    or file is at fault) locate the problem. The template already names file, line and column
    through its params `file`, `line` and `column`.
    """

    def __init__(
        self,
        template: str,
        params: Mapping[str, Param] | None = None,
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        full: dict[str, Param] = dict(params or {})
        full["file"] = path
        if line is not None:
            full["line"] = line
        if column is not None:
            full["column"] = column
        super().__init__(template, full)
