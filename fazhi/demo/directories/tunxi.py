"""屯溪区: the units named in 《屯溪区推进法治政府建设率先突破三年行动方案（2022－2024年）》.

The plan names no 牵头领导, so there are no leaders.
"""

PROVINCE = {"name": "安徽省", "code": "340000"}
CITY = {"name": "黄山市", "short_name": "市", "code": "341000"}
JURISDICTION = {"name": "屯溪区", "short_name": "区", "code": "341002"}

# (name as the plan writes it, full name, kind, aliases)
UNITS = [
    ("区委组织部", "中共屯溪区委组织部", "party", []),
    ("区委宣传部", "中共屯溪区委宣传部", "party", []),
    ("区委政法委", "中共屯溪区委政法委员会", "party", []),
    ("区委编办", "中共屯溪区委机构编制委员会办公室", "party", ["区委机构编制委员会办公室"]),
    ("区委网信办", "中共屯溪区委网络安全和信息化委员会办公室", "party", []),
    ("区政府办", "屯溪区人民政府办公室", "government", ["区政府办公室"]),
    ("区发改委", "屯溪区发展和改革委员会", "government", ["区发展和改革委员会"]),
    ("区司法局", "屯溪区司法局", "government", []),
    ("区财政局", "屯溪区财政局", "government", []),
    ("区人社局", "屯溪区人力资源和社会保障局", "government", ["区人力资源和社会保障局"]),
    ("区文旅体局", "", "government", []),
    ("区市场监管局", "屯溪区市场监督管理局", "government", ["区市场监督管理局"]),
    ("区交运局", "屯溪区交通运输局", "government", ["区交通运输局"]),
    ("区农业农村局", "屯溪区农业农村局", "government", []),
    ("区应急局", "屯溪区应急管理局", "government", ["区应急管理局"]),
    ("区城管执法局", "", "government", []),
    ("区卫健委", "屯溪区卫生健康委员会", "government", ["区卫生健康委员会"]),
    ("区信访局", "屯溪区信访局", "government", []),
    ("屯溪公安分局", "黄山市公安局屯溪分局", "government", ["区公安分局"]),
    ("区数据资源局", "屯溪区数据资源管理局", "direct", ["区数据资源管理局"]),
    ("区生态环境分局", "", "other", []),
    ("区法院", "屯溪区人民法院", "court", ["区人民法院"]),
    ("区检察院", "屯溪区人民检察院", "procuratorate", ["区人民检察院"]),
    ("区工商联", "屯溪区工商业联合会", "other", []),
    ("区法宣办", "屯溪区法治宣传教育工作领导小组办公室", "other", []),
    # The office that runs the plan: not named in it, but every district has one.
    ("区委依法治区办", "中共屯溪区委全面依法治区委员会办公室", "party", ["区委依法治区委员会办公室"]),
]

# Not named in the plan; 屯溪区's 镇 and three of its 街道, kept as sample data until checked.
SAMPLE_UNITS = [
    ("屯光镇", "屯溪区屯光镇人民政府", "town", ["屯光镇人民政府"]),
    ("阳湖镇", "屯溪区阳湖镇人民政府", "town", ["阳湖镇人民政府"]),
    ("黎阳镇", "屯溪区黎阳镇人民政府", "town", ["黎阳镇人民政府"]),
    ("奕棋镇", "屯溪区奕棋镇人民政府", "town", ["奕棋镇人民政府"]),
    ("昱东街道", "屯溪区昱东街道办事处", "subdistrict", ["昱东街道办事处"]),
    ("昱中街道", "屯溪区昱中街道办事处", "subdistrict", ["昱中街道办事处"]),
    ("老街街道", "屯溪区老街街道办事处", "subdistrict", ["老街街道办事处"]),
]

LEADERS: list[str] = []

GROUPS = [
    {
        "phrase": "区政府各部门",
        "kinds": ["government"],
        "note": "示例数据：成员取自名录中的“政府部门”，方案未列明全部部门，请按实际名录修改",
    },
    {"phrase": "各镇人民政府", "kinds": ["town"], "note": "示例数据：方案未列明具体镇，请按实际名录修改"},
    {
        "phrase": "各街道办事处",
        "kinds": ["subdistrict"],
        "note": "示例数据：方案未列明具体街道，请按实际名录修改",
    },
    {
        "phrase": "区政府有关部门",
        "kinds": ["government"],
        "note": "示例数据：“有关部门”随任务而定，此处暂列全部政府部门，请按实际修改",
    },
]
