from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from fazhi.accounts.access import actor_for


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
