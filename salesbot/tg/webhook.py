"""Webhook mode: Telegram calls the bot; an update is committed before Telegram hears 200.

python-telegram-bot's own webhook server answers 200 as soon as an update is queued, so a
crash before it is handled loses it. This small server (Tornado, which python-telegram-bot
brings for webhooks) hands each update to the same `Processor` as polling and answers
only then: 200 once it is handled (or was handled before, or is a dead letter); 503 when
the database could not write within WEBHOOK_PATIENCE, and Telegram delivers it again
later. A request without the secret token gets 403.
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from urllib.parse import urlparse

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from ..config import Config
from .polling import Stopped, Trouble, machinery, serve, start_up, with_retries
from .processing import Outcome, Processor

log = logging.getLogger(__name__)
WEBHOOK_PATIENCE = 20.0  # seconds; Telegram gives up on a request after about a minute
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, processor: Processor, secret: str) -> None:
        self.processor = processor
        self.secret = secret

    async def post(self) -> None:
        if self.secret and self.request.headers.get(SECRET_HEADER) != self.secret:
            self.set_status(HTTPStatus.FORBIDDEN)
            return
        try:
            data = json.loads(self.request.body)
        except ValueError:
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        outcome = await self.processor.handle(data, patience=WEBHOOK_PATIENCE)
        status = HTTPStatus.SERVICE_UNAVAILABLE if outcome is Outcome.DEFERRED else HTTPStatus.OK
        self.set_status(status)

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def]
        log.error("webhook request failed: %r", value)


async def run_webhook(
    app: Application, config: Config, stop: asyncio.Event, on_retry: Trouble | None = None
) -> None:
    """Serve the webhook until `stop`; registers it with Telegram first."""
    hook = config.telegram.webhook
    secret = hook.secret_token.get_secret_value()
    path = "/" + urlparse(hook.url).path.strip("/")
    processor, _ = machinery(app)
    server: HTTPServer | None = None
    try:
        await start_up(app, stop, on_retry)
        await app.start()
        web = tornado.web.Application(
            [(path, UpdateHandler, {"processor": processor, "secret": secret})]
        )
        server = HTTPServer(web)
        server.listen(hook.port, hook.listen)

        async def register() -> None:
            await app.bot.set_webhook(
                hook.url, secret_token=secret or None, allowed_updates=list(Update.ALL_TYPES)
            )

        await with_retries("setWebhook", register, stop, on_retry)
        log.info("webhook at %s, listening on %s:%s", hook.url, hook.listen, hook.port)
        await serve(app, stop, stop.wait())
    except Stopped:
        log.info("stopped while starting")
    finally:
        if server is not None:
            server.stop()
            await server.close_all_connections()
        if app.running:
            await app.stop()
        await app.shutdown()
