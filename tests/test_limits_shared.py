"""Per-client limits hold across processes: with a message queue configured, the counts live in Redis."""

import pytest
import redis
import requests

from tests.servers import RedisServer, WorkshopServer
from workshop.ratelimit import RedisWindow

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


def test_two_counters_on_one_redis_share_the_count(redis_server):
    first = RedisWindow(redis.Redis.from_url(redis_server.url), "shared-test", limit=3, window=60)
    second = RedisWindow(redis.Redis.from_url(redis_server.url), "shared-test", limit=3, window=60)
    assert first.hit("client-a") and second.hit("client-a") and first.hit("client-a")
    assert second.blocked_for("client-a") > 0
    assert not second.hit("client-a") and not first.hit("client-a")
    assert first.blocked_for("client-b") == 0 and second.hit("client-b")  # keys are counted apart
    first.reset("client-a")
    assert second.blocked_for("client-a") == 0 and second.hit("client-a")


def test_an_unreachable_redis_does_not_lock_everyone_out():
    down = RedisWindow(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1), "down", limit=1, window=60)
    assert down.hit("x") and down.hit("x") and down.blocked_for("x") == 0


@pytest.fixture(scope="module")
def two_processes(redis_server, tmp_path_factory):
    env = {"WORKSHOP_MESSAGE_QUEUE": redis_server.url}
    servers = [WorkshopServer(tmp_path_factory.mktemp(name), extra_env=env) for name in ("a", "b")]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


def test_wrong_passwords_are_counted_across_processes(two_processes):
    first, second = two_processes
    email = "cochair@example.org"
    for server in (first, second, first, second, first):  # five failures, split between the processes
        response = requests.post(f"{server.url}/api/v1/session", json={"email": email, "password": "wrong guess"},
                                 timeout=30)
        assert response.status_code == 401, response.text
    for server in (first, second):
        refused = requests.post(f"{server.url}/api/v1/session", json={"email": email.upper(), "password": "x"},
                                timeout=30)
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "rate_limited" and int(refused.headers["Retry-After"]) > 0


def test_wrong_join_codes_are_counted_across_processes(two_processes):
    first, second = two_processes
    for n in range(8):  # the default JOIN_FAILURES_ALLOWED, split between the processes
        server = (first, second)[n % 2]
        response = requests.post(f"{server.url}/api/v1/join", timeout=30,
                                 json={"code": f"GUESS{n:03d}", "name": "A", "delegation": "Thailand"})
        assert response.status_code == 404, response.text
    for server in (first, second):
        refused = requests.post(f"{server.url}/api/v1/join", timeout=30,
                                json={"code": "GUESS999", "name": "A", "delegation": "Thailand"})
        assert refused.status_code == 429, refused.text


def test_the_backend_is_chosen_once_at_start_from_the_message_queue(redis_server):
    from flask import Flask

    from workshop.config import Defaults
    from workshop.ratelimit import SlidingWindow, init_app

    shared, alone = Flask("shared"), Flask("alone")
    for app in (shared, alone):
        app.config.from_object(Defaults)
    shared.config["MESSAGE_QUEUE"] = redis_server.url
    init_app(shared)
    init_app(alone)
    assert set(shared.extensions["limits"]) >= {"join_failures", "sign_in_account", "sign_in_client", "floor_asks"}
    assert all(isinstance(limit, RedisWindow) for limit in shared.extensions["limits"].values())
    assert all(isinstance(limit, SlidingWindow) for limit in alone.extensions["limits"].values())
