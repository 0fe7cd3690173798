import pytest

from sync.models import SyncRun
from tests.mirror.support import command_env, run_command, running_sandbox, upstream_ids

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_command_prints_progress_and_a_summary_table_and_exits_zero():
    with running_sandbox(scale="tiny") as sb:
        result = run_command("--resources", "brands", "products", env=command_env(sb))

    assert result.returncode == 0, result.stderr
    assert "catalogue" in result.stdout and "received" in result.stdout
    assert "brands" in result.stdout and "products" in result.stdout
    assert "finished" in result.stdout


def test_the_command_is_silent_with_verbosity_zero():
    with running_sandbox(scale="tiny") as sb:
        env = command_env(sb, LOG_LEVEL="INFO")
        result = run_command("--resources", "brands", "-v", "0", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_a_missing_api_key_is_one_clear_sentence_not_a_traceback():
    result = run_command("--resources", "brands", env=command_env(None, CONTIFICO_API_KEY=""))

    assert result.returncode == 1
    assert "CONTIFICO_API_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_api_is_one_clear_sentence_and_a_non_zero_exit():
    env = command_env(None, CONTIFICO_MAX_RETRIES="1", CONTIFICO_CONNECT_TIMEOUT="1")
    result = run_command("--resources", "brands", "categories", env=env)

    assert result.returncode == 1
    assert "no responde" in result.stderr
    assert "Traceback" not in result.stderr
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED
    assert {row.status for row in run.catalogues.all()} == {"failed", "skipped"}


def test_a_wrong_api_key_fails_every_catalogue_with_contificos_message():
    with running_sandbox(scale="tiny") as sb:
        env = command_env(sb, CONTIFICO_API_KEY="wrong")
        result = run_command("--resources", "brands", "products", env=env)

    assert result.returncode == 1
    assert "Empresa matching query does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resources", "nope"], "invalid choice: 'nope'"),
        (["--since", "yesterday"], "--since 'yesterday' is not an ISO date"),
        (["--page-size", "0"], "--page-size must be a positive whole number"),
    ],
)
def test_a_wrong_argument_is_refused_with_a_clear_message(args, message):
    result = run_command(*args, env=command_env(None))

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_logging_records_every_request_and_response_without_the_api_key(tmp_path):
    log_file = tmp_path / "logs" / "contifico.log"
    with running_sandbox(scale="tiny") as sb:
        env = command_env(sb, LOG_LEVEL="DEBUG", LOG_FILE=str(log_file))
        result = run_command("--resources", "brands", "products", env=env)

    assert result.returncode == 0, result.stderr
    log = log_file.read_text()
    assert "GET http://127.0.0.1" in log and "/v1/marca/" in log and "-> 200" in log
    assert "/v2/producto/" in log and "'page': 1" in log
    assert env["CONTIFICO_API_KEY"] not in log
    assert env["CONTIFICO_API_KEY"] not in result.stdout + result.stderr


def test_page_size_sets_the_rows_asked_for_on_endpoints_that_page_by_result_size():
    with running_sandbox() as sb:
        sales = len(upstream_ids(sb, "sales"))
        result = run_command("--resources", "sales", "--page-size", "50", env=command_env(sb))

    assert result.returncode == 0, result.stderr
    row = SyncRun.objects.get().catalogues.get()
    assert row.received == sales
    assert row.pages == -(-sales // 50)
