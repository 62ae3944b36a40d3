"""Where things are, for every test: the project, its fixtures, the folders tests compare with."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
