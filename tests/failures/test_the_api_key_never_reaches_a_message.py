"""No error text, run message, summary or stored note holds the API key, in any encoding.

Before, a key pasted with a leading space or a trailing newline made requests
raise ``InvalidHeader`` with the key in its text, which was stored in the run
history and printed in the summary. A gateway that echoes the request's headers
in its error page did the same through Contífico's message.
"""

from urllib.parse import quote

import pytest

from sandbox.server import SANDBOX_API_KEY
from sync.client import ContificoClient, ContificoNotConfigured
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.support import command_env, run_command, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "k3y-0123456789-abcdefABCDEF/+="


def forms(key):
    """Every way the key could be written: raw, URL-quoted, escaped as Python and JSON show it."""
    core = key.strip()
    return {core, quote(core, safe=""), repr(key)[1:-1], repr(core)[1:-1]}


def echo_the_key(request):
    """A gateway's error page that repeats the Authorization header it was sent."""
    sent = request.headers.get("Authorization", "")
    return Reply(401, {"mensaje": f"Clave {sent!r} no válida ({quote(sent, safe='')}): {sent}"})


def everything_people_read(run, *outputs):
    texts = [run.message, *outputs]
    for row in run.catalogues.all():
        texts += [row.message, *row.errors]
    return "\n".join(texts)


def test_a_gateway_echoing_the_key_leaves_no_trace_of_it_in_the_run_history():
    with ScriptedServer() as server:
        server.route("/v1/marca/", echo_the_key)
        client = ContificoClient(api_key=KEY, base_url=server.url, max_retries=0, requests_per_second=0)
        run = synchronise_inventory(resources=["brands", "categories"], client=client)

    assert run.status == SyncRun.Status.FAILED
    said = everything_people_read(run)
    assert "no válida" in said and "[REDACTED]" in said
    for form in forms(KEY):
        assert form not in said


@pytest.mark.parametrize(
    "padded", [f" {SANDBOX_API_KEY}", f"{SANDBOX_API_KEY}\n", f"\t{SANDBOX_API_KEY} \r\n"],
    ids=["leading space", "trailing newline", "both"],
)
def test_a_key_with_whitespace_around_it_is_the_same_key(padded):
    with running_sandbox(scale="tiny") as sb:
        client = ContificoClient(api_key=padded, base_url=sb.base_url, requests_per_second=0)
        run = synchronise_inventory(resources=["brands"], client=client)

    assert run.status == SyncRun.Status.SUCCEEDED, run.message


def test_a_key_that_cannot_be_a_header_is_refused_with_a_message_that_does_not_hold_it():
    broken = "k3y-0123456789\nabcdefABCDEF"
    with pytest.raises(ContificoNotConfigured) as refused:
        ContificoClient(api_key=broken, base_url="http://127.0.0.1:9/sistema/api")

    assert "CONTIFICO_API_KEY" in str(refused.value)
    for part in ("k3y-0123456789", "abcdefABCDEF"):
        assert part not in str(refused.value)


def test_the_command_with_a_broken_key_says_so_in_one_line_without_the_key():
    broken = " k3y-0123456789\nabcdefABCDEF\n"
    result = run_command("--resources", "brands", env=command_env(None, CONTIFICO_API_KEY=broken))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "CONTIFICO_API_KEY" in result.stderr
    for part in ("k3y-0123456789", "abcdefABCDEF"):
        assert part not in result.stderr + result.stdout


def test_the_command_against_a_gateway_echoing_the_key_prints_and_stores_no_trace_of_it():
    with ScriptedServer() as server:
        server.route("/v1/marca/", echo_the_key)
        env = command_env(None, CONTIFICO_API_BASE_URL=server.url, CONTIFICO_API_KEY=f" {KEY}\n",
                          CONTIFICO_MAX_RETRIES="0")
        result = run_command("--resources", "brands", "categories", env=env)

    assert result.returncode == 1
    run = SyncRun.objects.get()
    said = everything_people_read(run, result.stdout, result.stderr)
    assert "no válida" in said
    for form in forms(f" {KEY}\n"):
        assert form not in said
