"""`buurt tally BALLOTS`: count a ballot file with no database (owned by the vote-engine work)."""

from __future__ import annotations
