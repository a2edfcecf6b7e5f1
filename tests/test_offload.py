"""Password hashing under `workshop serve` (gevent) runs beside the event loop, not on it: the other
greenlets (every delegate's socket) keep running while a facilitator signs in."""

import json
import subprocess
import sys

from tests.servers import ROOT

SCRIPT = """
from gevent import monkey
monkey.patch_all()
import json, time
import gevent
from werkzeug.security import check_password_hash, generate_password_hash
from workshop.services import accounts

hashed = generate_password_hash("correct horse battery", method="scrypt")
started = time.perf_counter()
check_password_hash(hashed, "correct horse battery")
cost = time.perf_counter() - started  # one check, on the loop

gaps = []
def ticker():
    last = time.perf_counter()
    while True:
        gevent.sleep(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now

beat = gevent.spawn(ticker)
gevent.sleep(0.02)
right = accounts.check_password(hashed, "correct horse battery")
gevent.sleep(0.02)  # the ticker notes the gap, if there was one
wrong = accounts.check_password(hashed, "wrong horse battery")
gevent.sleep(0.02)
rehashed = accounts.hash_password("another long password")
gevent.sleep(0.02)
beat.kill()

# Five sign-ins at once: at most two hashes run together (each scrypt holds 32 MiB)
from workshop.services import offload
real_lock, real_sleep = monkey.get_original("threading", "Lock")(), monkey.get_original("time", "sleep")
running = [0, 0]
def job():
    with real_lock:
        running[0] += 1
        running[1] = max(running[1], running[0])
    real_sleep(0.05)
    with real_lock:
        running[0] -= 1
    return True
together = gevent.joinall([gevent.spawn(offload.run, job) for _ in range(5)])
print(json.dumps({"cost": cost, "max_gap": max(gaps), "right": right, "wrong": wrong,
                  "rehashed": check_password_hash(rehashed, "another long password"),
                  "jobs": [g.value for g in together], "most_at_once": running[1]}))
"""


def test_a_sign_in_does_not_stall_the_event_loop():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["right"] is True and seen["wrong"] is False and seen["rehashed"] is True
    assert seen["cost"] > 0.02, "scrypt at werkzeug's cost takes tens of milliseconds"
    # Three hashes ran meanwhile; the loop never waited for even half of one
    assert seen["max_gap"] < seen["cost"] / 2, seen
    assert seen["jobs"] == [True] * 5 and seen["most_at_once"] == 2


TIMEOUT_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import json, time
import gevent
from workshop.services import offload
from workshop.services.errors import Unavailable

real_sleep = monkey.get_original("time", "sleep")
def slow(seconds):
    real_sleep(seconds)
    return seconds

gaps = []
def ticker():
    last = time.perf_counter()
    while True:
        gevent.sleep(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
beat = gevent.spawn(ticker)
answers = []
started = time.perf_counter()
try:
    offload.run(slow, 1.0, timeout=0.2)
except Unavailable as error:
    answers.append([error.code, error.status, round(time.perf_counter() - started, 2)])
answers.append(offload.run(slow, 0.01, timeout=5))  # later jobs still run
answers.append(offload.run(slow, 0.01, timeout=5))
# Two long jobs in worker processes; a sign-in's hash does not wait for them
long_jobs = [gevent.spawn(offload.in_worker, time.sleep, 1.0, timeout=5) for _ in range(2)]
gevent.sleep(0.05)
started = time.perf_counter()
answers.append(offload.run(slow, 0.01))
quick_wait = time.perf_counter() - started
gevent.joinall(long_jobs)
beat.kill()
print(json.dumps({"answers": answers, "max_gap": max(gaps), "quick_wait": quick_wait,
                  "long": [g.value for g in long_jobs]}))
"""


def test_a_job_over_its_timeout_is_answered_unavailable_and_the_loop_keeps_moving():
    """Also: long jobs have turns of their own, so they never keep a sign-in waiting."""
    done = subprocess.run([sys.executable, "-c", TIMEOUT_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    (code, status, after), first, second, quick = seen["answers"]
    assert (code, status) == ("unavailable", 503) and after < 0.9  # answered at the timeout, not at the end
    assert first == second == quick == 0.01
    assert seen["long"] == [None, None] and seen["quick_wait"] < 0.5, seen
    assert seen["max_gap"] < 0.1, seen


WORKER_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import json, time
import gevent
from workshop.services import offload
from workshop.services.errors import Invalid, Unavailable
from workshop.services.fields import text
from workshop.services.revisions import word_diff

gaps = []
def ticker():
    last = time.perf_counter()
    while True:
        gevent.sleep(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
beat = gevent.spawn(ticker)
seen = {}
seen["diff"] = offload.in_worker(word_diff, "Members agree.", "Members agreed.", timeout=30)
first = offload._idle[0].process.pid
started = time.perf_counter()
try:
    offload.in_worker(time.sleep, 5, timeout=0.5)
except Unavailable as error:
    seen["late"] = [error.code, round(time.perf_counter() - started, 1)]
try:
    offload.in_worker(text, {"title": 5}, "title", timeout=30)
except Invalid as error:
    seen["invalid"] = [error.message, error.field]
seen["again"] = offload.in_worker(word_diff, "a", "b", timeout=30)
seen["workers"] = len(offload._idle)
beat.kill()
seen["max_gap"] = max(gaps)
print(json.dumps(seen))
"""


def test_jobs_run_in_worker_processes_and_one_over_its_time_is_stopped():
    done = subprocess.run([sys.executable, "-c", WORKER_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["diff"] == [{"op": "equal", "text": "Members "}, {"op": "delete", "text": "agree"},
                            {"op": "insert", "text": "agreed"}, {"op": "equal", "text": "."}]
    assert seen["late"][0] == "unavailable" and seen["late"][1] < 2  # stopped, not waited for
    assert seen["invalid"] == ["The title must be text.", "title"]  # a job's own error comes back whole
    assert seen["again"] == [{"op": "delete", "text": "a"}, {"op": "insert", "text": "b"}]
    assert seen["workers"] == 1 and seen["max_gap"] < 0.1, seen
