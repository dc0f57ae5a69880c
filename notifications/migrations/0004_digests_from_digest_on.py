# The digests already sent become Digest rows (notifications/models.py Digest).

import hashlib
from collections import defaultdict

from django.db import migrations


def digests_from_digest_on(apps, schema_editor):
    """The digests already sent become Digest rows: each person's outbox rows of one `digest_on` day,
    sent, under the Message-ID their email carried (a hash of its reminder ids, as mail.py made it)."""
    Outbox = apps.get_model("notifications", "Outbox")
    Digest = apps.get_model("notifications", "Digest")
    groups = defaultdict(list)
    for pk, user_id, day, reminder_id, sent_on in (Outbox.objects.filter(digest_on__isnull=False)
                                                   .values_list("pk", "user_id", "digest_on", "reminder_id", "sent_on")):
        groups[user_id, day].append((pk, reminder_id, sent_on))
    for (user_id, day), rows in groups.items():
        ids = ",".join(str(reminder_id) for _pk, reminder_id, _sent in sorted(rows, key=lambda r: r[1]))
        digest = Digest.objects.create(
            user_id=user_id, day=day, message_id=f"<digest-{hashlib.sha256(ids.encode()).hexdigest()[:24]}@notifications.bscb>",
            closed=min((sent for _pk, _r, sent in rows if sent), default=None),
            sent_on=max((sent for _pk, _r, sent in rows if sent), default=None))
        Outbox.objects.filter(pk__in=[pk for pk, _r, _s in rows]).update(digest=digest)


def digest_on_from_digests(apps, schema_editor):
    Outbox = apps.get_model("notifications", "Outbox")
    Digest = apps.get_model("notifications", "Digest")
    for digest in Digest.objects.all():
        Outbox.objects.filter(digest=digest).update(digest_on=digest.day)
    Outbox.objects.update(digest=None)
    Digest.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_digest'),
    ]

    operations = [
        migrations.RunPython(digests_from_digest_on, digest_on_from_digests),
    ]
