"""The format's reference, written out from its declarations for authors.

``python -m plugins.article_markdown.format`` prints it.
"""

from __future__ import annotations

from .declarations import DIRECTIVES, HEADER_KEYS

__all__ = ["reference_text"]

def reference_text() -> str:
    """The format, written out from the declarations above."""
    lines = ["Header (a '- key: value' list, then a blank line; any other key is kept):"]
    for key in HEADER_KEYS:
        lines.append(f"  - {key.name}: {key.description}" + (" (required)" if key.required
                                                            else ""))
    for spec in DIRECTIVES.values():
        lines += ["", f"!{spec.name}: {spec.description}"]
        for item in spec.items:
            # The example on its own line: Chinese examples are twice as wide as
            # their length, so columns would not line up.
            lines.append(f"  - {item.example or item.name}")
            need = "" if item.required else " (optional)"
            lines.append(f"      {item.description}{need}")
            for option in item.options:
                lines.append(f"        {option.name}: {option.description}")
            for choice in item.choices:
                lines.append(f"        {choice.name}: {choice.description}")
                for value in choice.values:
                    lines.append(f"          {value.name}={value.example}: {value.shape_name}, "
                                 f"-{value.limit:g}..{value.limit:g}: {value.description}")
    lines += ["", "Numbers: {{ dotted.path:format }} from scenes/data/networks.json, "
              "e.g. {{ hard_relu.accuracy:.0% }}"]
    return "\n".join(lines)
