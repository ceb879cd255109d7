"""Where unexpected errors are written: a log file in the user's log folder, never the screen.

The log is for debugging: the folder is 0700 and the file 0600 (like everything buurt writes),
and database errors never carry the values of the statement that failed (`hide_parameters` on
the engine, and `_NoParameters` below for anything that slips through), so names, e-mail
addresses and phone numbers do not end up in it.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import platformdirs


def log_file() -> Path:
    folder = Path(os.environ.get("BUURT_LOG_DIR") or platformdirs.user_log_dir("buurt", False))
    return folder / "buurt.log"


_PARAMETERS = re.compile(r"\[parameters: .*?\]\s*(?=\(Background|$)", re.DOTALL)


class _NoParameters(logging.Filter):
    """Drop the "[parameters: ...]" part that SQLAlchemy adds to a failed statement's error."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "[parameters:" in message:
            record.msg = _PARAMETERS.sub("[parameters hidden] ", message)
            record.args = None
        return True


def _private_file(path: Path) -> None:
    """Make the log's folder (0700) and file (0600), and tighten them when they exist. The
    folders buurt makes on the way (`~/.local/state/buurt` above its `log`) are 0700 too."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def setup_logging() -> None:
    """Send the `buurt` logger to the log file (once); nothing goes to the terminal."""
    logger = logging.getLogger("buurt")
    if logger.handlers:
        return
    path = log_file()
    try:
        _private_file(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_NoParameters())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
