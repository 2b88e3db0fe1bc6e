"""Every workbook clear writes: the template, exports, plans, comparisons, trends, consensus.

:mod:`.cells` makes user text safe in a cell (never a formula). openpyxl is imported inside the
functions that need it, so `clear --version` and `clear banks` never load it.
"""
