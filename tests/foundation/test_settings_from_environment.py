import pytest
from django.core.exceptions import ImproperlyConfigured

from contifico_project.env import strict_bool, strip_api_version
from tests.foundation.helpers import manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k8#Qz!v2Rw7@Lp4^Xn9&Tm3*Gh6(Bd1)Fy5-Js0+Wc8=Ue2%Ha7",
    "ALLOWED_HOSTS": "inventario.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://inventario.example.com",
}


class FakeEnv:
    def __init__(self, **values):
        self.values = values

    def str(self, name, default=None):
        return self.values.get(name, default)


def test_production_settings_without_secret_key_refuse_to_start_with_a_clear_message(tmp_path):
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_without_allowed_hosts_refuse_to_start(tmp_path):
    env = dict(PRODUCTION)
    del env["ALLOWED_HOSTS"]
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_a_typoed_debug_boolean_is_rejected_instead_of_read_as_false(tmp_path):
    result = manage("check", env={"DEBUG": "ture"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be true or false (also yes/no, on/off, 1/0), got 'ture'" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("1", True), ("no", False), ("0", False)]
)
def test_recognised_boolean_words_are_read(raw, expected):
    assert strict_bool(FakeEnv(FLAG=raw), "FLAG", default=None) is expected


def test_an_unset_boolean_takes_its_default():
    assert strict_bool(FakeEnv(), "FLAG", default=True) is True


def test_an_ambiguous_boolean_word_raises():
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false .*, got 'maybe'"):
        strict_bool(FakeEnv(FLAG="maybe"), "FLAG", default=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.contifico.com/sistema/api",
        "https://api.contifico.com/sistema/api/",
        "https://api.contifico.com/sistema/api/v1",
        "https://api.contifico.com/sistema/api/v2/",
    ],
)
def test_an_api_base_url_with_a_version_suffix_is_accepted_without_it(url):
    assert strip_api_version(url) == "https://api.contifico.com/sistema/api"


def test_check_deploy_is_clean_for_the_documented_production_configuration(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_defaults_run_with_no_configuration_at_all(tmp_path):
    result = manage("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "inventory.db").parent.exists()


def test_a_log_file_folder_is_created_when_missing(tmp_path):
    log_file = tmp_path / "logs" / "nested" / "contifico.log"
    result = manage("check", env={"LOG_FILE": str(log_file)}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert log_file.parent.is_dir()
