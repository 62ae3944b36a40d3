"""`make frames`: rewrite tests/scenes/frames from a fresh test-profile render, on purpose.

``python -m tests.scenes.regenerate_frames [--jobs N]``
"""

import argparse

from tests.scenes.frames import regenerate

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="render workers (default: cores)")
    regenerate(parser.parse_args().jobs)
