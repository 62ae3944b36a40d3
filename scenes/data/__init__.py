"""The numbers behind the pictures: datasets and stored networks (pure numpy, no manim)."""
