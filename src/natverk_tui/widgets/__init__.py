"""The panes of the meeting screen, one widget per file."""
