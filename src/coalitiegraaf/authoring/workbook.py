"""Read and write the sheets as an Excel workbook (openpyxl) or as CSV files.

Every cell is written as text, so that what the graph holds ("1", "2023-07-07", "26643")
comes back exactly; what a person types into Excel (a number, a date) is read back as the text
it shows.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from coalitiegraaf.errors import InputError

_MAX_WIDTH = 60


@dataclass
class Table:
    """One sheet: its header and its rows, each row with the line it has in the file."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def write_xlsx(tables: list[Table]) -> bytes:
    """The tables as a workbook, one worksheet each, header in bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for _, row in table.rows:
            sheet.append([row.get(name, "") for name in table.header])
        sheet.freeze_panes = "B2"
        for number, name in enumerate(table.header, start=1):
            longest = max([len(name), *(len(row.get(name, "")) for _, row in table.rows)])
            sheet.column_dimensions[get_column_letter(number)].width = min(_MAX_WIDTH, longest + 2)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.number_format = "@"  # text: Excel must not turn "1.10" or "2023-07-07" into numbers
                if "\n" in str(cell.value or ""):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_csv(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a byte-order mark (so Excel shows accents right)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for _, row in table.rows:
        writer.writerow([row.get(name, "") for name in table.header])
    return buffer.getvalue().encode("utf-8-sig")


def read_tables(path: Path, sheet_for_file: dict[str, str]) -> list[Table]:
    """The tables in a workbook (.xlsx), a CSV file, or a folder of CSV files;
    ``sheet_for_file`` names the sheet of each CSV file name."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise InputError(key="no_csv_files", path=path)
        return [_read_csv(p, sheet_for_file) for p in files]
    if not path.exists():
        raise InputError(key="no_such_path", path=path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        return [_read_csv(path, sheet_for_file)]
    raise InputError(key="not_a_workbook_path", path=path)


def _read_csv(path: Path, sheet_for_file: dict[str, str]) -> Table:
    name = sheet_for_file.get(path.name, path.stem.replace("-", " "))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(key="cannot_read", path=path, reason=error) from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        return Table(name, [])
    header = [h.strip() for h in lines[0]]
    rows = [(number, {h: _clean(v) for h, v in zip(header, line, strict=False)})
            for number, line in enumerate(lines[1:], start=2) if any(v.strip() for v in line)]
    return Table(name, header, rows)


def _read_xlsx(path: Path) -> list[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise InputError(key="unreadable_workbook", path=path, reason=error) from None
    tables = []
    for sheet in book.worksheets:
        lines = [[_cell_text(v) for v in line] for line in sheet.iter_rows(values_only=True)]
        if not lines:
            tables.append(Table(sheet.title, []))
            continue
        header = [h.strip() for h in lines[0]]
        rows = [(number, {h: v for h, v in zip(header, line, strict=False) if h})
                for number, line in enumerate(lines[1:], start=2) if any(v.strip() for v in line)]
        tables.append(Table(sheet.title, header, rows))
    book.close()
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean(str(value))


def _clean(text: str) -> str:
    # spreadsheets add Windows line ends and stray spaces around what a person typed
    return text.replace("\r\n", "\n").strip()
