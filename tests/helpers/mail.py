"""A mail backend for tests that counts deliveries: one file per delivery, named by the Message-ID and a
counter (`<id>.1.eml`, `<id>.2.eml` for a resend), in EMAIL_FILE_PATH or NOTIFICATIONS_MAIL_DIR.
A worker started by a test selects it with TEST_EMAIL_BACKEND (config/settings/test.py).
NOTIFICATIONS_MAIL_DELAY (seconds) slows each delivery, so that a test can kill a worker mid-send;
NOTIFICATIONS_MAIL_HANG_FOR (an address) stops the sender for good once a mail to that address is
delivered, so that a test can kill a worker between delivering an email and marking it sent."""

import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class CountingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ.get("NOTIFICATIONS_MAIL_DIR") or settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        delay = float(os.environ.get("NOTIFICATIONS_MAIL_DELAY") or 0)
        hang_for = os.environ.get("NOTIFICATIONS_MAIL_HANG_FOR")
        for message in email_messages:
            if delay:
                time.sleep(delay)
            name = re.sub(r"[^A-Za-z0-9@._-]", "", message.extra_headers.get("Message-ID", "no-id"))
            data = message.message().as_bytes()
            n = 1
            while True:
                try:
                    fd = os.open(folder / f"{name}.{n}.eml", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
                except FileExistsError:
                    n += 1
                    continue
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                break
            if hang_for and hang_for in message.to:
                time.sleep(3600)  # delivered, never marked sent: the test kills the worker here
        return len(email_messages)
