"""clear: score CLeaR self-assessments and peer reviews for local tobacco control."""

__version__ = "0.2.0"
