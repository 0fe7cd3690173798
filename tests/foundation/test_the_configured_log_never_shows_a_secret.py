"""The redaction filter sits on the handlers the settings configure, not only in a unit test.

A child ``manage.py`` logs the API key, the POS token, a foreign ``Authorization`` value and a
traceback carrying the key, through Django's real logging configuration; neither the console
(stderr) nor the ``LOG_FILE`` may show any of them.
"""

from tests.foundation.helpers import manage

API_KEY = "FrXmT9w2LqP0s8KdVb3nYc6H"
POS_TOKEN = "8c1e6a52-3f0d-4b7e-9a11-2f5c7d9e0b34"
OTHER = "someone-elses-key-123"

LOGS_SECRETS = f"""
import logging
from django.conf import settings
log = logging.getLogger("sync.client")
log.warning("calling with key %s and token %s", settings.CONTIFICO_API_KEY, settings.CONTIFICO_API_TOKEN)
log.warning("headers {{'Authorization': '{OTHER}'}}")
try:
    raise RuntimeError("refused " + settings.CONTIFICO_API_KEY)
except RuntimeError:
    log.exception("the request failed")
log.warning("nothing secret here")
"""


def test_the_console_and_the_log_file_never_show_the_key_the_token_or_an_authorization_value(tmp_path):
    log_file = tmp_path / "logs" / "contifico.log"
    env = {
        "CONTIFICO_API_KEY": API_KEY, "CONTIFICO_API_TOKEN": POS_TOKEN,
        "LOG_LEVEL": "INFO", "LOG_FILE": str(log_file),
    }

    result = manage("shell", "-c", LOGS_SECRETS, env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    for output in (result.stderr, log_file.read_text()):
        assert "calling with key [REDACTED] and token [REDACTED]" in output
        assert "'Authorization': '[REDACTED]'" in output
        assert "RuntimeError: refused [REDACTED]" in output
        assert "nothing secret here" in output
        for secret in (API_KEY, POS_TOKEN, OTHER):
            assert secret not in output
