"""Reading: bundled data, YAML with positions, answers files, workbooks, bounded and safe.

Everything a user hands to clear comes in through here and leaves as models
(:mod:`clear_cli.models`) or as a :class:`~clear_cli.sources.answers.Assessment`, with every
problem reported at once. Nothing here writes a user's file.

- :mod:`.data`: where the bundled banks, roadmap, templates and examples live.
- :mod:`.inputs`, :mod:`.yamlsrc`, :mod:`.validation`: bounded reads, YAML with line numbers,
  pydantic errors turned into located messages.
- :mod:`.catalogue`, :mod:`.cache`: the banks in play, checked across files; the cache of the
  validated bundled ones.
- :mod:`.answers`, :mod:`.loader`: answers files and workbooks resolved against the banks.
- :mod:`.workbook`: the xlsx readers and the size and safety checks done before openpyxl.
"""
