import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.accounts.models import Profile, Role


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
        if len(password) < 8:
            raise CommandError("密码至少 8 位 / password needs at least 8 characters")
        with transaction.atomic():
            user = User.objects.create_superuser(username=username, password=password, email="")
            Profile.objects.create(user=user, role=Role.ADMIN)
        self.stdout.write(f"已创建系统管理员 {username} / admin created")
