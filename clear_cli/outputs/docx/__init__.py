"""Word documents (python-docx): the peer review report, the board report and the plan."""
