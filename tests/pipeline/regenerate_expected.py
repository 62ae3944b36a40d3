"""`make expected`: rewrite tests/pipeline/expected from the fixture site, on purpose."""

from tests.pipeline.whole_site import regenerate

if __name__ == "__main__":
    regenerate()
