"""Build .docx and .pdf plan documents inside the tests, so no binary fixtures are committed."""

from __future__ import annotations

import io


def docx_from_lines(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def table_plan_docx() -> bytes:
    """A plan written as a table, the way many 县 offices circulate their 任务分工."""
    import docx

    document = docx.Document()
    document.add_paragraph("歙县2023年法治政府建设重点任务分工方案")
    document.add_paragraph("为推进法治政府建设，现将重点任务分解如下。")
    document.add_paragraph("一、重点任务分工")
    rows = [
        ("序号", "重点任务", "牵头领导", "牵头单位", "配合单位", "完成时限"),
        ("（一）规范执法", "（一）规范执法", "（一）规范执法", "（一）规范执法", "（一）规范执法", "（一）规范执法"),
        ("1", "全面落实行政执法三项制度，重大执法决定法制审核率达到100%。", "钱程", "县司法局",
         "县直各行政执法部门、各镇（园区）", "2023年12月底前"),
        ("2", "开展行政执法案卷评查，每年至少评查1次。", "钱程", "县司法局", "", "长期坚持"),
        ("（二）优化服务", "（二）优化服务", "（二）优化服务", "（二）优化服务", "（二）优化服务", "（二）优化服务"),
        ("3", "推进政务服务“一网通办”，网上可办率不低于95%。", "王永涛、鲍锐", "县数据资源局",
         "县政府各部门等", "2023年第三季度前"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for index in (1, 4):  # merged section rows, as Word writes them
        table.rows[index].cells[0].merge(table.rows[index].cells[-1])
        table.rows[index].cells[0].text = rows[index][0]
    document.add_paragraph("歙县人民政府办公室")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_lines(lines: list[str], *, chars_per_line: int = 38, lines_per_page: int = 48) -> bytes:
    """A text PDF with reportlab's built-in Chinese CID font, wrapped like a printed page, with page numbers."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    printed: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        line = line.strip()
        printed += [line[i:i + chars_per_line] for i in range(0, len(line), chars_per_line)]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page_number, start in enumerate(range(0, len(printed), lines_per_page), start=1):
        pdf.setFont("STSong-Light", 11)
        for row, text in enumerate(printed[start:start + lines_per_page]):
            pdf.drawString(60, 790 - 15 * row, text)
        pdf.drawString(280, 30, f"- {page_number} -")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """An image-only page: what a scanner produces, with no text layer."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
