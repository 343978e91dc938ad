from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from . import access


@login_required
def home(request):
    """Each role lands where its work is."""
    return redirect("plans:my_quarter" if request.user.is_agency_staff else "reports:overview")


def set_language(request):
    """Django's set_language, remembering the choice on the signed-in user's profile too."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(translation.trans_real.get_languages()):
        request.user.language = lang
        request.user.save(update_fields=["language"])
    return response


@login_required
def plan_list(request):
    plans = access.visible_plans(request.user).prefetch_related("amendments")
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, code):
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    directions = plan.directions.prefetch_related("measures__responsibilities__agency", "measures__budget_lines")
    return render(request, "plans/plan_detail.html", {"plan": plan, "directions": directions})
