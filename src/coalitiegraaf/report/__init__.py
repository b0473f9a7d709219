"""The coordinator's report: HTML pages, SVG pictures and an offline network explorer."""

from coalitiegraaf.report.pages import STEPS, ReportResult, write_report

__all__ = ["STEPS", "ReportResult", "write_report"]
