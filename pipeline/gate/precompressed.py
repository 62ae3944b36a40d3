"""Precompressed copies: each ``.gz`` and ``.br`` file decompresses to its file as it is now.

``PRECOMPRESS=1`` writes them, and a server set up for them (nginx's
``gzip_static``, for one) sends ``page.html.gz`` in place of ``page.html``: a
copy left from an older build would show readers the older page while every
other check passed on the new one.
"""

from __future__ import annotations

import gzip

from pipeline.gate.checked_site import CheckedSite

__all__ = ["check_precompressed"]


def check_precompressed(site: CheckedSite) -> None:
    """Every ``.gz``/``.br`` copy has its file beside it and decompresses to its bytes."""
    for suffix, decompress in ((".gz", gzip.decompress), (".br", _brotli_decompress)):
        for path in site.files(suffix):
            original = path.with_suffix("")
            relative = site.relative(path)
            if not original.is_file():
                site.report(relative, 0, f"precompressed copy of a missing file {original.name}")
                continue
            try:
                same = decompress(path.read_bytes()) == original.read_bytes()
            except Exception as error:  # noqa: BLE001 - any decoding failure is the finding
                site.report(relative, 0, f"does not decompress: {error}")
                continue
            if not same:
                site.report(relative, 0, f"stale: does not decompress to {original.name}")


def _brotli_decompress(data: bytes) -> bytes:
    # Imported on use: only a site with .br copies needs brotli.
    import brotli

    return brotli.decompress(data)
