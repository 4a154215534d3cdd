"""translate-kit: translation workflow for multilingual static sites.

Public API::

    from translate_kit import segment_page
    page = segment_page(text)            # segments + skeleton
    page.segments[0].id, .kind, .text, .source
    page.render({})                      # == text, byte for byte
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .segment import Policy, Segment, SegmentedPage, segment_page

__all__ = ["Policy", "Segment", "SegmentedPage", "__version__", "segment_page"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The segmenter loads markdown-it: only when asked for, so `translate-kit --help` and
    # commands that never segment start without it.
    if name in ("Policy", "Segment", "SegmentedPage", "segment_page"):
        from . import segment

        return getattr(segment, name)
    raise AttributeError(f"module 'translate_kit' has no attribute {name!r}")
