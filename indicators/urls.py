from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("findings/", views.findings, name="findings"),
    path("import/", views.upload, name="upload"),
    path("export/", views.export, name="export"),
    path("template.xlsx", views.template, name="template"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
]
