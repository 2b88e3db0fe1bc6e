"""Workbooks, every read and write of one: `clear template` writes them, the reader reads
them filled, `clear export` sums up, and `compare`, `trend`, `plan` and `combine` write
theirs here too; :mod:`clear_cli.workbook.cells` makes user text safe in a cell.

Nothing here is imported by `clear --version` or `clear banks`: openpyxl loads only when a
command that needs it runs.
"""
