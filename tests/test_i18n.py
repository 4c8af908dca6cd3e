"""English locale: the catalogue is complete, compiled, and actually used by the UI.

Source strings are Simplified Chinese; fazhi/locale/en maps them to English.
To refresh after adding strings, see the comment at the top of the .po file.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%%")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(path: Path) -> list[dict]:
    """A deliberately small .po reader (no third-party dependency).

    Returns one dict per entry: msgctxt, msgid, msgid_plural, msgstr (a dict
    index -> text; index 0 for singular entries) and flags. Obsolete ``#~``
    entries are skipped."""
    entries: list[dict] = []
    current: dict | None = None
    field: tuple | None = None

    def flush():
        if current is not None and "msgid" in current:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            current, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = {"msgctxt": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            current["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            key, index = field
            if index is None:
                current[key] += _unquote(line)
            else:
                current[key][index] += _unquote(line)
            continue
        keyword, _, value = line.partition(" ")
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            field = ("msgstr", int(match.group(1)))
            current["msgstr"][field[1]] = _unquote(value)
        elif keyword == "msgstr":
            field = ("msgstr", 0)
            current["msgstr"][0] = _unquote(value)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            field = (keyword, None)
            current[keyword] = _unquote(value)
        else:
            raise AssertionError(f"unexpected line in {path}: {raw!r}")
    flush()
    return entries


@pytest.fixture(scope="module")
def en_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing; run manage.py makemessages -l en"
    return [e for e in parse_po(PO_PATH) if e["msgid"] != ""]


def test_catalogue_is_complete(en_entries):
    assert len(en_entries) > 100
    problems = []
    for entry in en_entries:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] is not None else [])
        wanted = 2 if entry["msgid_plural"] is not None else 1
        strs = [entry["msgstr"].get(i, "") for i in range(wanted)]
        if "fuzzy" in entry["flags"]:
            problems.append(("fuzzy", entry["msgid"]))
        for text in strs:
            if not text.strip():
                problems.append(("empty", entry["msgid"]))
            elif text in sources and CJK.search(text):
                problems.append(("copied Chinese", entry["msgid"]))
        for source, text in zip(sources, strs, strict=True):
            if text and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(("placeholders differ", entry["msgid"]))
    assert not problems, "untranslated or broken entries in the en catalogue:\n" + "\n".join(
        f"  {kind}: {msgid}" for kind, msgid in problems
    )


def test_compiled_catalogue_matches_po(en_entries):
    """The committed .mo is what Django loads; it must be rebuilt whenever the .po changes."""
    assert MO_PATH.exists(), "django.mo is missing; run manage.py compilemessages -l en"
    stale = []
    with translation.override("en"):
        for entry in en_entries:
            msgid, ctx = entry["msgid"], entry["msgctxt"]
            if entry["msgid_plural"] is not None:
                for n, index in ((1, 0), (2, 1)):
                    if ctx is None:
                        got = translation.ngettext(msgid, entry["msgid_plural"], n)
                    else:
                        got = translation.npgettext(ctx, msgid, entry["msgid_plural"], n)
                    if got != entry["msgstr"][index]:
                        stale.append(msgid)
            else:
                got = translation.gettext(msgid) if ctx is None else translation.pgettext(ctx, msgid)
                if got != entry["msgstr"][0]:
                    stale.append(msgid)
    assert not stale, "django.mo is out of date; run manage.py compilemessages -l en. Stale: " + ", ".join(
        stale[:10]
    )


def test_key_strings_translate():
    with translation.override("en"):
        assert translation.gettext("任务台账") == "Task ledger"
        assert translation.gettext("牵头单位") == "Lead unit"
        assert translation.gettext("配合单位") == "Supporting unit"
        assert translation.gettext("依法治县办") == "Rule-of-Law Office"
        assert translation.gettext("佐证材料") == "Evidence"
        assert (
            translation.ngettext("共 %(counter)s 项任务", "共 %(counter)s 项任务", 3) % {"counter": 3}
            == "3 tasks in total"
        )
    with translation.override("zh-hans"):
        assert translation.gettext("任务台账") == "任务台账"


@pytest.fixture
def english_client(client, personas):
    client.force_login(personas.office)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    assert response.status_code == 302
    assert response["Location"] == "/plans/"
    yield client
    translation.activate(settings.LANGUAGE_CODE)


def test_switching_to_english_translates_navigation(english_client):
    response = english_client.get("/plans/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for label in ("Task ledger", "Leader view", "Dispatch board", "Import plan", "Unit directory", "Log out"):
        assert label in html, label
    for label in ("任务台账", "单位名录", "退出"):
        assert label not in html, label


def test_default_language_is_chinese(client, personas):
    client.force_login(personas.office)
    html = client.get("/plans/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "任务台账" in html
    assert "Task ledger" not in html
