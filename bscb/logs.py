"""Logging pieces the settings name (config/settings/base.py LOGGING)."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A refused request (403, 404, 400: the client's error, answered with its page) is logged as one
    line, without the traceback of the exception that made the answer: the traceback says nothing about
    the app, and it buried the lines that did. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
