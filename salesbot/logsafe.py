"""Keep the bot token out of every log line and logged traceback.

httpx logs request URLs, which contain the token, and python-telegram-bot puts the token in
InvalidToken's message; a log record factory masks it wherever it would appear.
"""

from __future__ import annotations

import logging
import traceback

MASK = "<token>"
_installed: set[str] = set()


def redact_token_in_logs(token: str) -> None:
    """Mask `token` in the message and the traceback of every log record from now on."""
    if not token or token in _installed:
        return
    _installed.add(token)
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call; logging reports it itself
            return record
        if token in message:
            record.msg, record.args = message.replace(token, MASK), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if token in text:
                record.exc_text = text.replace(token, MASK)
        return record

    logging.setLogRecordFactory(factory)
