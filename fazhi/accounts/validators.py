"""The password rules, with their reasons in Chinese.

Django's validators say the same things, but its Chinese catalogue lags its English messages,
its similarity check lets “sifaju_suixi2024” through for the user sifaju_suixi, and its list of
common passwords misses what Chinese users typically choose. The codes stay Django's, so
``createadmin``'s ``password_refusal`` and anyone matching on codes keep working.
"""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Typical Chinese choices that Django's English-language list does not hold (lower case), and the
# demonstration password published in earlier versions of the README.
CHINESE_COMMON_PASSWORDS = frozenset({
    "fazhi123", "fazhi12345", "fazhi123456", "fazhi@123", "fazhi@2024", "fazhi@2025", "fazhi@2026",
    "fazhi-demo-2024", "fazhizhengfu", "yifazhixian", "sifaju123456", "12345678", "123456789", "1234567890",
    "12345678910", "1qaz2wsx", "1qaz2wsx3edc", "1qaz@wsx3edc", "1q2w3e4r5t", "1q2w3e4r5t6y", "qwe123456",
    "qwer1234", "qwerty123456", "asd123456", "zxc123456", "zxcvbnm123", "a123456789", "a1234567890",
    "abc123456", "abc1234567", "abcd123456", "aa123456789", "woaini1314", "woaini520", "5201314520",
    "1314520520", "admin123456", "admin@123", "admin12345", "password123", "p@ssw0rd123", "88888888",
    "11111111", "00000000", "147258369", "123123123", "11223344", "q1w2e3r4t5", "zhang123456",
    "wang123456", "li123456789", "huawei123", "zhengfu123", "gov123456", "test123456",
})
_SEPARATORS = re.compile(r"[\s._\-@]+")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext("密码太短，至少需要 %(min_length)d 个字符", "密码太短，至少需要 %(min_length)d 个字符",
                         self.min_length),
                code="password_too_short", params={"min_length": self.min_length})

    def get_help_text(self):
        return _("至少 %(min_length)d 个字符") % {"min_length": self.min_length}


class UsernameInPasswordValidator(password_validation.UserAttributeSimilarityValidator):
    """Refuses a password that contains the user name (ignoring case and separators: Django's similarity
    ratio lets “sifaju_suixi2024” through for sifaju_suixi), then one too similar to the user name,
    name or e-mail address as Django measures it. One reason at a time, in Chinese."""

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if len(username) >= 3:
            plain = _SEPARATORS.sub("", password).lower()
            name = username.lower()
            if name in password.lower() or _SEPARATORS.sub("", name) in plain:
                raise ValidationError(_("密码不能包含用户名"), code="password_too_similar")
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(_("密码与用户名、姓名或邮箱过于相似"), code="password_too_similar") from None

    def get_help_text(self):
        return _("不能包含用户名，不能与姓名相似")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def validate(self, password, user=None):
        lowered = password.lower().strip()
        if lowered in self.passwords or lowered in CHINESE_COMMON_PASSWORDS:
            raise ValidationError(_("这是常见密码，很容易被猜中，请换一个"), code="password_too_common")

    def get_help_text(self):
        return _("不能是常见密码")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(_("密码不能全是数字"), code="password_entirely_numeric")

    def get_help_text(self):
        return _("不能全是数字")
