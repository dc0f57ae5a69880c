from datetime import date

from celery import shared_task

from . import mail
from .services import chase as chase_service


@shared_task(name="notifications.chase", acks_late=True, ignore_result=False)
def chase(as_of: str | None = None) -> dict:
    """The daily chase. Thin: the service does everything (and is safe to run twice)."""
    result = chase_service(date.fromisoformat(as_of) if as_of else None)
    # As the chase command counts them: sent (emailed in a digest today) and held for the next digest.
    return {"as_of": result.as_of.isoformat(), "sent": len(result.sent) - len(result.held), "held": len(result.held),
            "skipped": len(result.skipped), "emails": result.emails, "resent": result.resent,
            "locked": result.locked}


# SMTP errors are OSErrors. Backoff 2, 4, 8... s with jitter, about a minute in all; on the last try the
# service hands the reminder to the next daily digest instead of raising.
@shared_task(bind=True, name="notifications.send_outbox", acks_late=True, ignore_result=True,
             autoretry_for=(OSError,), retry_backoff=2, retry_jitter=True, max_retries=5)
def send_outbox(self, outbox_id: int) -> bool:
    """One "remind now" email, from its outbox row (safe to run twice: a sent row is left alone)."""
    return mail.outbox_send(outbox_id=outbox_id, last_try=self.request.retries >= self.max_retries)
