"""Small account sheets for the import tests, as an office would fill them in Excel."""

import io

from openpyxl import Workbook


def sheet_of(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["单位", "姓名", "手机", "账号"]
FIVE_CLERKS = [
    HEADER,
    ["县司法局", "张敏", "13800000001", "sifaju_zhangmin"],
    ["濉溪县司法局", "李强", "13800000002", "sifaju_liqiang"],
    ["县财政局", "王芳", 13800000003, "caizheng_wangfang"],
    ["财政局", "赵磊", "", "caizheng_zhaolei"],
    ["县水利局", "孙丽", "138 0000 0005", "shuili_sunli"],
]
