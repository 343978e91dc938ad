from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .. import access


@login_required
def plan_list(request):
    plans = access.visible_plans(request.user).prefetch_related("amendments")
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, code):
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    directions = plan.directions.prefetch_related("measures__budget_lines")
    return render(request, "plans/plan_detail.html", {"plan": plan, "directions": directions})
