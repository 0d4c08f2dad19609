"""Screens and modal screens, one per file."""
