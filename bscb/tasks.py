from celery import shared_task

from . import services


@shared_task(name="bscb.heartbeat", ignore_result=True)
def heartbeat():
    services.heartbeat_record()


@shared_task(name="bscb.submissions_purge", ignore_result=True)
def submissions_purge():
    services.submissions_purge()


# SMTP errors are OSErrors: bounded retries with backoff (2, 4, 8... s, jittered), about a minute in all.
@shared_task(name="bscb.password_reset_send", acks_late=True, ignore_result=True,
             autoretry_for=(OSError,), retry_backoff=2, retry_jitter=True, max_retries=5)
def password_reset_send(user_id: int) -> bool:
    return services.password_reset_email_send(user_id=user_id)
