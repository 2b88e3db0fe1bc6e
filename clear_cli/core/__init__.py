"""The rules: pure functions from assessments to results, with no reading or writing.

Scoring (:mod:`.scoring`), the gap analysis by roadmap stop (:mod:`.gaps`), comparing two
assessments (:mod:`.compare`), following one over time (:mod:`.trend`), consensus of several
assessors (:mod:`.consensus`), the action plan (:mod:`.plan`) and the board summary
(:mod:`.board`). Each takes what :mod:`clear_cli.sources` read and gives plain data that
:mod:`clear_cli.outputs` renders.
"""
