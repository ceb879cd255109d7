"""`buurt import/export/backup/restore/verify/forget/retention`: the data-safety commands.

Each command opens the file through the same checks as the app (a bad file is one sentence and
exit code 2, the file untouched) and calls one service; it prints what happened.
"""

# The commands register on `app` when imported, in this order (the order `buurt --help` shows).
from buurt.cli.data import backups, exchange, privacy

__all__ = ["backups", "exchange", "privacy"]
