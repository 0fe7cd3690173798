"""A deployment that follows the README cannot run with DEBUG on by accident.

Deploying from ``.env.example`` used to mean ``DEBUG=true``, and a 500 page then showed the
environment (issue 9). Unset, DEBUG stays on for a fresh clone, but not for a host others can reach.
"""

import pytest

from tests.config.support import PRODUCTION, SECRET_KEY, env_example, manage, settings_in_child


def test_the_example_env_file_says_debug_false():
    assert env_example()["DEBUG"] == "false"


def test_the_example_env_file_alone_refuses_to_start_until_the_production_secrets_are_set(tmp_path):
    env = {**env_example(), "INVENTORY_DB_PATH": str(tmp_path / "inventory.db")}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "SECRET_KEY must be set when DEBUG is off" in line
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in line


def test_the_example_env_file_with_the_production_secrets_runs_with_debug_off(tmp_path):
    env = {**env_example(), "SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "inventario.example.com",
           "INVENTORY_DB_PATH": str(tmp_path / "inventory.db")}
    assert settings_in_child("DEBUG", env=env, tmp_path=tmp_path) == {"DEBUG": "False"}


@pytest.mark.parametrize("hosts", ["inventario.example.com", "localhost,inventario.example.com", "*",
                                   "192.168.1.10"])
def test_debug_unset_with_a_host_others_can_reach_is_refused(tmp_path, hosts):
    result = manage("check", env={"ALLOWED_HOSTS": hosts}, tmp_path=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Invalid configuration: DEBUG is unset (on, for development) but ALLOWED_HOSTS")
    assert "set DEBUG=false for a server" in line


@pytest.mark.parametrize("hosts", ["localhost,127.0.0.1,[::1]", "app.localhost", "127.0.0.2"])
def test_debug_unset_with_only_local_hosts_stays_on_for_development(tmp_path, hosts):
    values = settings_in_child("DEBUG", env={"ALLOWED_HOSTS": hosts}, tmp_path=tmp_path)
    assert values == {"DEBUG": "True"}


def test_debug_said_true_explicitly_is_the_operators_choice_even_for_a_public_host(tmp_path):
    env = {"DEBUG": "true", "ALLOWED_HOSTS": "dev.example.com"}
    assert settings_in_child("DEBUG", env=env, tmp_path=tmp_path) == {"DEBUG": "True"}


@pytest.mark.parametrize(
    ("secret_key", "says"),
    [
        ("a-long-random-string", "SECRET_KEY is still the example value"),
        ("generate-a-long-random-string", "SECRET_KEY is still the example value"),
        ("paste-50-or-more-random-characters", "SECRET_KEY is still the example value"),
        ("dev-only-insecure-key-do-not-use-in-production", "SECRET_KEY is still the example value"),
        ("short-but-random-Q2x9", "SECRET_KEY is too weak for DEBUG off (21 characters)"),
        ("a" * 60, "SECRET_KEY is too weak for DEBUG off (60 characters)"),
        ("   ", "SECRET_KEY must be set when DEBUG is off"),
    ],
)
def test_a_weak_or_example_secret_key_is_refused_with_debug_off_without_repeating_it(
    tmp_path, secret_key, says
):
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": secret_key}, tmp_path=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert says in line
    assert "secrets.token_urlsafe(50)" in line
    if secret_key.strip():
        assert secret_key not in line


def test_a_short_sync_api_token_is_refused_with_debug_off(tmp_path):
    result = manage("check", env={**PRODUCTION, "SYNC_API_TOKEN": "letmein-please"}, tmp_path=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "SYNC_API_TOKEN is too weak for DEBUG off (14 characters)" in line
    assert "letmein-please" not in line


def test_an_unset_sync_api_token_is_fine_with_debug_off(tmp_path):
    assert manage("check", env=PRODUCTION, tmp_path=tmp_path).returncode == 0
