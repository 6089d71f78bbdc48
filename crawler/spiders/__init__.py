"""Spiders; there is one, generic, driven by the source registry."""
