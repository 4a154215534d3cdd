"""translate-kit: translation workflow for multilingual static sites.

Public API::

    from translate_kit import segment_page
    page = segment_page(text)            # segments + skeleton
    page.segments[0].id, .kind, .text, .source
    page.render({})                      # == text, byte for byte
"""

from __future__ import annotations

from .segment import Policy, Segment, SegmentedPage, segment_page

__all__ = ["Policy", "Segment", "SegmentedPage", "__version__", "segment_page"]
__version__ = "0.1.0"
