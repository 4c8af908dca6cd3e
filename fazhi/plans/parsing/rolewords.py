"""The words plans use to say who leads and who helps with a task, as tables.

``annotations`` reads these; a new way of writing roles is a new row here, not new code.

Roles:

* ``leader`` — 牵头领导: person names.
* ``lead`` — 牵头单位.
* ``co`` — 配合单位.
* ``responsible`` — 责任单位: the lead units, unless the same annotation names a ``lead`` too;
  then they share the work and are co units (〔牵头单位：…；责任单位：…〕, also on two lines).
* ``shared`` — 共同负责, 按职责分工负责, 各负其责: each unit answers for its own part. They are
  the lead units when nobody else leads, co units beside a named lead
  ("县司法局牵头，各镇及相关部门各负其责").
* ``due`` — 完成时限.
"""

from __future__ import annotations

import re

LEADER, LEAD, CO, RESPONSIBLE, SHARED, DUE = "leader", "lead", "co", "responsible", "shared", "due"

_LEVELS = ("", "县", "市", "区", "镇", "乡", "州", "省", "旗", "盟")
_ORGS = ("单位", "部门")


def _words(role: str, *templates: str) -> list[tuple[str, str]]:
    """Expand {level} (县/市/区…) and {org} (单位/部门) in ``templates`` into literal words."""
    words = []
    for template in templates:
        for level in _LEVELS if "{level}" in template else ("",):
            for org in _ORGS if "{org}" in template else ("",):
                words.append((role, template.format(level=level, org=org)))
    return words


# Field labels followed by a colon (牵头单位：…).
LABELS: tuple[tuple[str, str], ...] = (
    *_words(LEADER, "牵头{level}领导", "责任{level}领导", "分管{level}领导", "联系{level}领导", "{level}领导"),
    *_words(LEAD, "牵头责任{org}", "牵头{org}", "主要责任{org}", "主责{org}", "主办{org}", "承办{org}"),
    *_words(CO, "协同责任{org}", "协同{org}", "配合责任{org}", "配合{org}", "参与{org}", "协办{org}",
            "协助{org}", "协作{org}"),
    *_words(RESPONSIBLE, "责任{org}", "实施{org}", "落实{org}"),
    *_words(DUE, "完成时限", "完成时间", "完成期限", "时间要求", "时间节点", "时限"),
)

# Role words written after the units they apply to: 县司法局牵头，县财政局配合；县司法局、县财政局办理.
# Matched at the end of a clause, longest first.
VERBS: tuple[tuple[str, str], ...] = (
    (SHARED, "按照职责分工分别负责"),
    (SHARED, "按职责分工分别负责"),
    (SHARED, "按照职责分工负责"),
    (SHARED, "根据职责分工负责"),
    (SHARED, "按职责分工负责"),
    (SHARED, "按职责分工落实"),
    (SHARED, "按职责分别负责"),
    (SHARED, "依职责分别负责"),
    (SHARED, "按职能分工负责"),
    (SHARED, "按职责负责"),
    (SHARED, "依职责负责"),
    (SHARED, "分别负责"),
    (SHARED, "共同负责"),
    (SHARED, "各负其责"),
    (SHARED, "分工负责"),
    (SHARED, "为责任单位"),
    (SHARED, "按照职责分工"),
    (SHARED, "按职责分工"),
    (LEAD, "为牵头单位"),
    (LEAD, "为主责单位"),
    (LEAD, "牵头负责"),
    (LEAD, "负责牵头"),
    (LEAD, "牵头落实"),
    (LEAD, "牵头实施"),
    (LEAD, "组织实施"),
    (LEAD, "负总责"),
    (LEAD, "牵头抓总"),
    (LEAD, "具体负责"),
    (LEAD, "负责落实"),
    (LEAD, "牵头"),
    (LEAD, "负责"),
    (LEAD, "主责"),
    (LEAD, "办理"),
    (LEAD, "承办"),
    (LEAD, "落实"),
    (CO, "为配合单位"),
    (CO, "为协同单位"),
    (CO, "配合落实"),
    (CO, "协助落实"),
    (CO, "共同参与"),
    (CO, "配合"),
    (CO, "协同"),
    (CO, "参与"),
    (CO, "协办"),
    (CO, "协助"),
)

# A word between two unit lists of one clause: the units before it lead, those after it help
# (县司法局会同县财政局办理). With nothing before it, the units after it help the clause before.
JOINERS: tuple[str, ...] = ("会同", "联合", "协调")

# Words in front of a clause that are not part of a unit name: 由县司法局负责.
CLAUSE_OPENERS: tuple[str, ...] = ("由", "请")

# Trailing words after a unit list that are not part of any name: 县司法局、县财政局等有关部门.
# ``等`` followed by one of these nouns closes the list ("and the other … concerned").
ET_CETERA = re.compile(r"等(?:有关|相关|其他|其它)?(?:部门|单位|机构|方面)?$")

# Joining words between two whole units: 市信息办及相关部门 → 市信息办, 相关部门.
# 和 inside a name (住房和城乡建设局) stays: the part before it is not a whole unit name.
UNIT_CONJUNCTIONS = ("以及", "及", "和", "与")

# How a unit name (or a group phrase) ends. A piece of text ending otherwise is not a whole name:
# "人力 资源社会保障局" is one name cut by a stray space, not two.
UNIT_ENDINGS: tuple[str, ...] = (
    "局", "委", "办", "院", "部", "室", "会", "联", "队", "所", "站", "馆", "厅", "处", "科", "署",
    "中心", "政府", "街道", "办事处", "镇", "乡", "村", "社区", "园区", "开发区", "部门", "单位", "机构",
    "组织", "公司", "银行", "集团", "党校", "团", "社", "庭", "组", "校", "台", "场",
)
# A group phrase may end in a place word: 各县（市、区）, 各县区.
GROUP_PLACE_ENDINGS = ("县", "区", "市", "旗")
# Endings that are generic nouns: a bare list of them is only a unit list with a group word in front.
GROUP_NOUNS = ("部门", "单位", "机构", "组织")
GROUP_MARKS = ("各", "有关", "相关", "直", "属", "成员")
# How the next unit of a list usually starts: a level prefix, a group word, 中共.
UNIT_STARTS = ("县", "区", "市", "省", "州", "镇", "乡", "旗", "盟", "各", "有关", "相关", "中共", "共青团")


def spaced(words) -> str:
    """A regex alternation of literal ``words``, longest first, allowing one stray space between
    two characters: PDF and web text write "牵 头单位"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s?".join(re.escape(char) for char in word) for word in ordered)
