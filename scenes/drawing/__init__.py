"""Reusable Manim mobjects and styling shared by every scene module.

Drawing code only: numbers and maths come from :mod:`scenes.data`, never from
here, and scene base classes live in :mod:`scenes.bases`.
"""
