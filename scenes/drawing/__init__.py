"""Reusable Manim mobjects and styling shared by every scene module.

Drawing code only: numbers come from :mod:`scenes.data`, never from here.
"""
