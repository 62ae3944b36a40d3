"""`make expected`: rewrite tests/site/expected from the fixture site, on purpose."""

from tests.site.whole_site import regenerate

if __name__ == "__main__":
    regenerate()
