from django.urls import path

from . import plan_upload_views, reminder_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("quarter/", views.my_quarter, name="my_quarter"),
    path("review/", views.review_queue, name="review_queue"),
    path("notifications/", views.notifications, name="notifications"),
    path("reports/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("reports/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("reports/<int:pk>/sign/", views.submission_sign, name="submission_sign"),
    path("reports/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("reports/<int:pk>/reopen/", views.submission_reopen, name="submission_reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("reminders/", reminder_views.reminder_log, name="reminders"),
    path("reminders/resend/", reminder_views.reminder_resend, name="reminders_resend"),
    path("reminders/schedule/<int:pk>/", reminder_views.schedule_edit, name="reminders_schedule"),
    path("reminders/policy/<int:plan_pk>/", reminder_views.policy_edit, name="reminders_policy"),
    path("upload/", plan_upload_views.plan_upload, name="plan_upload"),
    path("upload/template.xlsx", plan_upload_views.plan_template, name="plan_template"),
    path("upload/<int:pk>/", plan_upload_views.plan_upload_preview, name="plan_upload_preview"),
    path("<str:code>/file.<str:fmt>", plan_upload_views.plan_file_download, name="plan_file_download"),
    path("<str:code>/periods/", plan_upload_views.plan_periods, name="plan_periods"),
    path("<str:code>/versions/<int:number>/", plan_upload_views.plan_version_detail, name="plan_version"),
    path("<str:code>/versions/<int:number>/file", plan_upload_views.plan_version_file, name="plan_version_file"),
    path("<str:code>/", views.plan_detail, name="plan_detail"),
]
