from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Role
from fazhi.accounts.services import username_problem
from fazhi.orgs.models import Leader, Unit

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form (old password, new twice, the password rules) with Chinese labels of fazhi's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="：", **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password1"].help_text = _("至少 10 个字符，不能全是数字，不能包含用户名，不能是常见密码")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("当前密码不正确，请重新输入"),
            "password_mismatch": _("两次输入的新密码不一致"),
        }

    def clean(self):
        data = super().clean()
        new_password = data.get("new_password1")
        if new_password and not self.has_error("new_password2") and new_password == data.get("old_password"):
            self.add_error("new_password2", forms.ValidationError(_("新密码不能与当前密码相同"),
                                                                  code="password_unchanged"))
        return data


class AccountCreateForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=[(Role.CLERK, Role.CLERK.label), (Role.LEADER, Role.LEADER.label)])
    username = forms.CharField(label=_("账号"), max_length=150,
                               help_text=_("登录用的用户名，字母、数字或 @ . + - _，如“sifaju_zhangsan”"))
    name = forms.CharField(label=_("姓名"), max_length=30)
    phone = forms.RegexField(label=_("手机"), regex=r"^1\d{10}$", required=False,
                             error_messages={"invalid": _("手机号应为 11 位数字，以 1 开头")})
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none(), required=False,
                                  help_text=_("单位填报员必填"))
    leader = forms.ModelChoiceField(label=_("对应领导"), queryset=Leader.objects.none(), required=False,
                                    help_text=_("县领导账号必填"))

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, label_suffix="：", **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(jurisdiction=jurisdiction, is_active=True)
        self.fields["leader"].queryset = Leader.objects.filter(jurisdiction=jurisdiction, is_active=True)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if problem := username_problem(username):
            raise forms.ValidationError(problem)
        return username

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.CLERK and not data.get("unit"):
            self.add_error("unit", _("单位填报员须选择所在单位"))
        if data.get("role") == Role.LEADER and not data.get("leader"):
            self.add_error("leader", _("县领导账号须选择对应的牵头领导"))
        return data


class AccountImportForm(forms.Form):
    workbook = forms.FileField(label=_("账号表（.xlsx）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="：", **kwargs)

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件，可先下载模板"))
        if workbook.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB，请检查是否选错了文件"))
        return workbook
