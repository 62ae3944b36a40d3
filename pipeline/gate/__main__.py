"""``python -m pipeline.gate [site]``: run the publish gate on a built site.

Prints each problem as ``site/path:line: message`` on stderr; exits 1 if there
is any, 0 if the site may be deployed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline import gate
from scenes.render.manifest import PROJECT_ROOT, manifest_path
from scenes.render.profiles import PROFILES

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Check the site named on the command line; the exit status."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.gate",
                                     description=gate.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=PROJECT_ROOT / "output")
    parser.add_argument("--siteurl", default=os.environ.get("SITEURL", ""),
                        help="the site's SITEURL (empty: a build with relative URLs)")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or "publish",
                        help="the profile whose render manifest the site was built with")
    parser.add_argument("--require", action="append", default=[],
                        help="a site path that must exist (repeatable)")
    parser.add_argument("--no-html-validation", action="store_true")
    arguments = parser.parse_args(argv)
    manifest = manifest_path(arguments.quality)
    problems = gate.check_site(arguments.site, siteurl=arguments.siteurl,
                               content=arguments.content, manifest=manifest,
                               scenes_dir=PROJECT_ROOT / "scenes", required=arguments.require,
                               validate_html=not arguments.no_html_validation)
    for line in gate.report(problems, arguments.site.name):
        print(line, file=sys.stderr)
    print(f"gate: {len(problems)} problem(s) in {arguments.site}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
