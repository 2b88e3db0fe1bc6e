"""Writing: everything a person or a script reads, from the results of :mod:`clear_cli.core`.

- :mod:`.outfiles`: the one rule for replacing a file, and atomic writes.
- :mod:`.wording`, :mod:`.contrast`: shared wording of differences and colours.
- :mod:`.terminal`: rich views. :mod:`.pages`: HTML and Markdown through jinja2.
- :mod:`.xlsx`: every workbook clear writes (openpyxl, imported only when one is written).
- :mod:`.json_out`: JSON outputs built from their models.
"""
