from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .. import services


@login_required
def notifications(request):
    if request.method == "POST":
        posted = request.POST.get("id", "")
        if posted and not posted.isdigit():  # not one of ours: nothing to mark
            return redirect("plans:notifications")
        note = services.notification_mark_read(user=request.user, notification_id=int(posted) if posted else None)
        return redirect(note.url if note and note.url else "plans:notifications")
    return render(request, "plans/notifications.html", {"items": request.user.notifications.all()[:200]})
