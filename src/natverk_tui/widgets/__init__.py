"""Widgets and panes, one per file."""
