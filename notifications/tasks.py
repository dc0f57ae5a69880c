from datetime import date

from celery import shared_task

from .services import chase as chase_service


@shared_task(name="notifications.chase", acks_late=True, ignore_result=False)
def chase(as_of: str | None = None) -> dict:
    """The daily chase. Thin: the service does everything (and is safe to run twice)."""
    result = chase_service(date.fromisoformat(as_of) if as_of else None)
    return {"as_of": result.as_of.isoformat(), "sent": len(result.sent), "skipped": len(result.skipped),
            "emails": result.emails, "locked": result.locked}
