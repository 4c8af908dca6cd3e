"""Read + parse in one call, including plans written as a Word table."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from fazhi.lib.limits import Deadline, InputRejected, ReadLimits

from .errors import DocumentReadError
from .ledger import Ledger
from .pipeline import ParseResult, ledger_with_trace
from .readers import DocumentText, read_document
from .tables import find_task_table, merge_tables


def document_with_trace(document: DocumentText, *, limits: ReadLimits | None = None,
                        deadline: Deadline | None = None) -> ParseResult:
    """Parse a read document. Task tables become tasks; the text around them is parsed as usual."""
    limits = limits or ReadLimits()
    task_tables = [(table, found) for table in document.tables if (found := find_task_table(table))]
    if not task_tables:
        return ledger_with_trace(document.text, limits=limits, deadline=deadline)
    lines = document.text.split("\n")
    for table, _found in task_tables:
        for line in table.lines:
            lines[line - 1] = ""
    result = ledger_with_trace("\n".join(lines), leaf_tasks=False, limits=limits, deadline=deadline)
    merge_tables(result, [(table, *found) for table, found in task_tables], limits=limits)
    return result


def parse_document(data: bytes, filename: str, *, limits: ReadLimits | None = None) -> Ledger:
    """Document bytes in, :class:`Ledger` out; raises :class:`DocumentReadError` if unreadable.

    Reading and parsing together get ``limits.parse_seconds``; past that the error says so.
    """
    limits = limits or ReadLimits()
    deadline = Deadline(limits.parse_seconds)
    document = read_document(data, filename, limits=limits, deadline=deadline)
    try:
        return document_with_trace(document, limits=limits, deadline=deadline).ledger
    except InputRejected as error:
        raise DocumentReadError(error.message_zh, error.message_en) from error


def parse_path(path: str | PathLike[str], *, limits: ReadLimits | None = None) -> Ledger:
    """Parse the plan document at ``path``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentReadError(f"找不到文件“{path}”，请检查路径是否正确", f"file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise DocumentReadError(f"“{path}”是文件夹，请指定一个方案文件", f"{path} is a directory") from exc
    except OSError as exc:
        raise DocumentReadError(f"无法读取文件“{path}”：{exc.strerror}", f"cannot read {path}: {exc}") from exc
    return parse_document(data, path.name, limits=limits)
