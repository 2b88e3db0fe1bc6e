"""Renderers: the terminal (rich), reports (jinja2), workbooks (openpyxl)."""
