"""What django-q2 itself reads from our settings (``Conf``), as the worker sees it."""

import json
import subprocess
import sys

from django_q.conf import Conf

from tests.mirror.support import ROOT, command_env


def test_one_worker_takes_one_job_once_and_never_replays_missed_schedules():
    assert Conf.WORKERS == 1
    assert Conf.QUEUE_LIMIT == 1
    assert Conf.MAX_ATTEMPTS == 1
    assert Conf.ACK_FAILURES is True
    assert Conf.CATCH_UP is False


def test_a_job_is_handed_out_again_only_after_it_could_have_timed_out():
    assert Conf.TIMEOUT >= 6 * 3600
    assert Conf.RETRY > Conf.TIMEOUT


def test_the_queue_is_in_the_database_by_default_and_in_redis_with_q_redis_url():
    assert Conf.ORM == "default"
    script = "import json; from django.conf import settings; print(json.dumps(settings.Q_CLUSTER))"
    env = command_env(None, REDIS_URL="redis://127.0.0.1:6379/2", SYNC_TASK_TIMEOUT="7200")

    child = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", script], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)

    conf = json.loads(child.stdout)
    assert conf["redis"] == "redis://127.0.0.1:6379/2"
    assert "orm" not in conf
    assert (conf["timeout"], conf["retry"]) == (7200, 7800)


def test_a_q_redis_url_that_is_not_redis_stops_the_start_with_one_line_that_hides_it():
    env = command_env(None, REDIS_URL="http://user:s3cret@queue.example.com/0")

    child = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)

    assert child.returncode == 1
    assert "REDIS_URL must be a redis://, rediss:// or unix:// URL" in child.stderr
    assert "s3cret" not in child.stderr and "Traceback" not in child.stderr
