"""JSON outputs of compare and trend, built from the core results."""
