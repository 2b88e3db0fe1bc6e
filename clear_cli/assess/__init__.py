"""``clear assess``: answer a bank question by question in the terminal, saving as you go.

``store`` writes the answers file atomically, ``setup`` opens or starts it, ``session`` is
the question loop (no typer, no rich: it takes input and output functions), ``view`` draws
it with rich, and ``wording.yaml`` holds what the user reads.
"""
