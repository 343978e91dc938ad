import pytest


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded evidence and generated files go to a per-test folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
