import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.accounts.models import Profile, Role

# By the codes of Django's validators (settings.AUTH_PASSWORD_VALIDATORS): Django's own Chinese
# catalogue lags its English messages, so the reasons are written out here.
REASONS = {
    "password_too_short": "少于 {min_length} 位",
    "password_too_similar": "与用户名或姓名过于相似",
    "password_too_common": "是常见密码",
    "password_entirely_numeric": "全是数字",
}


def password_refusal(error: ValidationError) -> str:
    reasons = [REASONS.get(e.code, e.messages[0]).format(**(e.params or {})) for e in error.error_list]
    codes = ", ".join(e.code or "invalid" for e in error.error_list)
    return (f"密码不符合要求：{'、'.join(reasons)}。请换一个至少 10 位、不全是数字、不是常见密码、"
            f"不与用户名相似的密码 / password rejected ({codes})")


class Command(BaseCommand):
    help = "创建系统管理员账号 / create a 系统管理员 account"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", help="不提供则交互输入 / prompted when omitted")

    def handle(self, *args, username, password=None, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在，请换一个 / user {username!r} exists")
        if not password:
            password = getpass.getpass("密码 / password: ")
        try:
            validate_password(password, user=User(username=username))
        except ValidationError as error:
            raise CommandError(password_refusal(error)) from error
        with transaction.atomic():
            user = User.objects.create_superuser(username=username, password=password, email="")
            Profile.objects.create(user=user, role=Role.ADMIN)
        self.stdout.write(f"已创建系统管理员 {username} / admin created")
