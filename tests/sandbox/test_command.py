"""``python -m sandbox``: arguments, help, a real start, and no trace of it in the production app."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.management import CommandError, call_command

from sandbox.__main__ import main
from sandbox.server import SANDBOX_API_KEY

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("argv", [
    ["--counts", "producto=abc"], ["--counts", "nada=5"], ["--scale", "huge"], ["--faults", "chaos"],
    ["--latency-ms", "-1"], ["--clock", "yesterday"],
])
def test_bad_arguments_exit_with_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "python -m sandbox: error:" in capsys.readouterr().err


def test_help_documents_every_fault_profile(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for name in (
        "flaky", "throttle", "errors", "drops", "slow", "malformed", "duplicates", "unstable", "bare_page",
        "page_404", "null_ids", "error_object", "--clock", "--modification-filter",
    ):
        assert name in text


def test_the_sandbox_modules_never_import_django():
    code = "import sys, sandbox.server, sandbox.testing, sandbox.cli; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_production_app_neither_installs_nor_serves_the_sandbox():
    assert not any(app == "sandbox" or app.startswith("sandbox.") for app in settings.INSTALLED_APPS)
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("contifico_sandbox")


def test_python_m_sandbox_serves_the_api_until_stopped():
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--scale", "tiny", "--seed", "3",
         "--clock", "2026-01-05T08:00"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in first
        base_url = first.rsplit(" ", 1)[1].strip()
        headers = {"Authorization": SANDBOX_API_KEY}
        response = requests.get(f"{base_url}/v1/producto/", headers=headers, timeout=10)
        assert response.status_code == 200 and len(response.json()) == 20
        control = base_url.replace("/sistema/api", "/__sandbox__")
        assert requests.get(f"{control}/", timeout=10).json()["now"] == "2026-01-05T08:00:00"
    finally:
        process.terminate()
        process.wait(timeout=10)
