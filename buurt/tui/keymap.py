"""The chair's own keys: a keymap file in the user's config folder rebinds any key of the app.

Every key binding of buurt has an id (`nav.members`, `form.save`, `meeting.next`, ...; the help
screen lists them). The file `keymap.toml` in the config folder
(`platformdirs.user_config_dir("buurt")`, e.g. `~/.config/buurt/keymap.toml`, or the folder
`BUURT_CONFIG_DIR` names) maps ids to keys, as Textual's `App.set_keymap` takes them:

    # Members under l instead of m; save a form with ctrl+s or F2.
    "nav.members" = "l"
    "form.save" = "ctrl+s,f2"

A file that cannot be read, or a line that is not an id with a text of keys, is reported in one
sentence naming the file; the keys it could read still apply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from textual.app import App

from buurt.i18n import _

FILE_NAME = "keymap.toml"


def config_folder() -> Path:
    """Where the chair's settings for the app live (not made until something is written)."""
    return Path(os.environ.get("BUURT_CONFIG_DIR") or platformdirs.user_config_dir("buurt"))


def keymap_file() -> Path:
    return config_folder() / FILE_NAME


@dataclass(frozen=True)
class LoadedKeymap:
    """The keys read from the file, and what was wrong with it (translated sentences)."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_keymap(path: Path | None = None) -> LoadedKeymap:
    """Read the keymap file; a missing file is an empty keymap."""
    path = path or keymap_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedKeymap()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return LoadedKeymap(
            problems=[_("{file} cannot be read: {reason}").format(file=path, reason=reason)]
        )
    import tomllib  # only when there is a file: most starts have none

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return LoadedKeymap(
            problems=[
                _("{file} is not a valid keymap ({reason}); the usual keys apply.").format(
                    file=path, reason=error
                )
            ]
        )
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if isinstance(value, str) and value.strip():
            keys[binding_id] = value.strip()
        else:
            problems.append(
                _('{file}: "{id}" needs its keys as text, e.g. "{id}" = "ctrl+s".').format(
                    file=path, id=binding_id
                )
            )
    return LoadedKeymap(keys, problems)


def use_keymap(app: App[Any]) -> dict[str, str]:
    """Apply the chair's keymap file to `app` (`App.set_keymap`); say what was wrong with it."""
    loaded = load_keymap()
    if loaded.keys:
        app.set_keymap(loaded.keys)
    for problem in loaded.problems:
        app.notify(problem, title=_("Keymap"), severity="warning", timeout=15)
    return loaded.keys
