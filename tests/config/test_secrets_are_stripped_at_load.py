"""Secrets are stripped of surrounding whitespace when the settings load.

``CONTIFICO_API_KEY= value`` or a trailing newline in ``.env`` used to reach the Authorization
header: requests refused it with an error text that held the key (issue 9).
"""

import pytest

from sandbox.server import SANDBOX_API_KEY
from sandbox.testing import running_sandbox
from tests.config.support import manage, settings_in_child

# django-environ reads "KEY= value" in .env as " value", and keeps a quoted trailing newline.
PADDED = [f" {SANDBOX_API_KEY}", f"{SANDBOX_API_KEY}\n", f"\t{SANDBOX_API_KEY} \r\n"]


@pytest.mark.parametrize("padded", PADDED)
def test_every_secret_is_read_without_the_spaces_around_it(tmp_path, padded):
    names = ("CONTIFICO_API_KEY", "CONTIFICO_API_TOKEN", "SYNC_API_TOKEN")
    values = settings_in_child(*names, env=dict.fromkeys(names, padded), tmp_path=tmp_path)
    assert values == dict.fromkeys(names, repr(SANDBOX_API_KEY))


@pytest.mark.parametrize("padded", PADDED)
def test_a_padded_key_still_authenticates_against_the_api(tmp_path, padded):
    code = (
        "from sync.client import ContificoClient; "
        "print(len(ContificoClient.from_settings(max_retries=0).get('v1', 'marca')))"
    )
    with running_sandbox(scale="tiny") as sandbox:
        env = {"CONTIFICO_API_KEY": padded, "CONTIFICO_API_BASE_URL": sandbox.base_url,
               "CONTIFICO_REQUESTS_PER_SECOND": "0"}
        result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0
    assert SANDBOX_API_KEY not in result.stderr


def test_a_key_with_a_space_inside_is_refused_without_showing_it(tmp_path):
    result = manage("check", env={"CONTIFICO_API_KEY": "abcdef 123456"}, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Invalid configuration: CONTIFICO_API_KEY has a space or an invisible character inside it; "
        "paste it again exactly as issued (its value is not shown here)"
    ]
