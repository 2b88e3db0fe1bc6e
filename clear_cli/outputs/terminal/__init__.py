"""What the terminal shows (rich): scorecards, comparisons, trends, the catalogue."""
