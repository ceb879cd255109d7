"""`buurt minutes FILE --meeting ID`: export the minutes (owned by the minutes work)."""

from __future__ import annotations
