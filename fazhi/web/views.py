from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for, is_installation_keeper, require_office
from fazhi.notify.services import notice_mark_read, notices_for
from fazhi.notify.site import site_url
from fazhi.plans.models import Plan
from fazhi.web.todo import todo_for


@login_required
def home(request):
    """Send each role to where its work is."""
    actor = actor_for(request.user)
    target = "tracking:my_home" if actor.is_clerk else "plans:ledger"
    if actor.is_leader and actor.leader_id:
        target = "tracking:leader_home"
    try:
        return redirect(reverse(target))
    except NoReverseMatch:
        return render(request, "web/home.html")


@login_required
def todo(request):
    """待办: what the signed-in user has to do now, each item linking to where it is done."""
    return render(request, "web/todo.html", {"todo": todo_for(request.user, today=timezone.localdate())})


@login_required
@require_POST
def notice_read(request, pk):
    """Mark a notice read and go back where the user was (a notice not addressed to them is 404)."""
    notice = get_object_or_404(notices_for(request.user), pk=pk)
    notice_mark_read(notice=notice, by=request.user)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("web:todo")
    return redirect(back)


@login_required
def settings_index(request):
    """设置: the office's settings screens — the work calendar, each plan's 报送周期设置, the units'
    reminder channels and the site address — each linked only for who may change it."""
    actor = require_office(request.user)
    plans = Plan.objects.filter(actor.act_scope("jurisdiction")).select_related("jurisdiction") \
        .order_by("jurisdiction__name", "-imported_at")
    return render(request, "web/settings.html", {
        "keeper": is_installation_keeper(actor), "plans": plans, "site_url": site_url(),
        "has_units": actor.jurisdiction_id is not None,
    })


@requires_csrf_token
def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent from a page that expired (signed in again elsewhere, the
    server restarted with a new key) or from a browser that blocks cookies. Says what to do in
    Chinese, in the site's layout; Django's ``reason`` is for the log, not the user.
    ``X-Fazhi-Csrf`` lets web/forms.js tell this 403 from a refused permission."""
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "/"
    response = render(request, "web/csrf_failure.html", {"back": back}, status=403)
    response["X-Fazhi-Csrf"] = "1"
    return response
