"""buurt: the chair's tool for Buurt Bestuurt neighbourhood committees."""

__version__ = "0.1.0"
