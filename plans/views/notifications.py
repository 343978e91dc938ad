from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone


@login_required
def notifications(request):
    items = request.user.notifications.all()
    if request.method == "POST":
        target = items.filter(read_at=None)
        if request.POST.get("id"):
            target = target.filter(pk=request.POST["id"])
        target.update(read_at=timezone.now())
        note = items.filter(pk=request.POST.get("id")).first() if request.POST.get("id") else None
        return redirect(note.url if note and note.url else "plans:notifications")
    return render(request, "plans/notifications.html", {"items": items[:200]})
