from django.urls import path
from django.views.generic import RedirectView

from .views import catalogue, notifications, plan_upload, reminders, submissions

app_name = "plans"


def _moved(to: str):
    """Links in old e-mails and bookmarks keep working: /plans/reports/<id>/... was renamed."""
    return RedirectView.as_view(pattern_name=to, permanent=True, query_string=True)


urlpatterns = [
    path("", catalogue.plan_list, name="plan_list"),
    path("quarter/", submissions.my_quarter, name="my_quarter"),
    path("review/", submissions.review_queue, name="review_queue"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/sign/", submissions.submission_sign, name="submission_sign"),
    path("submissions/<int:pk>/review/", submissions.submission_review, name="submission_review"),
    path("submissions/<int:pk>/reopen/", submissions.submission_reopen, name="submission_reopen"),
    path("reports/<int:pk>/", _moved("plans:submission_detail")),
    path("reports/<int:pk>/edit/", _moved("plans:submission_edit")),
    path("evidence/<int:pk>/", submissions.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", submissions.evidence_delete, name="evidence_delete"),
    path("reminders/", reminders.reminder_log, name="reminders"),
    path("reminders/resend/", reminders.reminder_resend, name="reminders_resend"),
    path("reminders/schedule/<int:pk>/", reminders.schedule_edit, name="reminders_schedule"),
    path("reminders/policy/<int:plan_pk>/", reminders.policy_edit, name="reminders_policy"),
    path("upload/", plan_upload.plan_upload, name="plan_upload"),
    path("upload/template.xlsx", plan_upload.plan_template, name="plan_template"),
    path("upload/<int:pk>/", plan_upload.plan_upload_preview, name="plan_upload_preview"),
    path("<str:code>/file.<str:fmt>", plan_upload.plan_file_download, name="plan_file_download"),
    path("<str:code>/periods/", plan_upload.plan_periods, name="plan_periods"),
    path("<str:code>/versions/<int:number>/", plan_upload.plan_version_detail, name="plan_version"),
    path("<str:code>/versions/<int:number>/file", plan_upload.plan_version_file, name="plan_version_file"),
    path("<str:code>/", catalogue.plan_detail, name="plan_detail"),
]
