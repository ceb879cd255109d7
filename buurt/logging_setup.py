"""Where unexpected errors are written: a log file in the user's log folder, never the screen."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs


def log_file() -> Path:
    folder = Path(os.environ.get("BUURT_LOG_DIR") or platformdirs.user_log_dir("buurt", False))
    return folder / "buurt.log"


def setup_logging() -> None:
    """Send the `buurt` logger to the log file (once); nothing goes to the terminal."""
    logger = logging.getLogger("buurt")
    if logger.handlers:
        return
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
