"""clear: score CLeaR self-assessments and peer reviews for local tobacco control."""

import os

__version__ = "0.2.0"

# openpyxl switches to lxml whenever lxml is installed (python-docx brings it). clear's
# workbook safety checks, its handling of a full disk and its tests are built on openpyxl's
# standard-library XML path (read through defusedxml), so that path is used always.
os.environ["OPENPYXL_LXML"] = "False"
