import logging
from datetime import date

from celery import shared_task

from . import mail
from .services import chase as chase_service

log = logging.getLogger(__name__)


@shared_task(name="notifications.chase", acks_late=True, ignore_result=False)
def chase(as_of: str | None = None) -> dict:
    """The daily chase. Thin: the service does everything (and is safe to run twice)."""
    result = chase_service(date.fromisoformat(as_of) if as_of else None)
    # As the chase command counts them: sent (emailed in a digest today) and held for the next digest;
    # then what could not be chased: items skipped after an error (and why), items with nobody to remind.
    summary = {"as_of": result.as_of.isoformat(), "sent": len(result.sent) - len(result.held),
               "held": len(result.held), "skipped": len(result.skipped), "emails": result.emails,
               "resent": result.resent, "locked": result.locked, "failed": len(result.failed),
               "failures": [f"{f.key}: {f.reason}" for f in result.failed[:20]], "nobody": len(result.nobody)}
    line = (f"Chase of {summary['as_of']}: {summary['sent']} reminder(s) sent, {summary['held']} held for the next "
            f"digest; {result.emails} digest email(s) sent, {result.resent} of them resent{result.problems()}.")
    log.log(logging.WARNING if result.failed or result.nobody else logging.INFO, line)
    return summary


# SMTP errors are OSErrors. Backoff 2, 4, 8... s with jitter, about a minute in all; on the last try the
# service hands the reminder to the next daily digest instead of raising.
@shared_task(bind=True, name="notifications.send_outbox", acks_late=True, ignore_result=True,
             autoretry_for=(OSError,), retry_backoff=2, retry_jitter=True, max_retries=5)
def send_outbox(self, outbox_id: int) -> bool:
    """One "remind now" email, from its outbox row (safe to run twice: a sent row is left alone)."""
    return mail.outbox_send(outbox_id=outbox_id, last_try=self.request.retries >= self.max_retries)
