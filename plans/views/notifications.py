from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import services

PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        posted = request.POST.get("id", "")
        if posted and not posted.isdecimal():  # not one of ours: nothing to mark
            return redirect("plans:notifications")
        note = services.notification_mark_read(user=request.user, notification_id=int(posted) if posted else None)
        return redirect(note.url if note and note.url else "plans:notifications")
    items = request.user.notifications.order_by("-created_at", "-pk")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "plans/notifications.html", {"page": page, "items": page.object_list})
