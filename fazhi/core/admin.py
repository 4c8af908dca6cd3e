"""Admin building blocks shared by every app. The admin is for system administrators only:
domain rows are written by the write functions (with their audit events), not by admin forms.
A domain admin is either a ``ReadOnlyAdmin`` or an ``AuditedAdmin`` (tests/core/test_admin_audit.py
checks every registered one)."""

from django.contrib import admin

from fazhi.audit.services import event_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows, never edits them; ``deletable`` lets a system administrator remove a wrong one."""

    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """An admin that may edit its rows, and leaves an audit event for every add, change and delete,
    with the fields' values before and after, as the screens' write functions do.

    ``audit_jurisdiction`` says which jurisdiction's audit log shows the event (default: the row's own).
    """

    def audit_jurisdiction(self, obj):
        return getattr(obj, "jurisdiction", None)

    def save_model(self, request, obj, form, change):
        obj._audit_changes = _form_changes(form) if change else {}
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "admin.add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "admin.change", message)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        self._audit(request, obj, "admin.delete", None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "admin.delete", None)
        super().delete_queryset(request, queryset)

    def _audit(self, request, obj, action, message):
        data = dict(getattr(obj, "_audit_changes", {}) or {})
        if message:
            data["admin_message"] = message if isinstance(message, list | str) else str(message)
        event_record(actor=request.user, action=action, target=obj, jurisdiction=self.audit_jurisdiction(obj),
                     data=data)


def _shown(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "all") and callable(value.all):  # a queryset of a many-to-many field
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return "、".join(str(item) for item in value)
    return str(value)


def _form_changes(form) -> dict:
    """The changed fields of an admin form as {"before": {...}, "after": {...}}; passwords left out."""
    names = [name for name in form.changed_data if "password" not in name]
    if not names:
        return {}
    # Keyed by the field's label (“全称”), which is what the audit log page shows.
    labels = {name: str(form.fields[name].label or name) if name in form.fields else name for name in names}
    before = {labels[name]: _shown(_initial_value(form, name)) for name in names}
    after = {labels[name]: _shown(form.cleaned_data.get(name)) for name in names}
    return {"before": before, "after": after}


def _initial_value(form, name):
    value = form.initial.get(name)
    field = form.fields.get(name)
    queryset = getattr(field, "queryset", None)
    if queryset is None or value in (None, ""):
        return value
    # ModelChoiceField initials are primary keys: show the rows.
    if isinstance(value, list | tuple):
        keys = [getattr(item, "pk", item) for item in value]
        return list(queryset.model._default_manager.filter(pk__in=keys))
    return queryset.model._default_manager.filter(pk=getattr(value, "pk", value)).first()
