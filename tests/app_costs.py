"""What a Textual app costs in a test process, cut once for the whole process (loaded by conftest.py
before any app is built). None of it changes what an app shows or does: the snapshots are the
same with and without them.

- CSS parsed once. Every `App` makes a new `Stylesheet` and parses the same CSS (Textual's
  widgets, buurt's own) again: about 7% of a Pilot test's CPU. Textual caches a parse per
  stylesheet only; here the cache is shared by every stylesheet of the process, keyed by the
  CSS, where it comes from and the variables (the theme) it was parsed with.

- Idle checked every 2 ms, not every 20. A Pilot key press, `pilot.pause()` and so `settle`
  end with Textual's `wait_for_idle`, which sleeps in steps of 20 ms until a step passes with the
  process (nearly) idle: at least 40 ms per key, and more in every wait. The meeting flow test
  sat idle for half its time. The test is the same (a step is idle when the process used under a
  twentieth of it, as before), only asked ten times as often; no test waits for a time.

- Python's cyclic garbage collector tuned for a test process (`after_collection`). A Pilot test
  makes and drops some hundred thousand objects, and Textual's bounded render caches keep a few
  hundred thousand alive between tests; with Python's default thresholds the collector ran some
  20,000 times per worker and spent 40 s of a worker's 115 s of CPU in tests/tui and
  tests/snapshots. What is loaded at collection (modules, test items) is frozen out of the
  collector, and it runs after 100,000 new objects instead of 700: garbage is freed all the same,
  only in larger rounds (about 1,300 a worker, 11-14 s).

The footer keys are no longer restyled twice as they mount: buurt's own footer
(`buurt.tui.widgets.footer`) sees to that for the app and the tests alike.
"""

from __future__ import annotations

import gc
from typing import Any

import textual._wait
from textual.css.stylesheet import Stylesheet

# Seconds between two looks at whether the app is idle (Textual's own: 1/50).
IDLE_STEP = 0.002

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


def after_collection() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 20, 20)


def install() -> None:
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
    textual._wait.SLEEP_GRANULARITY = IDLE_STEP
    textual._wait.SLEEP_IDLE = IDLE_STEP / 20
