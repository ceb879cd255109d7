"""`buurt import/export/backup/restore/verify/forget`: the data-safety commands."""

from __future__ import annotations
