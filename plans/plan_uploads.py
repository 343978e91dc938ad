"""Plans in the browser: a coordinator uploads a plan file, reads what it would change, and applies
it as a new plan version. Every step checks the right itself, so a task or the API is as safe."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User

from . import access, clock
from .models import PlanUpload, PlanVersion
from .periods import periods_open
from .planfile import (
    PlanChanges,
    PlanFileInvalid,
    Problem,
    VersionInfo,
    inferred_act,
    plan_file_apply,
    plan_file_changes,
)
from .planfile.columns import MAX_FILE_BYTES
from .planfile.reading import read_bytes
from .planfile.validation import PlanFile, validate


def _ensure(user: User) -> None:
    if not access.can_manage_plans(user):
        raise PermissionDenied


def plan_upload_create(*, user: User, file_name: str, content: bytes) -> PlanUpload:
    _ensure(user)
    if len(content) > MAX_FILE_BYTES:
        message = _("a plan file may be at most %(limit)s MiB") % {"limit": max(MAX_FILE_BYTES // 1048576, 1)}
        raise PlanFileInvalid([Problem(file_name, None, None, message)])
    return PlanUpload.objects.create(
        uploaded_by=user, file_name=file_name[:200], content=content, checksum=hashlib.sha256(content).hexdigest()
    )


def get_upload_for_user(user: User, pk: int) -> PlanUpload:
    """The upload, for coordinators only; anyone else gets 404."""
    if not access.can_manage_plans(user):
        raise Http404
    upload = PlanUpload.objects.filter(pk=pk).first()
    if upload is None:
        raise Http404
    return upload


@dataclass
class Preview:
    problems: list[Problem]
    plan_file: PlanFile | None = None
    changes: PlanChanges | None = None

    @property
    def act(self) -> dict:
        return inferred_act(self.plan_file, self.changes) if self.changes else {}


def plan_upload_preview(*, upload: PlanUpload, user: User) -> Preview:
    """Every problem of the uploaded file, or exactly what applying it would change."""
    _ensure(user)
    try:
        plan_file = validate(read_bytes(upload.file_name, bytes(upload.content)))
        changes, _ = plan_file_changes(plan_file)
    except PlanFileInvalid as exc:
        return Preview(problems=exc.problems)
    return Preview(problems=[], plan_file=plan_file, changes=changes)


@transaction.atomic
def plan_upload_apply(*, upload: PlanUpload, user: User, act: dict) -> PlanVersion | None:
    """Apply the uploaded file as the plan's next version (checked again: the database may have
    changed since the preview); None when it changes nothing."""
    _ensure(user)
    upload = PlanUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.applied_version_id:
        raise PlanFileInvalid([Problem(upload.file_name, None, None, _("this file has already been applied"))])
    plan_file = validate(read_bytes(upload.file_name, bytes(upload.content)))
    info = VersionInfo(**act, applied_by=user, file_name=upload.file_name, file_content=bytes(upload.content))
    result = plan_file_apply(plan_file=plan_file, version=info)
    if result.version is not None:
        upload.applied_version = result.version
        upload.save(update_fields=["applied_version"])
        # The period agencies are reporting in now gets its obligations at once, not at tomorrow's job.
        periods_open(today=clock.today(), plan=result.plan)
    return result.version
