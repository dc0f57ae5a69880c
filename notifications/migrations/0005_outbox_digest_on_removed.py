import notifications.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_digests_from_digest_on'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='outbox',
            name='digest_on',
        ),
        migrations.AlterField(
            model_name='outbox',
            name='message_id',
            field=models.CharField(default=notifications.models.reminder_message_id, editable=False, max_length=200, unique=True),
        ),
        migrations.AddIndex(
            model_name='digest',
            index=models.Index(condition=models.Q(('sent_on__isnull', True)), fields=['day'], name='digest_unsent'),
        ),
        migrations.AddConstraint(
            model_name='digest',
            constraint=models.UniqueConstraint(fields=('user', 'day'), name='digest_once_a_day'),
        ),
    ]
