"""Local corrections to the national holiday calendar, kept by the 依法治县办.

The ``chinese_calendar`` package carries the 国务院办公厅 schedule for the years it
knows; these rows override single days, and ``CalendarYear`` declares a year the
package does not know (say 2027) as entered by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如“春节调休上班”"))

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'上班' if self.is_workday else '休息'}"


class CalendarYear(models.Model):
    """A year whose holidays and 调休 days have all been entered as ``CalendarDay`` rows.

    For such a year, days without a row follow the plain week (Mon–Fri work).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    complete = models.BooleanField(_("已完整录入"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如国办发明电文号"))

    class Meta:
        verbose_name = _("已录入年度")
        verbose_name_plural = _("已录入年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarVersion(models.Model):
    """One row whose ``stamp`` changes with every override write, in the same transaction.

    Each process keeps its calendar in memory and compares the stamp it was built at
    (once per request): an override saved by one gunicorn worker reaches the others on
    their next request. The stamp is a fresh random number, not a counter: a counter
    rolled back to 6 and then bumped to 6 again by another write would look unchanged
    to a process that cached the first 6.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    stamp = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="workcal_calendarversion_single_row")]

    def __str__(self) -> str:
        return f"{self.stamp:x} ({self.changed_at:%Y-%m-%d %H:%M})"
