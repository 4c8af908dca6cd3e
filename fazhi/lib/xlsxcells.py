"""Text cells written to and read back from .xlsx files that people edit by hand.

A spreadsheet program runs a cell that starts with one of ``FORMULA_STARTS`` as a
formula (formula injection). Such text is written with a leading apostrophe; text
that itself starts with an apostrophe gets one too, so ``unescape_cell`` can always
take exactly one off and every value round-trips unchanged.
"""

import zipfile

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fazhi.lib.limits import Deadline, ReadLimits, zip_check

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
ESCAPE = "'"


def escape_cell(value):
    """The value to write; non-text values pass through."""
    if not isinstance(value, str):
        return value
    # Control characters left over from a .docx make openpyxl refuse the whole file.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    """Undo ``escape_cell``: exactly one leading apostrophe is ours."""
    return value[1:] if value.startswith(ESCAPE) else value


class WorkbookUnreadable(Exception):
    """The upload is not a workbook openpyxl can stream."""


def open_workbook(file, limits: ReadLimits):
    """An uploaded .xlsx opened read-only for its values, once its ZIP and XML structure passed
    ``zip_check`` (bounded members, ratios, depth; ``InputRejected`` says why). Anything openpyxl
    cannot read raises ``WorkbookUnreadable``."""
    if not zipfile.is_zipfile(file):
        raise WorkbookUnreadable
    zip_check(file, limits, xml=True, deadline=Deadline(limits.parse_seconds))
    file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise WorkbookUnreadable from error
