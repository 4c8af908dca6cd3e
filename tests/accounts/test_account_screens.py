"""The office's clerk and leader accounts: list, create, deactivate/reactivate, reset password, import from Excel."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.accounts.excel import accounts_import_preview
from fazhi.accounts.models import Profile
from fazhi.audit.models import Event
from fazhi.orgs.models import UnitAlias
from tests.accounts.sheets import FIVE_CLERKS, HEADER, sheet_of
from tests.factories import PASSWORD, ClerkFactory, JurisdictionFactory, OfficeFactory, UnitGroupFactory

User = get_user_model()


def _login(username, password):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


# --- list and one account at a time -------------------------------------------------------------------


def test_the_list_shows_the_countys_clerks_and_leaders_and_filters(client, personas):
    client.force_login(personas.office)
    page = client.get(reverse("accounts:list")).content.decode()
    for name in ("lead_clerk", "co_clerk", "outsider_clerk", "leader"):
        assert name in page
    assert ">office<" not in page and ">admin<" not in page  # the office's own accounts are not managed here
    clerks_of_one_unit = client.get(reverse("accounts:list"), {"unit": personas.lead_unit.pk}).content.decode()
    assert "lead_clerk" in clerks_of_one_unit and "co_clerk" not in clerks_of_one_unit
    leaders = client.get(reverse("accounts:list"), {"role": "leader"}).content.decode()
    assert "lead_clerk" not in leaders and "钱程" in leaders


def test_a_city_office_reads_a_countys_accounts_without_buttons(client, personas):
    city = JurisdictionFactory(city=True, name="淮北市")
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    client.force_login(OfficeFactory(jurisdiction=city))
    own = client.get(reverse("accounts:list")).content.decode()
    assert f'?jurisdiction={personas.jurisdiction.pk}">濉溪县</a>' in own
    page = client.get(reverse("accounts:list"), {"jurisdiction": personas.jurisdiction.pk}).content.decode()
    assert "lead_clerk" in page and "重置密码" not in page and "新建账号" not in page
    response = client.post(reverse("accounts:action", args=[personas.lead_clerk.profile.pk, "reset"]))
    assert response.status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for n in range(20):
        ClerkFactory(unit=personas.lead_unit, username=f"more_clerk{n}")
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:list")).status_code == 200


def test_the_office_creates_a_clerk_and_sees_the_initial_password_once(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:create"), {
        "role": "clerk", "username": "sifaju_zhou", "name": "周七", "phone": "13912345678",
        "unit": personas.lead_unit.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "账号已创建" in page and "初始密码只显示这一次" in page
    password = response.context["password"]
    user = User.objects.get(username="sifaju_zhou")
    assert user.check_password(password) and password not in user.password
    profile = user.profile
    assert (profile.role, profile.unit, profile.jurisdiction, profile.phone, profile.must_change_password) == (
        "clerk", personas.lead_unit, personas.jurisdiction, "13912345678", True)
    event = Event.objects.get(action="accounts.account_create")
    assert event.actor == personas.office and event.data["username"] == "sifaju_zhou"
    assert password not in str(event.data)


def test_the_office_creates_a_leader_account(client, personas):
    client.force_login(personas.office)
    client.post(reverse("accounts:create"), {"role": "leader", "username": "qiancheng", "name": "钱程",
                                             "leader": personas.leader.pk})
    profile = Profile.objects.get(user__username="qiancheng")
    assert (profile.role, profile.leader, profile.unit) == ("leader", personas.leader, None)


@pytest.mark.parametrize(("data", "message"), [
    ({"role": "clerk", "username": "lead_clerk", "name": "重名"}, "账号“lead_clerk”已被使用"),
    ({"role": "clerk", "username": "LEAD_CLERK", "name": "重名"}, "账号“LEAD_CLERK”已被使用"),
    ({"role": "clerk", "username": "new_one", "name": "无单位"}, "单位填报员须选择所在单位"),
    ({"role": "leader", "username": "new_one", "name": "无领导"}, "县领导账号须选择对应的牵头领导"),
    ({"role": "clerk", "username": "有 空格", "name": "张"}, "账号只能包含字母、数字和 @ . + - _ 符号"),
    ({"role": "office", "username": "new_office", "name": "张"}, "选择一个有效的选项"),
    ({"role": "clerk", "username": "new_one", "name": "张", "phone": "12345"}, "手机号应为 11 位数字"),
])
def test_a_wrong_account_form_says_why_and_creates_nothing(client, personas, data, message):
    client.force_login(personas.office)
    if data.get("role") == "clerk" and data["username"] in ("lead_clerk", "LEAD_CLERK", "有 空格"):
        data = {**data, "unit": personas.lead_unit.pk}
    count = User.objects.count()
    response = client.post(reverse("accounts:create"), data)
    assert message in response.content.decode()
    assert User.objects.count() == count


def test_every_problem_of_the_form_is_shown_at_once(client, personas):
    client.force_login(personas.office)
    page = client.post(reverse("accounts:create"), {"role": "clerk", "username": "lead_clerk", "name": "张三"})
    assert "账号“lead_clerk”已被使用" in page.content.decode() and "单位填报员须选择所在单位" in page.content.decode()


def test_a_unit_of_another_county_cannot_be_chosen(client, personas, other_county_office):
    client.force_login(other_county_office)
    response = client.post(reverse("accounts:create"), {"role": "clerk", "username": "sneaky", "name": "张",
                                                        "unit": personas.lead_unit.pk})
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="sneaky").exists()


def test_deactivate_and_reactivate(client, personas):
    client.force_login(personas.office)
    pk = personas.lead_clerk.profile.pk
    client.post(reverse("accounts:action", args=[pk, "deactivate"]))
    _, response = _login("lead_clerk", PASSWORD)
    assert response.status_code == 200  # refused: the login page again
    client.post(reverse("accounts:action", args=[pk, "reactivate"]))
    _, response = _login("lead_clerk", PASSWORD)
    assert response.status_code == 302
    assert list(Event.objects.filter(action__startswith="accounts.account_").values_list("action", flat=True)
                .order_by("id")) == ["accounts.account_deactivate", "accounts.account_reactivate"]


def test_reset_password_shows_a_new_one_and_forces_a_change(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:action", args=[personas.co_clerk.profile.pk, "reset"]))
    password = response.context["password"]
    assert "密码已重置" in response.content.decode()
    _, old = _login("co_clerk", PASSWORD)
    assert old.status_code == 200
    clerk, new = _login("co_clerk", password)
    assert new.status_code == 302
    assert clerk.get(reverse("tracking:my_home"))["Location"] == reverse("accounts:password_change")


def test_another_countys_office_cannot_touch_the_accounts(client, personas, other_county_office):
    client.force_login(other_county_office)
    for action in ("deactivate", "reset", "unlock"):
        response = client.post(reverse("accounts:action", args=[personas.lead_clerk.profile.pk, action]))
        assert response.status_code == 403
    assert client.post(reverse("accounts:action", args=[personas.office.profile.pk, "reset"])).status_code == 404
    assert personas.lead_clerk.is_active


def test_an_office_account_is_not_managed_from_this_screen(client, personas):
    client.force_login(personas.office)
    assert client.post(reverse("accounts:action", args=[personas.admin.profile.pk, "reset"])).status_code == 404


# --- Excel import -------------------------------------------------------------------------------------


def _upload(rows, name="账号.xlsx"):
    return SimpleUploadedFile(name, sheet_of(rows))


def test_the_preview_matches_units_by_name_full_name_and_short_name(personas):
    preview = accounts_import_preview(jurisdiction=personas.jurisdiction, file=io.BytesIO(sheet_of(FIVE_CLERKS)))
    assert preview.ok, [row.problems for row in preview.rows]
    assert [(row.row, row.unit_name, row.name, row.phone, row.username) for row in preview.rows] == [
        (2, "县司法局", "张敏", "13800000001", "sifaju_zhangmin"),
        (3, "县司法局", "李强", "13800000002", "sifaju_liqiang"),
        (4, "县财政局", "王芳", "13800000003", "caizheng_wangfang"),
        (5, "县财政局", "赵磊", "", "caizheng_zhaolei"),
        (6, "县水利局", "孙丽", "13800000005", "shuili_sunli"),
    ]


def test_the_preview_lists_each_rows_problems_in_chinese(personas):
    UnitAlias.objects.create(unit=personas.lead_unit, jurisdiction=personas.jurisdiction, text="司法行政局")
    UnitGroupFactory(jurisdiction=personas.jurisdiction, phrase="各乡镇", members=[personas.co_unit])
    rows = [HEADER,
            ["司法行政局", "张敏", "13800000001", "zhangmin"],
            ["县气象局", "李强", "", "liqiang"],
            ["各乡镇", "王芳", "", "wangfang"],
            ["县财政局", "", "1380000", "lead_clerk"],
            ["县财政局", "赵磊", "", "ZHANGMIN"],
            ["县财政局", "孙丽", "", ""]]
    preview = accounts_import_preview(jurisdiction=personas.jurisdiction, file=io.BytesIO(sheet_of(rows)))
    assert not preview.ok
    assert [(row.row, row.problems) for row in preview.rows] == [
        (2, []),
        (3, ["单位“县气象局”不在本辖区单位名录中（或有多个单位与之相符），请填写名录中的名称"]),
        (4, ["“各乡镇”是单位组，请填写一个具体单位"]),
        (5, ["没有填写姓名", "手机号“1380000”应为 11 位数字，以 1 开头", "账号“lead_clerk”已被使用，请换一个"]),
        (6, ["与表中另一行的账号重复"]),
        (7, ["没有填写账号"]),
    ]
    assert preview.rows[0].unit_name == "县司法局"


@pytest.mark.parametrize(("rows", "message"), [
    ([["单位", "名字", "账号"], ["县司法局", "张敏", "zm"]], "第 1 行表头缺少“姓名”列"),
    ([HEADER], "表格中没有账号行"),
])
def test_a_sheet_of_the_wrong_shape_is_refused(personas, rows, message):
    preview = accounts_import_preview(jurisdiction=personas.jurisdiction, file=io.BytesIO(sheet_of(rows)))
    assert any(message in error for error in preview.errors)


def test_a_file_that_is_no_workbook_is_refused(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:import"),
                           {"workbook": SimpleUploadedFile("账号.xlsx", b"name,phone\nzhang,138")})
    assert "文件无法读取，请上传 .xlsx 格式的 Excel 文件" in response.content.decode()
    response = client.post(reverse("accounts:import"), {"workbook": SimpleUploadedFile("账号.csv", b"a,b")})
    assert "请上传 .xlsx 格式的文件" in response.content.decode()


def test_import_preview_then_confirm_then_download_the_passwords_once(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:import"), {"workbook": _upload(FIVE_CLERKS)})
    page = response.content.decode()
    assert "将创建 5 个账号，请核对" in page and "确认创建 5 个账号" in page
    assert "濉溪县司法局 → 县司法局" in page
    assert not User.objects.filter(username="sifaju_zhangmin").exists()  # the preview writes nothing
    token = client.session["fazhi_account_import"]["token"]
    response = client.post(reverse("accounts:import_confirm"), {"token": token})
    assert response.status_code == 200
    created = response.context["created"]
    assert len(created) == 5 and "已创建 5 个账号" in response.content.decode()
    for account in created:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password) and account.password not in user.password
        assert user.profile.must_change_password and user.profile.jurisdiction == personas.jurisdiction
        assert account.password in response.content.decode()
    assert Event.objects.filter(action="accounts.account_import").count() == 5
    summary = Event.objects.get(action="accounts.accounts_import")
    assert summary.data["created"] == 5
    assert not any(account.password in str(event.data) for event in Event.objects.all() for account in created)

    payload = response.context["payload"]
    download = client.post(reverse("accounts:credentials"), {"payload": payload})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位", "姓名", "手机", "账号", "初始密码")
    assert {(row[3], row[4]) for row in rows[1:]} == {(a.username, a.password) for a in created}
    again = client.post(reverse("accounts:credentials"), {"payload": payload})
    assert again.status_code == 410 and "只能下载一次" in again.content.decode()
    # The same confirm again creates nothing twice.
    twice = client.post(reverse("accounts:import_confirm"), {"token": token})
    assert twice.status_code == 409 and "没有重复创建账号" in twice.content.decode()
    assert User.objects.filter(username__in=[a.username for a in created]).count() == 5


def test_a_tampered_password_sheet_is_refused(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:credentials"), {"payload": "eyJub25jZSI6IjEifQ:forged:sig"})
    assert response.status_code == 410 and "已过期" in response.content.decode()


def test_a_name_taken_between_preview_and_confirm_creates_nothing(client, personas):
    client.force_login(personas.office)
    client.post(reverse("accounts:import"), {"workbook": _upload(FIVE_CLERKS)})
    token = client.session["fazhi_account_import"]["token"]
    User.objects.create_user(username="shuili_sunli")
    response = client.post(reverse("accounts:import_confirm"), {"token": token})
    assert response.status_code == 409
    assert "第 6 行：账号“shuili_sunli”已被使用，请换一个" in response.content.decode()
    assert not User.objects.filter(username="sifaju_zhangmin").exists()


def test_a_preview_with_problems_offers_no_confirm(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:import"), {"workbook": _upload([HEADER, ["县气象局", "李强", "", "lq"]])})
    page = response.content.decode()
    assert "发现 1 处问题，未创建任何账号" in page and "确认创建" not in page
    assert "fazhi_account_import" not in client.session
