import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from fazhi.cli import main


def test_sqlite_runs_in_wal_mode(db):
    if connection.vendor != "sqlite":
        pytest.skip("WAL is a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database reports "memory"; a file database reports "wal".
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_ui_defaults_to_simplified_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE in {"Asia/Shanghai"} or settings.TIME_ZONE


def test_cli_help_lists_subcommands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for sub in ["run", "import", "demo", "createadmin", "remind"]:
        assert sub in out


def test_cli_rejects_unknown_command(capsys):
    assert main(["frobnicate"]) == 2
    assert "未知命令" in capsys.readouterr().err


def test_login_page_renders_in_chinese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_no_static_asset_comes_from_a_cdn():
    root = Path(settings.BASE_DIR)
    for path in list(root.rglob("*.html")) + list(root.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert "cdn." not in text and "unpkg.com" not in text, path


def test_schema_is_shipped_with_the_package():
    schema = json.loads((Path(settings.BASE_DIR) / "plans/parsing/ledger-schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["plan", "headings", "goals", "tasks", "unparsed"]


def test_project_static_assets_are_served_locally(client, db):
    for asset in ["/static/fazhi/fazhi.css", "/static/fazhi/htmx.min.js"]:
        response = client.get(asset)
        assert response.status_code == 200, asset


def test_a_refusal_explains_itself_in_chinese(client, personas):
    client.force_login(personas.lead_clerk)
    response = client.get("/tracking/board/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "Forbidden" not in body


def test_a_missing_page_is_explained_in_chinese(client, personas):
    client.force_login(personas.office)
    response = client.get("/plans/tasks/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
