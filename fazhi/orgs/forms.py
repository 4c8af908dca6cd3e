from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Unit

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("方案中常用的名称，如“县司法局”"))
    full_name = forms.CharField(
        label=_("全称"), max_length=150, required=False, help_text=_("如“濉溪县司法局”")
    )
    kind = forms.ChoiceField(label=_("类别"), choices=Unit.Kind.choices)


class UnitEditForm(UnitCreateForm):
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, help_text=_("数字小的排在前面"))
    aliases = forms.CharField(
        label=_("别名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("方案中对该单位的其他写法，每行一个；改名后原名称会自动保留为别名"),
    )

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class UnitMergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        label=_("并入单位"), queryset=Unit.objects.none(), empty_label=_("请选择保留的单位"),
        help_text=_("合并后只保留这个单位，被合并单位的名称成为它的别名"),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Unit.objects.filter(
            jurisdiction_id=unit.jurisdiction_id, is_active=True
        ).exclude(pk=unit.pk)


class DirectoryImportForm(forms.Form):
    workbook = forms.FileField(label=_("名录文件（.xlsx）"))

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件，可先导出名录作为模板"))
        if workbook.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB，请检查是否选错了文件"))
        return workbook


class GroupMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("成员单位"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Unit.objects.filter(jurisdiction=jurisdiction)


class GroupCreateForm(GroupMembersForm):
    phrase = forms.CharField(label=_("称谓"), max_length=150, help_text=_("方案中的写法，如“各镇（园区）”"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
