"""import_eml reads at most what a message the inbox keeps could weigh, whatever the file."""

import pytest
from django.core.management import CommandError, call_command

from requests_routing.models import InboundEmail
from tests.requests_routing.conftest import EML_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_a_file_larger_than_any_message_is_refused_and_the_others_imported(
    settings, tmp_path, capsys
):
    settings.INBOX_MAX_MESSAGE_BYTES = 4 * 1024
    huge = tmp_path / "enorme.eml"
    huge.write_bytes(b"Subject: Adjuntos\r\n\r\n" + b"A" * 20_000)

    with pytest.raises(CommandError, match="1 de 2 archivos no se pudo abrir"):
        call_command("import_eml", str(huge), str(EML_DIR / "reply.eml"))

    assert "enorme.eml: no se pudo abrir: pesa más de 8 KB" in capsys.readouterr().err
    assert InboundEmail.objects.count() == 1
