from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fazhi.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from fazhi.accounts import receivers  # noqa: F401  connects the login record to Django's signals
