"""The coordinator's report: HTML pages, SVG pictures and an offline network explorer."""

from __future__ import annotations

__all__ = ["STEPS", "ReportResult", "write_report"]


def __getattr__(name: str) -> object:
    # the pages (Jinja2, the analyses) are imported when first asked for, so that the command
    # line can reach ``report.processes`` without them (``--help`` stays quick)
    if name in __all__:
        from coalitiegraaf.report import pages

        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
