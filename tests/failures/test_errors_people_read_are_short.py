"""One line per failure, the shared cause said once.

Before, an unreachable API printed the same urllib3 message once per catalogue:
one ``CommandError`` line of 8,366 characters.
"""

import pytest

from sync import catalogues as registry
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.failures.test_hostile_bytes_never_cost_a_record import make_client
from tests.mirror.support import command_env, run_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unreachable_api_is_one_short_line_with_the_cause_once_and_the_skipped_catalogues_counted():
    env = command_env(None, CONTIFICO_MAX_RETRIES="1", CONTIFICO_CONNECT_TIMEOUT="1")
    result = run_command(env=env)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("CommandError")]
    assert len(said) == 1, result.stderr
    line = said[0]
    assert len(line) < 400, line
    assert line.count("no responde") == 1
    assert "Connection refused" in line
    assert f"{len(registry.KEYS) - 1} catalogue(s) skipped" in line
    assert "object at 0x" not in line  # urllib3's nesting is gone
    run = SyncRun.objects.get()
    assert run.message.count("no responde") == 1
    assert len(run.message) < 400
    # The summary table does not repeat the cause under every skipped catalogue.
    assert result.stdout.count("no responde") <= 1


def test_every_stored_message_and_note_is_one_printable_bounded_line():
    noisy = "línea uno\nlínea dos\r\n\x00\x1b[31mrojo\x1b[0m " + "x" * 5000
    with ScriptedServer() as server:
        server.route("/v1/marca/", lambda request: Reply(500, {"mensaje": noisy}))
        categories = [{"id": None, "nombre": noisy}, {"id": "Cat0000000000001"}]
        server.script("/v1/categoria/", Reply(200, categories))
        run = synchronise_inventory(resources=["categories", "brands"], client=make_client(server))

    texts = [run.message]
    for row in run.catalogues.all():
        texts += [row.message, *row.errors]
    assert any("línea uno línea dos" in text for text in texts)
    for text in texts:
        assert text.isprintable(), repr(text)
        assert len(text) <= 500


def test_distinct_failures_get_one_line_each():
    with ScriptedServer() as server:
        server.route("/v1/marca/", lambda request: Reply(500, {"mensaje": "marcas caídas"}))
        server.route("/v1/categoria/", lambda request: Reply(500, {"mensaje": "categorías caídas"}))
        server.route("/v1/bodega/", lambda request: Reply(200, [{"id": "Bod0000000000001"}]))
        env = command_env(None, CONTIFICO_API_BASE_URL=server.url, CONTIFICO_MAX_RETRIES="0")
        result = run_command("--resources", "categories", "brands", "warehouses", env=env)

    assert result.returncode == 1
    said = result.stderr[result.stderr.index("CommandError"):].strip().splitlines()
    assert said[0].endswith("2 catalogue(s) not up to date")
    assert len(said) == 3, said
    assert "categories (failed)" in said[1] and "categorías caídas" in said[1]
    assert "brands (failed)" in said[2] and "marcas caídas" in said[2]
