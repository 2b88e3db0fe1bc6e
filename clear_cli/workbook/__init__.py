"""Workbooks: `clear template` writes them, the reader reads them filled, `clear export` sums up.

Nothing here is imported by `clear --version` or `clear banks`: openpyxl loads only when a
command that needs it runs.
"""
