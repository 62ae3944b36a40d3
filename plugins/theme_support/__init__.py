"""Theme support: values the templates need, computed once at build time.

Loaded by Pelican as ``PLUGINS = ["theme_support"]`` with ``PLUGIN_PATHS = ["plugins"]``.
"""

from .theme_support import register

__all__ = ["register"]
