from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<str:code>/", views.plan_detail, name="plan_detail"),
]
