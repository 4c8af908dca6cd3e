"""Readers: document bytes → plain text lines (and, for Word, table rows).

Supported: .txt (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK),
.docx (paragraphs and table cells in document order), .pdf (text layer).
Everything else raises :class:`DocumentReadError` with a message saying what to do, and so
does a file that goes past one of the :class:`~fazhi.lib.limits.ReadLimits` (unpacked size, XML
shape, pages, objects per page, time): every reader takes the limits and a deadline.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from fazhi.lib.limits import MB, Deadline, InputRejected, ReadLimits, zip_check

from .annotations import looks_like_annotation_start, split_annotation
from .errors import DocumentReadError
from .numbering import match_label
from .stages import is_inside_bracket

TEXT_SUFFIXES = {".txt", ".text", ".md"}
# Matched against the stripped line only, so no two runs of spaces compete (that backtracks quadratically).
_PAGE_FURNITURE = re.compile(
    r"[-—–－─\s]*\d{1,4}[-—–－─\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
)
_PAGE_FURNITURE_MAX_CHARS = 24
# An annotation is looked for in the last this many characters of a paragraph rebuilt from PDF lines.
_ANNOTATION_REACH = 1000


@dataclass
class DocumentTable:
    rows: list[list[str]]
    lines: list[int]
    """The 1-based line of ``DocumentText.text`` each row was written to."""
    spans: list[list[int]] | None = None
    """Every line of each row, for a table rebuilt from text with one cell per line; None for a Word table."""


@dataclass
class DocumentText:
    text: str
    kind: str
    """"txt", "docx" or "pdf"."""
    tables: list[DocumentTable] = field(default_factory=list)


def _error(zh: str, en: str) -> DocumentReadError:
    return DocumentReadError(zh, en)


def is_page_furniture(text: str) -> bool:
    """A page number line: "- 3 -", "第 3 页 共 12 页", "3/12"."""
    stripped = text.strip()
    return len(stripped) <= _PAGE_FURNITURE_MAX_CHARS and bool(_PAGE_FURNITURE.fullmatch(stripped))


def decode_text(data: bytes) -> str:
    """Bytes of a text file → str, trying BOMs, then UTF-8, then GB18030 (a superset of GBK)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data and len(data) % 2 == 0:
        # UTF-8 and GB18030 text never holds NUL bytes; UTF-16 without a BOM does, in the high byte of
        # every ASCII character (newlines at least): at odd offsets for little-endian.
        odd = data[1::2].count(0)
        even = data[0::2].count(0)
        try:
            return data.decode("utf-16-le" if odd >= even else "utf-16-be")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _error("无法识别文本文件的编码，请另存为 UTF-8 编码的 .txt 文件后重新导入",
                 "cannot detect the text encoding; save the file as UTF-8 and try again")


def _docx_damaged(exc: Exception) -> DocumentReadError:
    return _error("Word 文档已损坏或不是有效的 .docx 文件，请用 Word 打开后另存为 .docx 再导入",
                  f"the .docx file is damaged or not a Word document ({type(exc).__name__})")


def _table_rows(tbl, parent, limits: ReadLimits, deadline: Deadline):
    """The text of each row's cells, a merged cell repeated in every grid column it covers.

    What python-docx's ``row.cells`` gives, without its cost: it repeats a cell ``gridSpan``
    times (a span of 10⁹ is a few bytes of XML) and finds a vertically merged cell's text by
    walking up the rows. Here a row stops at ``limits.table_columns`` cells and the text above
    is remembered per grid column.
    """
    # python-docx and pdfplumber are loaded only when a file of their kind is read.
    from docx.table import _Cell

    above: dict[int, str] = {}
    for tr in tbl.tr_lst:
        deadline.check()
        cells: list[str] = []
        here: dict[int, str] = {}
        offset = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                text = above.get(offset, "")
            else:
                text = "".join(p.text for p in _Cell(tc, parent).paragraphs).strip()
            for _ in range(min(span, limits.table_columns - len(cells))):
                cells.append(text)
            here[offset] = text
            offset += span
            if len(cells) >= limits.table_columns:
                break
        above = here
        yield cells


def read_docx(data: bytes, *, limits: ReadLimits | None = None, deadline: Deadline | None = None) -> DocumentText:
    """Paragraphs and table rows of a .docx in document order; each row is one line, cells joined by a tab."""
    limits = limits or ReadLimits()
    deadline = deadline or Deadline(limits.parse_seconds)
    zip_check(data, limits, xml=True, deadline=deadline)
    try:
        # Loaded only for a .docx: importing the parser stays cheap for .txt and the command line.
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        tables: list[DocumentTable] = []
        for element in document.element.body.iterchildren():
            deadline.check()
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(element, document).text)
            elif tag == "tbl":
                table = DocumentTable(rows=[], lines=[])
                for cells in _table_rows(element, Table(element, document), limits, deadline):
                    lines.append("\t".join(cells))
                    table.rows.append(cells)
                    table.lines.append(len(lines))
                tables.append(table)
    except InputRejected:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise _docx_damaged(exc) from exc
    return DocumentText(text="\n".join(lines), kind="docx", tables=tables)


def _reaches_margin(row: dict, right: float) -> bool:
    """A long line that runs to the right margin was wrapped: the paragraph goes on below.

    PDF text has no paragraph marks, so without this every printed line would be
    a paragraph and a sentence ending exactly at a line end would cut a task in two.
    """
    # The line height is about one full-width character: a line ending within two of them reached the margin.
    char_width = max(row["bottom"] - row["top"], 1.0)
    return len(row["text"]) >= 20 and row["x1"] >= right - 2 * char_width


def _starts_new_paragraph(previous: str, text: str) -> bool:
    """A full last line is still a paragraph end when the next line opens an item or the line closed a task."""
    stripped = text.strip()
    label = match_label(stripped)
    if label is not None and label.bare and not previous.rstrip().endswith(("。", "；", "）", ")", "〕", "]")):
        label = None  # "5星级…" at the start of a wrapped line
    if is_inside_bracket(previous):
        return bool(label)
    # Only the tail can hold a closing annotation: looking further back each line would make this quadratic.
    return bool(label or stripped.startswith("——") or looks_like_annotation_start(stripped)
                or split_annotation(previous[-_ANNOTATION_REACH:].strip()))


def read_pdf(data: bytes, *, limits: ReadLimits | None = None, deadline: Deadline | None = None) -> DocumentText:
    """The text layer of a PDF without page-number headers and footers, one line per paragraph.

    A paragraph stops growing at ``limits.line_chars`` characters; the parser leaves longer ones unparsed.
    """
    from .pdfbounds import bounded_pages, check_streams, count_pages  # pdfplumber loads only for a PDF

    limits = limits or ReadLimits()
    deadline = deadline or Deadline(limits.parse_seconds)
    check_streams(data, limits, deadline)
    try:
        import pdfplumber  # loaded only for a .pdf: it brings pdfminer with it

        lines: list[str] = []
        wrapped = False
        # Not opened as a context manager: closing a PDF builds every page object first.
        pdf = pdfplumber.open(io.BytesIO(data))
        page_count = count_pages(pdf.doc, limits)
        for page in bounded_pages(pdf, limits, deadline):
            rows = [r for r in page.extract_text_lines() if r["text"].strip() and not is_page_furniture(r["text"])]
            right = max((r["x1"] for r in rows), default=0)
            for row in rows:
                text = row["text"]
                if (wrapped and len(lines[-1]) + len(text) <= limits.line_chars
                        and not _starts_new_paragraph(lines[-1], text)):
                    lines[-1] += text
                else:
                    lines.append(text)
                wrapped = _reaches_margin(row, right)
    except InputRejected:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise _error("PDF 文件已损坏或无法打开，请重新导出 PDF 或提供 Word 文档",
                     f"the PDF is damaged or cannot be opened ({type(exc).__name__})") from exc
    if page_count == 0:
        raise _error("PDF 文件没有页面，请检查文件是否完整", "the PDF has no pages")
    if not any(line.strip() for line in lines):
        raise _error("该 PDF 没有文字层（可能是扫描件），请提供可复制文字的 PDF 或 Word 文档",
                     "the PDF has no text layer (probably a scan); provide a PDF with selectable text or a .docx")
    return DocumentText(text="\n".join(lines).rstrip("\n"), kind="pdf")


def read_document(data: bytes, filename: str, *, limits: ReadLimits | None = None,
                  deadline: Deadline | None = None) -> DocumentText:
    """Read a plan document; raise :class:`DocumentReadError` when it cannot be read or goes past ``limits``."""
    limits = limits or ReadLimits()
    deadline = deadline or Deadline(limits.parse_seconds)
    try:
        return _read(data, filename, limits, deadline)
    except DocumentReadError:
        raise
    except InputRejected as error:
        raise DocumentReadError(error.message_zh, error.message_en) from error


def _read(data: bytes, filename: str, limits: ReadLimits, deadline: Deadline) -> DocumentText:
    suffix = PurePath(filename or "").suffix.lower()
    if not data:
        raise _error("文件是空的，请检查后重新选择文件", "the file is empty")
    if len(data) > limits.upload_mb * MB:
        raise _error(f"文件大小超过 {limits.upload_mb} MB 的上限，请压缩或拆分后再上传",
                     f"the file is larger than {limits.upload_mb} MB; compress or split it")
    if suffix in TEXT_SUFFIXES:
        text = decode_text(data)
        if not text.strip():
            raise _error("文件没有任何文字内容，请检查后重新选择文件", "the file contains no text")
        return DocumentText(text=text, kind="txt")
    if suffix == ".docx":
        return read_docx(data, limits=limits, deadline=deadline)
    if suffix == ".pdf":
        return read_pdf(data, limits=limits, deadline=deadline)
    if suffix in (".doc", ".wps"):
        if zipfile.is_zipfile(io.BytesIO(data)):
            return read_docx(data, limits=limits, deadline=deadline)  # a .docx renamed to .doc
        raise _error("暂不支持旧版 Word（.doc）格式，请用 Word 或 WPS 打开后“另存为” .docx 再导入",
                     "old Word .doc files are not supported; save the file as .docx and import that")
    raise _error(f"不支持的文件类型“{suffix or filename}”，请提供 .txt、.docx 或 .pdf 文件",
                 f"unsupported file type {suffix or filename!r}; use .txt, .docx or .pdf")
