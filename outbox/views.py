"""Outgoing e-mail for coordinators: what is queued, sent, retried or failed, and "send again"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from plans.access import role_required

from . import services
from .models import Email

coordinators_only = role_required(User.Role.COORDINATOR)
STATUS_CSS = {
    Email.Status.SENT: "accepted",
    Email.Status.FAILED: "late",
    Email.Status.QUEUED: "due",
    Email.Status.SENDING: "due",
}


@coordinators_only
def email_list(request):
    status = request.GET.get("status", "")
    emails = Email.objects.defer("text", "html")
    if status in Email.Status.values:
        emails = emails.filter(status=status)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    for email in page:
        email.css = STATUS_CSS[email.status]
    counts = dict(Email.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    totals = [(value, label, counts.get(value, 0)) for value, label in Email.Status.choices]
    return render(request, "outbox/list.html", {"page": page, "status": status, "totals": totals})


@coordinators_only
@require_POST
def email_retry(request, pk: int):
    email = get_object_or_404(Email, pk=pk)
    if services.email_retry(email=email, user=request.user):
        messages.success(request, _("The e-mail to %(to)s will be sent again.") % {"to": ", ".join(email.to)})
    else:
        messages.error(request, _("Only a failed e-mail can be sent again."))
    return redirect("outbox:list")
