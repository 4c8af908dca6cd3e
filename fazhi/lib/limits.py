"""Bounds on what reading one uploaded file may cost: size, unpacked size, XML shape, pages, rows, time.

A 100 KB .docx can unpack to gigabytes and a 20 KB PDF can keep a worker busy for a minute, so
every reader takes a :class:`ReadLimits` and refuses a file that goes past one of them with
:class:`InputRejected`, a message in Chinese and English saying what to do.

Django-free: the defaults live here; the Django layer passes ``ReadLimits.from_settings(settings)``,
which reads the ``FAZHI_MAX_*`` settings (one per field, documented in the README).
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from dataclasses import dataclass, fields
from typing import BinaryIO
from xml.parsers import expat

MB = 1024 * 1024
# Small parts (styles, relationships) compress a hundredfold and cost nothing; the ratio counts above this.
RATIO_FLOOR_BYTES = 1 * MB
# A central directory entry is 46 bytes plus the part's name and extra fields; Office parts stay far below this.
CENTRAL_DIRECTORY_BYTES_PER_MEMBER = 512
XML_SUFFIXES = (".xml", ".rels", ".vml")
READ_CHUNK = 256 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Every bound, with the default used when the deployment sets none (``FAZHI_MAX_<FIELD>``)."""

    upload_mb: int = 20
    """Size of the uploaded file itself."""
    zip_members: int = 1000
    """Parts inside a .docx/.xlsx/.ofd."""
    unzipped_member_mb: int = 30
    """Uncompressed size of one part, or of one compressed PDF stream."""
    unzipped_total_mb: int = 100
    """Uncompressed size of all parts together, or of all of a PDF's compressed streams."""
    zip_ratio: int = 200
    """Uncompressed ÷ compressed size of one part larger than 1 MB."""
    xml_depth: int = 100
    """Nesting depth of elements in an XML part."""
    xml_children: int = 100_000
    """Elements directly inside one element (rows of a sheet, cells of a row): libraries hold them all at once."""
    xml_elements: int = 1_000_000
    """Elements in one XML part: python-docx, and openpyxl for a sheet without a dimension, build them all."""
    pdf_pages: int = 500
    pdf_page_objects: int = 20_000
    """Characters, lines, images and embedded forms drawn on one PDF page."""
    line_chars: int = 10_000
    """A plan line (or a paragraph rebuilt from lines) longer than this is left unparsed."""
    table_rows: int = 5000
    """Rows read from one worksheet."""
    table_columns: int = 50
    """Columns read from a worksheet or a Word table."""
    parse_seconds: int = 30
    """Wall time for reading and parsing one plan document."""

    @classmethod
    def from_settings(cls, settings) -> ReadLimits:
        """The limits a settings object overrides (``settings.FAZHI_MAX_UPLOAD_MB`` …); defaults elsewhere."""
        return cls(**{f.name: getattr(settings, setting_name(f.name), f.default) for f in fields(cls)})


def setting_name(field_name: str) -> str:
    return "FAZHI_MAX_" + field_name.upper()


class InputRejected(Exception):
    """A file refused before or while reading it; ``message_zh`` says what went wrong and what to do."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    def message_for(self, language: str | None) -> str:
        return self.message_en if (language or "").startswith("en") else self.message_zh


class Deadline:
    """A wall-clock budget for one read, checked between pages, paragraphs and stages."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends_at:
            raise InputRejected(
                f"文件过大或结构过于复杂，无法在 {self.seconds:g} 秒内读取，请拆分后上传",
                f"the file is too large or too complex to read within {self.seconds:g} seconds; split it and "
                "upload the parts",
            )


# --- ZIP containers (.docx, .xlsx, .ofd) ----------------------------------------------------------


def _damaged() -> InputRejected:
    return InputRejected("文件已损坏或不是有效的 Office 文件，请用 Office 或 WPS 打开后重新保存，再上传",
                         "the file is damaged or not a valid Office file; open it in Office or WPS, save it again "
                         "and upload that")


def _too_many_members(limits: ReadLimits) -> InputRejected:
    return InputRejected(f"文件内部的组成部分超过 {limits.zip_members} 个，结构异常，请用 Office 或 WPS 重新保存后再上传",
                         f"the file holds more than {limits.zip_members} parts; save it again in Office or WPS")


def _size_and_tail(source: bytes | BinaryIO) -> tuple[int, bytes]:
    """The file's size and its last 64 KB, where the end-of-central-directory record is."""
    if isinstance(source, bytes | bytearray):
        return len(source), bytes(source[-(65536 + 22):])
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(max(0, size - (65536 + 22)))
    tail = source.read()
    source.seek(0)
    return size, tail


def _central_directory(tail: bytes) -> tuple[int, int] | None:
    """(entries, size in bytes) from the end-of-central-directory record, read before zipfile builds its index."""
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 16:
        return None
    entries, size = struct.unpack("<HI", tail[end + 10: end + 16])
    return entries, size


def zip_check(source: bytes | BinaryIO, limits: ReadLimits, *, xml: bool = False,
              deadline: Deadline | None = None) -> None:
    """Refuse a ZIP container that would unpack past ``limits``; with ``xml``, check every XML part too.

    The sizes in the headers are checked before anything is unpacked, and parts are then read
    through a counting stream, so a header that lies about a size cannot get past the limits.
    """
    size, tail = _size_and_tail(source)
    if size > limits.upload_mb * MB:
        raise InputRejected(f"文件大小超过 {limits.upload_mb} MB 的上限，请压缩或拆分后再上传",
                            f"the file is larger than {limits.upload_mb} MB; compress or split it")
    directory = _central_directory(tail)
    if directory is not None:
        entries, size = directory
        # 0xFFFF entries means ZIP64, where the real count is elsewhere: the byte size still bounds it.
        if (entries != 0xFFFF and entries > limits.zip_members) or (
                size > limits.zip_members * CENTRAL_DIRECTORY_BYTES_PER_MEMBER):
            raise _too_many_members(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as error:
        raise _damaged() from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_members:
            raise _too_many_members(limits)
        member_limit = limits.unzipped_member_mb * MB
        total_limit = limits.unzipped_total_mb * MB
        declared_total = 0
        for info in members:
            if info.file_size > member_limit:
                raise _member_too_large(info.filename, limits)
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
                raise InputRejected(
                    f"文件中的“{info.filename}”压缩比异常（超过 {limits.zip_ratio} 倍），可能是恶意构造的文件，"
                    "请用 Office 或 WPS 重新保存后再上传",
                    f"the part {info.filename!r} is compressed more than {limits.zip_ratio} times, which real "
                    "documents never are; save the file again in Office or WPS",
                )
            declared_total += info.file_size
            if declared_total > total_limit:
                raise _total_too_large(limits)
        if xml:
            _check_xml_parts(archive, members, limits, deadline)


def _member_too_large(name: str, limits: ReadLimits) -> InputRejected:
    return InputRejected(
        f"文件中的“{name}”解压后超过 {limits.unzipped_member_mb} MB，请删除其中过大的内容或拆分后再上传",
        f"the part {name!r} unpacks to more than {limits.unzipped_member_mb} MB; remove large content or split "
        "the file",
    )


def _total_too_large(limits: ReadLimits) -> InputRejected:
    return InputRejected(f"文件解压后超过 {limits.unzipped_total_mb} MB，请拆分后再上传",
                         f"the file unpacks to more than {limits.unzipped_total_mb} MB; split it")


def _check_xml_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: ReadLimits,
                     deadline: Deadline | None) -> None:
    member_limit = limits.unzipped_member_mb * MB
    total_limit = limits.unzipped_total_mb * MB
    total = 0
    for info in members:
        if info.is_dir() or not info.filename.lower().endswith(XML_SUFFIXES):
            continue
        checker = XmlChecker(info.filename, limits)
        read = 0
        try:
            with archive.open(info) as part:
                while chunk := part.read(READ_CHUNK):
                    read += len(chunk)
                    total += len(chunk)
                    if read > member_limit:
                        raise _member_too_large(info.filename, limits)
                    if total > total_limit:
                        raise _total_too_large(limits)
                    checker.feed(chunk)
                    if deadline is not None:
                        deadline.check()
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            # RuntimeError: an encrypted part; NotImplementedError: a compression method zipfile lacks.
            raise _damaged() from error
        checker.close()


# --- XML ------------------------------------------------------------------------------------------


class XmlChecker:
    """Feed an XML part in chunks; refuses a DTD (and with it every entity), excess depth or width, bad XML.

    Office never writes a DTD, and every XML bomb (billion laughs, external entities) needs one,
    so refusing any ``<!DOCTYPE`` is both simpler and stricter than expanding entities carefully.
    """

    def __init__(self, name: str, limits: ReadLimits):
        self.name = name
        self.limits = limits
        # Children counted so far for each open element; the bottom entry counts the root.
        self.children = [0]
        self.elements = 0
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def _doctype(self, *args) -> None:
        raise InputRejected(
            f"文件中的“{self.name}”含有文档类型定义（DTD），出于安全原因不予读取，请用 Office 或 WPS 重新保存后再上传",
            f"the part {self.name!r} declares a DTD, which is refused for safety; save the file again in Office "
            "or WPS",
        )

    def _start(self, name, attributes) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise InputRejected(
                f"文件中的“{self.name}”含有超过 {self.limits.xml_elements} 个元素，请删除多余内容或拆分后再上传",
                f"the part {self.name!r} holds more than {self.limits.xml_elements} elements; remove what is not "
                "needed or split the file",
            )
        self.children[-1] += 1
        if self.children[-1] > self.limits.xml_children:
            raise InputRejected(
                f"文件中的“{self.name}”在同一层含有超过 {self.limits.xml_children} 个元素（如行或单元格），"
                "请删除多余内容或拆分后再上传",
                f"the part {self.name!r} holds more than {self.limits.xml_children} elements side by side (rows "
                "or cells); remove what is not needed or split the file",
            )
        self.children.append(0)
        if len(self.children) - 1 > self.limits.xml_depth:
            raise InputRejected(
                f"文件中的“{self.name}”嵌套超过 {self.limits.xml_depth} 层，结构异常，请用 Office 或 WPS 重新保存后再上传",
                f"the part {self.name!r} nests elements more than {self.limits.xml_depth} deep; save the file "
                "again in Office or WPS",
            )

    def _end(self, name) -> None:
        self.children.pop()

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            raise self._malformed() from error

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise self._malformed() from error

    def _malformed(self) -> InputRejected:
        return InputRejected(
            f"文件中的“{self.name}”不是有效的 XML，文件可能已损坏，请用 Office 或 WPS 重新保存后再上传",
            f"the part {self.name!r} is not well-formed XML; the file may be damaged, save it again in Office "
            "or WPS",
        )
