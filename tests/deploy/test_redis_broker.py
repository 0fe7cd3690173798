"""REDIS_URL: django-q2 queues through Redis (several web hosts, one worker host), and /health/
sees the worker through it. Uses Redis database 3 on this machine."""

import json

import pytest
import redis

from tests.deploy.support import (
    free_port,
    manage,
    production_env,
    running_qcluster,
    wait_until,
)

REDIS_URL = "redis://127.0.0.1:6379/3"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (OSError, redis.RedisError):
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers(), reason="Redis is not running at 127.0.0.1:6379 (.ci/run starts it)"
)

HEALTH = (
    "import json; from contifico_project.health import health_report; print(json.dumps(health_report()[1]))"
)


def health(env):
    """The /health/ body as this host's web process computes it."""
    return json.loads(manage("shell", "-v", "0", "-c", HEALTH, env=env).stdout)
ENQUEUE = "from django_q.tasks import async_task; print(async_task('math.floor', 2.5))"


@pytest.fixture
def clean_redis():
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter("django_q:*"):
        client.delete(key)
    yield client
    for key in client.scan_iter("django_q:*"):
        client.delete(key)


def test_a_task_queued_on_one_host_runs_on_the_worker_through_redis_and_health_sees_it(
    tmp_path, clean_redis, migrated_database
):
    with migrated_database(tmp_path, "redis") as database:
        env = production_env(tmp_path, database, REDIS_URL=REDIS_URL)
        # The web side queues without a worker: the task waits in Redis, not in the database.
        queued = manage("shell", "-v", "0", "-c", ENQUEUE, env=env)
        assert queued.returncode == 0, queued.stderr
        task_id = queued.stdout.strip()
        assert clean_redis.llen("django_q:contifico:q") == 1

        with running_qcluster(env):
            wait_until(lambda: health(env)["worker"]["seen"], timeout=60, what="/health/ to see the worker")
            wait_for_result = f"from django_q.tasks import result; print(result('{task_id}', wait=30000))"
            result = manage("shell", "-v", "0", "-c", wait_for_result, env=env)

    assert result.stdout.strip() == "2"
    assert clean_redis.llen("django_q:contifico:q") == 0


def test_health_stays_200_and_says_so_when_the_redis_broker_is_down(tmp_path, migrated_database):
    with migrated_database(tmp_path, "noredis") as database:
        env = production_env(tmp_path, database, REDIS_URL=f"redis://127.0.0.1:{free_port()}/3")
        body = health(env)

    assert body["database"] == "ok" and body["status"] == "degraded"
    assert body["worker"] == {"seen": False, "broker": "unreachable"}
