"""Admin page listing deleted negotiations, each restorable with the records deleted with it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..models import Negotiation
from .restore import RestoreError, restore_negotiation


def deleted_negotiations():
    """The latest "-" history row of each negotiation that no longer exists, newest first."""
    rows = (
        Negotiation.history.filter(history_type="-")
        .exclude(id__in=Negotiation.objects.values("id"))
        .select_related("history_user")
        .order_by("-history_date")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.id, row)
    return list(latest.values())


@require_http_methods(["GET", "POST"])
def deleted_view(request):
    """GET lists deleted negotiations; POST with `history_id` restores one."""
    if not request.user.has_perm("tracker.add_negotiation"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            negotiation = restore_negotiation(request.POST.get("history_id", ""), user=request.user)
        except RestoreError as error:
            messages.error(request, str(error))
            return redirect("admin:tracker_negotiation_deleted")
        messages.success(request, f"Restored “{negotiation}” with its records.")
        return redirect("admin:tracker_negotiation_change", negotiation.pk)
    context = {
        **admin.site.each_context(request),
        "title": "Deleted negotiations",
        "opts": Negotiation._meta,
        "rows": deleted_negotiations(),
    }
    return render(request, "admin/tracker/negotiation/deleted.html", context)
