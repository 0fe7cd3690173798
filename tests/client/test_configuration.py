"""Building a client: a missing key is refused with a sentence a person can act on."""

import pytest

from sync.client import ContificoClient, ContificoError, ContificoNotConfigured


@pytest.mark.parametrize("api_key", ["", None])
def test_a_missing_api_key_raises_contifico_not_configured_with_a_clear_sentence(api_key):
    with pytest.raises(ContificoNotConfigured) as raised:
        ContificoClient(api_key=api_key, base_url="http://127.0.0.1:9/sistema/api")
    message = str(raised.value)
    assert message == "CONTIFICO_API_KEY is not set; add it to the environment or .env."


def test_a_missing_api_key_is_still_a_contifico_error_so_callers_can_catch_one_family():
    with pytest.raises(ContificoError):
        ContificoClient(api_key="", base_url="http://127.0.0.1:9")


def test_from_settings_without_a_key_raises_contifico_not_configured(settings):
    settings.CONTIFICO_API_KEY = ""
    with pytest.raises(ContificoNotConfigured):
        ContificoClient.from_settings()
