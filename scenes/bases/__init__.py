"""Scene base classes: the beats several article scenes share.

A base is a Manim ``Scene`` subclass whose methods are named story beats
(``apply_weights``, ``fold_with_relu``, ``turn_row_into_edges`` ...); an article
scene derives from one and lists its beats in ``construct()``. The render driver
never counts a class defined here as a scene of the article; the mobjects the
beats draw live in :mod:`scenes.drawing` and the numbers in :mod:`scenes.data`.
"""
