from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.views.i18n import set_language as django_set_language

from accounts.services import user_set_language


@login_required
def home(request):
    """Each role lands where its work is."""
    return redirect("plans:my_quarter" if request.user.is_agency_staff else "dashboards:overview")


def set_language(request):
    """Django's set_language (the cookie), remembering the choice on the signed-in user's profile
    too, for the pages and e-mails that follow; an unknown language changes nothing."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=lang)
    return response
