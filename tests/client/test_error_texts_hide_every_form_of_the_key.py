"""The client's error texts (run history, admin) and the log share one redaction."""

import base64

import pytest

from contifico_project.logging import redact as log_redact
from sync.client.errors import redact

KEY = "s3cr3t-API/key+42"


@pytest.mark.parametrize(
    "text",
    [
        f"refused {KEY}",
        f"refused {base64.b64encode(('user:' + KEY).encode()).decode()}",
        "refused 'Authorization': 'other-value-123'",
        "cannot reach postgres://inventario:hunter2pass@db/inventario",
        f"Invalid leading whitespace in header value {' ' + KEY + chr(10)!r}",
    ],
)
def test_an_error_text_keeps_no_form_of_a_secret_and_reads_as_the_log_would(text):
    cleaned = redact(text, [KEY])

    assert "[REDACTED]" in cleaned
    for secret in (KEY, "other-value-123", "hunter2pass", base64.b64encode(KEY.encode()).decode()[4:12]):
        assert secret not in cleaned
    assert cleaned == log_redact(text, [KEY])
