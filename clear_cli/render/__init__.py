"""Renderers: the terminal (rich) and pages (jinja2); workbooks are in clear_cli.workbook."""
