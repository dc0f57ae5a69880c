from celery import shared_task

from .services import heartbeat_record


@shared_task(name="bscb.heartbeat", ignore_result=True)
def heartbeat():
    heartbeat_record()
