"""Fixed costs of a Textual app paid once per test process instead of once per app (loaded by
conftest.py before any app is built). Neither changes what an app shows or does: the snapshots
are the same with and without them.

- CSS parsed once. Every `App` makes a new `Stylesheet` and parses the same CSS (Textual's
  widgets, buurt's own) again: about 7% of a Pilot test's CPU. Textual caches a parse per
  stylesheet only; here the cache is shared by every stylesheet of the process, keyed by the
  CSS, where it comes from and the variables (the theme) it was parsed with.
- No restyling of a footer key as it mounts. `Footer` yields each `FooterKey` with
  `data_bind(compact=Footer.compact)`; a key starts as compact (its own default), so on mounting
  it gets the `-compact` class, is restyled, then the bound value (the footer is not compact)
  takes the class away and it is restyled again. A footer is composed anew whenever the keys
  change (a new screen, another focused widget), so this was 12-15% of a Pilot test's CPU. Here
  a bound key starts with its footer's value, so nothing changes as it mounts: the classes and
  sizes each key ends with are the same as before (the palette key, which is not bound, stays
  compact).
"""

from __future__ import annotations

from typing import Any

from textual._context import active_message_pump
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget
from textual.widgets._footer import Footer, FooterKey

_PARSED: dict[tuple[Any, ...], Any] = {}
_parse_rules = Stylesheet._parse_rules


def _variables_key(sheet: Stylesheet) -> tuple[tuple[str, str], ...]:
    variables = sheet._variables
    known = sheet.__dict__.get("_shared_variables")
    if known is None or known[0] is not variables:
        known = (variables, tuple(sorted(variables.items())))
        sheet.__dict__["_shared_variables"] = known
    key: tuple[tuple[str, str], ...] = known[1]
    return key


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        _PARSED[key] = rules
    return rules


def _data_bind(self: FooterKey, *args: Any, **kwargs: Any) -> FooterKey:
    if "compact" in kwargs:
        footer = active_message_pump.get(None)  # the Footer composing this key
        if isinstance(footer, Footer):
            self.set_reactive(FooterKey.compact, footer.compact)
    return Widget.data_bind(self, *args, **kwargs)


def install() -> None:
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
    FooterKey.data_bind = _data_bind  # type: ignore[method-assign]
