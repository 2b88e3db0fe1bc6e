"""The ground floor: what every room uses and nothing here imports from another room.

- :mod:`.errors`: the one error type for a user's problem (:class:`UserError`), carrying file
  and place, which the CLI turns into a message and exit code 2.
- :mod:`.text`: text as a person means it (case, spaces, plurals).
- :mod:`.display`: control characters made visible before anything reaches a terminal.
- :mod:`.atomic`: writing a file so that a failed write leaves the old one as it was.
"""
