"""Bounds for reading a PDF: inflated stream sizes, page count, objects drawn per page, time.

pdfminer inflates every compressed stream whole and keeps every character of a page as an
object, so a 20 KB PDF can hold a content stream of millions of drawing operators. These
checks run before (streams, pages) and during (objects) the extraction.
"""

from __future__ import annotations

import re
import zlib
from itertools import islice

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

from fazhi.lib.limits import MB, Deadline, ReadLimits

from .errors import DocumentReadError

_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_CHUNK = 64 * 1024
# How many objects a page may draw between two looks at the clock.
_CLOCK_EVERY = 500


def check_streams(data: bytes, limits: ReadLimits, deadline: Deadline) -> None:
    """Inflate every Flate stream of the file into nothing, refusing one that unpacks past the limits.

    Streams are found by their ``stream`` keyword rather than through the cross-reference table,
    so a stream pdfminer would reach by any path (pages, fonts, object streams) is counted.
    """
    stream_limit = limits.unzipped_member_mb * MB
    total_limit = limits.unzipped_total_mb * MB
    view = memoryview(data)
    total = 0
    position = 0
    while match := _STREAM_START.search(data, position):
        start = match.end()
        inflater = zlib.decompressobj()
        offset, produced = start, 0
        try:
            while offset < len(data) and not inflater.eof:
                pending = view[offset: offset + _CHUNK]
                offset += len(pending)
                while pending and not inflater.eof:
                    produced += len(inflater.decompress(pending, _CHUNK))
                    pending = inflater.unconsumed_tail
                    if produced > stream_limit or total + produced > total_limit:
                        raise _stream_too_large(limits)
                deadline.check()
        except zlib.error:
            position = start  # not a Flate stream (an image, a font in another filter) or a damaged one
            continue
        total += produced
        position = offset - len(inflater.unused_data) if inflater.eof else offset


def _stream_too_large(limits: ReadLimits) -> DocumentReadError:
    return DocumentReadError(
        f"PDF 中的数据解压后超过 {limits.unzipped_member_mb} MB，文件可能被恶意构造，请重新导出 PDF 或提供 Word 文档",
        f"a stream in the PDF unpacks to more than {limits.unzipped_member_mb} MB; export the PDF again or "
        "provide the .docx",
    )


def count_pages(document, limits: ReadLimits) -> int:
    """The number of pages, walking the page tree no further than one past the limit."""
    count = sum(1 for _ in islice(PDFPage.create_pages(document), limits.pdf_pages + 1))
    if count > limits.pdf_pages:
        raise DocumentReadError(f"PDF 超过 {limits.pdf_pages} 页，请拆分后分别上传，或提供 Word 文档",
                                f"the PDF has more than {limits.pdf_pages} pages; split it or provide the .docx")
    return count


class _CountingDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, refusing a page that draws more than ``limits.pdf_page_objects`` things."""

    def __init__(self, *args, limits: ReadLimits, deadline: Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.deadline = deadline
        self.drawn = 0

    def _count(self) -> None:
        self.drawn += 1
        if self.drawn > self.limits.pdf_page_objects:
            raise DocumentReadError(
                f"PDF 第 {self.pageno} 页的内容过多（超过 {self.limits.pdf_page_objects} 个文字或图形），"
                "无法读取，请提供 Word 文档",
                f"page {self.pageno} of the PDF draws more than {self.limits.pdf_page_objects} characters or "
                "shapes; provide the .docx",
            )
        if self.drawn % _CLOCK_EVERY == 0:
            self.deadline.check()

    def render_char(self, *args, **kwargs):
        self._count()
        return super().render_char(*args, **kwargs)

    def render_image(self, *args, **kwargs):
        self._count()
        return super().render_image(*args, **kwargs)

    def paint_path(self, *args, **kwargs):
        self._count()
        return super().paint_path(*args, **kwargs)

    def begin_figure(self, *args, **kwargs):
        # A form drawn inside a form drawn inside a form multiplies: each drawing counts.
        self._count()
        return super().begin_figure(*args, **kwargs)


class BoundedPage(Page):
    """A pdfplumber page whose layout is built by :class:`_CountingDevice`."""

    def __init__(self, pdf, page_obj, *, page_number: int, limits: ReadLimits, deadline: Deadline):
        super().__init__(pdf, page_obj, page_number=page_number)
        self.limits = limits
        self.deadline = deadline

    @property
    def layout(self):
        if hasattr(self, "_layout"):
            return self._layout
        device = _CountingDevice(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams,
                                 limits=self.limits, deadline=self.deadline)
        PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        self._layout = device.get_result()
        return self._layout


def bounded_pages(pdf, limits: ReadLimits, deadline: Deadline):
    """The pages of an open pdfplumber PDF one at a time, each closed once the caller moves on."""
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        deadline.check()
        page = BoundedPage(pdf, page_obj, page_number=number, limits=limits, deadline=deadline)
        try:
            yield page
        finally:
            page.close()
