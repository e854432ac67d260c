"""Renderers: text and JSON reports of results."""
