"""The scheduled heartbeat runs on a real Celery worker over Redis, and the health check sees it."""

import pytest
from django.test import Client
from django.urls import reverse

from bscb.models import WorkerHeartbeat
from bscb.tasks import heartbeat
from config.schedules import ensure_periodic_tasks
from tests.helpers.worker import celery_worker, send, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_heartbeat_and_the_health_check_reports_it():
    assert Client().get(reverse("health")).json()["worker"] == "not seen"
    with celery_worker():
        send(heartbeat)
        send(heartbeat)
        wait_for(lambda: WorkerHeartbeat.objects.filter(name="worker", beats=2).exists(), timeout=60)
    body = Client().get(reverse("health")).json()
    assert body["status"] == "ok"
    assert body["worker"] == "ok"


@pytest.mark.django_db
def test_the_schedule_is_created_once_and_an_administrators_change_is_kept():
    from django_celery_beat.models import PeriodicTask

    ensure_periodic_tasks()
    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(name="Worker heartbeat")
    assert task.task == "bscb.heartbeat"
    assert PeriodicTask.objects.filter(task="bscb.heartbeat").count() == 1
    task.enabled = False
    task.save()
    ensure_periodic_tasks()
    assert PeriodicTask.objects.get(name="Worker heartbeat").enabled is False


@pytest.mark.django_db
def test_health_check_answers_without_sign_in():
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]
