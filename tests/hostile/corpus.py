"""A hostile-file corpus, generated on demand and never committed.

ZIP bombs (a highly compressed huge part, a part whose header lies about its size, too many
parts), Office files with a DTD (external entity, billion laughs), deeply nested and malformed
XML, a million-row sheet, PDFs with 3,000 pages, a stream bomb, a page drawing too much and
forms nested inside forms, and a 1 MB single-line text file.

Every file is written by hand (ZIP, sheet XML and PDF objects as bytes), so building the
whole corpus takes a few seconds and little memory. ``tests/hostile`` asserts that each gets
a Chinese message through the import that would receive it; ``bench/hostile_bench.py`` runs
each in a subprocess and prints its time and peak memory.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MB = 1024 * 1024
BOMB_BYTES = 128 * MB

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSX_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# The 台账 export's header, so a sheet gets as far as its rows.
LEDGER_HEADER = ["任务编号", "序号", "章节", "任务内容", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化指标"]

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


# --- containers -----------------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes | Callable[[], Iterable[bytes]]], *,
              declared_sizes: dict[str, int] | None = None) -> bytes:
    """A ZIP written by hand: each member deflated from its chunks, its size header optionally a lie."""
    out = io.BytesIO()
    central = []
    for name, content in members.items():
        chunks = [content] if isinstance(content, bytes) else content()
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        crc, size, parts = 0, 0, []
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            parts.append(compressor.compress(chunk))
        parts.append(compressor.flush())
        data = b"".join(parts)
        declared = (declared_sizes or {}).get(name, size)
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(data), declared,
                              len(encoded), 0) + encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(data),
                                   declared, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = b"".join(central)
    directory_offset = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory),
                          directory_offset, 0))
    return out.getvalue()


def _content_types(main_part: str, main_type: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>{extra}</Types>'
    ).encode()


def _root_rels(main_part: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main_part}"/></Relationships>'
    ).encode()


def docx_bytes(document_xml: bytes | Callable[[], Iterable[bytes]], **zip_options) -> bytes:
    return zip_bytes({
        "[Content_Types].xml": _content_types("word/document.xml", DOCX_MAIN),
        "_rels/.rels": _root_rels("word/document.xml"),
        "word/document.xml": document_xml,
    }, **zip_options)


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def xlsx_bytes(sheet_xml: bytes | Callable[[], Iterable[bytes]], *, sheet_name: str = "任务台账",
               **zip_options) -> bytes:
    return zip_bytes({
        "[Content_Types].xml": _content_types(
            "xl/workbook.xml", XLSX_MAIN, f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{XLSX_SHEET}"/>'),
        "_rels/.rels": _root_rels("xl/workbook.xml"),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>'
            f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }, **zip_options)


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, prolog: str = "", dimension: str = "") -> bytes:
    header = "<row r=\"1\">" + "".join(_inline(title) for title in LEDGER_HEADER) + "</row>"
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{S_NS}">{dimension}'
            f"<sheetData>{header}{rows}</sheetData></worksheet>").encode()


def _repeated(head: bytes, unit: bytes, tail: bytes, total: int) -> Callable[[], Iterable[bytes]]:
    """Chunks of ``head``, ``unit`` repeated to about ``total`` bytes, ``tail``; never all in memory."""
    block = unit * max(1, MB // len(unit))

    def chunks():
        yield head
        for _ in range(max(1, total // len(block))):
            yield block
        yield tail
    return chunks


# --- the Office files -----------------------------------------------------------------------------


def docx_bomb() -> bytes:
    """128 MB of genuine paragraphs in a few hundred KB: what took 1.3 GB and 109 s before."""
    head, tail = document_xml("\x00").split(b"\x00")
    return docx_bytes(_repeated(head, b"<w:p><w:r><w:t>\xe6\xb3\x95</w:t></w:r></w:p>", tail, BOMB_BYTES))


def docx_lying_header() -> bytes:
    """The same bomb, its headers claiming the part is 1 KB: only a bounded read of the stream stops it."""
    head, tail = document_xml("\x00").split(b"\x00")
    return docx_bytes(_repeated(head, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", tail, BOMB_BYTES),
                      declared_sizes={"word/document.xml": 1024})


def docx_many_parts() -> bytes:
    members: dict[str, bytes] = {f"word/media/p{i}.xml": b"<a/>" for i in range(5000)}
    members["word/document.xml"] = document_xml("<w:p/>")
    return zip_bytes(members)


def docx_external_entity() -> bytes:
    return docx_bytes(document_xml("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", EXTERNAL_ENTITY))


def docx_billion_laughs() -> bytes:
    return docx_bytes(document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", BILLION_LAUGHS))


def docx_deep() -> bytes:
    depth = 50_000  # under 1 MB, where the compression ratio is not looked at
    return docx_bytes(document_xml("<w:sdt>" * depth + "</w:sdt>" * depth))


def docx_malformed() -> bytes:
    return docx_bytes(document_xml("<w:p><w:r><w:t>一、总则</w:r></w:p>"))


def docx_grid_span() -> bytes:
    """One table cell spanning a billion columns: python-docx's ``row.cells`` would list it a billion times."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc>'
    return docx_bytes(document_xml(f"<w:tbl><w:tr>{cell}</w:tr><w:tr>{cell}</w:tr></w:tbl>"))


def xlsx_bomb() -> bytes:
    head, tail = sheet_xml("\x00").split(b"\x00")
    return xlsx_bytes(_repeated(head, b'<row><c t="inlineStr"><is><t>x</t></is></c></row>', tail, BOMB_BYTES))


def xlsx_external_entity() -> bytes:
    return xlsx_bytes(sheet_xml(f'<row r="2">{_inline("&xxe;")}</row>', EXTERNAL_ENTITY))


def xlsx_billion_laughs() -> bytes:
    return xlsx_bytes(sheet_xml(f'<row r="2">{_inline("&lol9;")}</row>', BILLION_LAUGHS))


def xlsx_deep() -> bytes:
    depth = 100_000
    return xlsx_bytes(sheet_xml('<row r="2"><c t="inlineStr"><is>' + "<r>" * depth + "</r>" * depth + "</is></c></row>"))


def xlsx_malformed() -> bytes:
    return xlsx_bytes(sheet_xml('<row r="2"><c t="inlineStr"><is><t>一</is></c></row>'))


def xlsx_million_rows(rows: int = 1_000_000) -> bytes:
    """A million rows as Excel writes them (a dimension first), numbers varying so it compresses like a real one."""
    head, tail = sheet_xml("\x00", dimension=f'<dimension ref="A1:I{rows + 1}"/>').split(b"\x00")

    def chunks():
        yield head
        batch = []
        for number in range(2, rows + 2):
            batch.append(f'<row r="{number}"><c r="A{number}"><v>{number * 7919 % 1000003}</v></c></row>')
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
        yield tail
    return xlsx_bytes(chunks)


def xlsx_huge_dimension() -> bytes:
    """A sheet claiming every one of Excel's 16,384 × 1,048,576 cells, with one far-away cell."""
    return xlsx_bytes(sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                dimension='<dimension ref="A1:XFD1048576"/>'))


# --- PDFs -----------------------------------------------------------------------------------------


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (1-based, in order) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    if deflate:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _single_page_pdf(content_stream: bytes, xobjects: list[tuple[bytes, bytes]] = ()) -> bytes:
    """Catalog, pages, one page, font, content, then the named form XObjects (name, stream)."""
    names = b"".join(b"/%s %d 0 R " % (name, 6 + i) for i, (name, _) in enumerate(xobjects))
    resources = b"<< /Font << /F1 4 0 R >> /XObject << %s>> >>" % names
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources %s >>" % resources,
        _FONT,
        content_stream,
        *(stream for _, stream in xobjects),
    ]
    return pdf_bytes(objects)


def pdf_pages(pages: int = 3000) -> bytes:
    """3,000 small text pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _FONT,
        _stream(b"BT /F1 12 Tf 72 720 Td (Page of a very long plan) Tj ET"),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return pdf_bytes(objects)


def pdf_stream_bomb() -> bytes:
    """A 128 MB content stream of drawing operators in a few hundred KB (what took 1.7 GB before)."""
    compressor = zlib.compressobj(9)
    block = b"BT /F1 1 Tf (x) Tj ET\n" * (MB // 22)
    compressed = b"".join(compressor.compress(block) for _ in range(BOMB_BYTES // len(block))) + compressor.flush()
    return _single_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed
                            + b"\nendstream")


def pdf_crowded_page() -> bytes:
    """One page showing 100,000 characters from a content stream of 100 KB."""
    return _single_page_pdf(_stream(b"BT /F1 1 Tf 10 10 Td (" + b"x" * 100_000 + b") Tj ET", deflate=True))


def pdf_nested_forms() -> bytes:
    """A form drawing a form drawing a form, 100 times each: a million drawings from a few KB."""
    bbox = b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
    leaf = _stream(b"BT /F1 10 Tf 10 10 Td (ab) Tj ET", bbox + b" /Resources << /Font << /F1 4 0 R >> >>")
    middle = _stream(b"/X3 Do " * 100, bbox + b" /Resources << /XObject << /X3 8 0 R >> >>")
    top = _stream(b"/X2 Do " * 100, bbox + b" /Resources << /XObject << /X2 7 0 R >> >>")
    return _single_page_pdf(_stream(b"/X1 Do " * 100), [(b"X1", top), (b"X2", middle), (b"X3", leaf)])


def txt_long_line() -> bytes:
    """1 MB on one line, 关于印发 over and over: the shape that made the notice regex quadratic."""
    return ("关于印发《实施方案》" * (MB // 30)).encode()


@dataclass(frozen=True)
class HostileFile:
    name: str
    filename: str
    build: Callable[[], bytes]
    targets: tuple[str, ...]
    """The imports it attacks: ``plan`` (plan upload), ``ledger`` (台账 re-import), ``directory`` (名录 import), ``accounts`` (账号 import),
    ``evidence`` (佐证材料)."""
    expect: str
    """A part of the Chinese message every target answers with."""


CORPUS = [
    HostileFile("docx_bomb", "方案.docx", docx_bomb, ("plan", "evidence"), "解压后超过"),
    HostileFile("docx_lying_header", "方案.docx", docx_lying_header, ("plan",), "文件已损坏"),
    HostileFile("docx_many_parts", "方案.docx", docx_many_parts, ("plan", "evidence"), "组成部分超过"),
    HostileFile("docx_external_entity", "方案.docx", docx_external_entity, ("plan",), "文档类型定义（DTD）"),
    HostileFile("docx_billion_laughs", "方案.docx", docx_billion_laughs, ("plan",), "文档类型定义（DTD）"),
    HostileFile("docx_deep_xml", "方案.docx", docx_deep, ("plan",), "嵌套超过"),
    HostileFile("docx_malformed_xml", "方案.docx", docx_malformed, ("plan",), "不是有效的 XML"),
    HostileFile("docx_grid_span", "方案.docx", docx_grid_span, ("plan",), "没有识别出任何任务"),
    HostileFile("xlsx_bomb", "台账.xlsx", xlsx_bomb, ("ledger", "directory", "accounts", "evidence"), "解压后超过"),
    HostileFile("xlsx_external_entity", "台账.xlsx", xlsx_external_entity, ("ledger", "directory", "accounts"),
                "文档类型定义（DTD）"),
    HostileFile("xlsx_billion_laughs", "台账.xlsx", xlsx_billion_laughs, ("ledger", "directory", "accounts"),
                "文档类型定义（DTD）"),
    HostileFile("xlsx_deep_xml", "台账.xlsx", xlsx_deep, ("ledger", "directory", "accounts"), "嵌套超过"),
    HostileFile("xlsx_malformed_xml", "台账.xlsx", xlsx_malformed, ("ledger", "directory", "accounts"), "不是有效的 XML"),
    HostileFile("xlsx_million_rows", "台账.xlsx", xlsx_million_rows, ("ledger", "directory", "accounts"), "解压后超过"),
    HostileFile("pdf_3000_pages", "方案.pdf", pdf_pages, ("plan",), "PDF 超过 500 页"),
    HostileFile("pdf_stream_bomb", "方案.pdf", pdf_stream_bomb, ("plan",), "解压后超过"),
    HostileFile("pdf_crowded_page", "方案.pdf", pdf_crowded_page, ("plan",), "内容过多"),
    HostileFile("pdf_nested_forms", "方案.pdf", pdf_nested_forms, ("plan",), "内容过多"),
    HostileFile("txt_1mb_line", "方案.txt", txt_long_line, ("plan",), "没有识别出任何任务"),
]
BY_NAME = {entry.name: entry for entry in CORPUS}


@functools.cache
def corpus_bytes(name: str) -> bytes:
    """The file's bytes, built once per process."""
    return BY_NAME[name].build()
