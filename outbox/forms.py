"""Django's password-reset form, its e-mail sent through the outbox like every other e-mail."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm

from .models import Email
from .services import email_queue


class OutboxPasswordResetForm(PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context["user"]
        email_queue(
            kind=Email.Kind.NOTIFICATION,
            template="password_reset",
            context=context,
            to=[to_email],
            language=user.language or settings.LANGUAGE_CODE,
        )
