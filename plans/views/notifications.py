from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import services

PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    items = request.user.notifications.order_by("-created_at", "-pk")
    if request.method == "POST":
        raw = request.POST.get("id", "")
        if not raw:
            services.notifications_mark_read(user=request.user)
            return redirect("plans:notifications")
        note = items.filter(pk=int(raw)).first() if raw.isdigit() else None
        if note is None:
            return redirect("plans:notifications")
        services.notifications_mark_read(user=request.user, notification_id=note.pk)
        return redirect(note.url or "plans:notifications")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "plans/notifications.html", {"page": page, "items": page.object_list})
