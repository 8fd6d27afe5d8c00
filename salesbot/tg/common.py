"""What every Telegram handler shares: the services, who is asking, storing a reply."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes

from ..replies import Reply
from ..services import Caller, Services
from .outbox import Outbox, outgoing


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def caller(update: Update) -> Caller:
    """The user behind an update, as the use cases know them."""
    user = update.effective_user
    if user is None:
        return Caller(0)
    return Caller(user.id, user.language_code, user.first_name or "", user.username)


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Put a use case's reply in the outbox, in order; the outbox delivers it.

    The caller's messages go to the update's chat, the rest (HR, a lead) to the user named
    in `to`. This runs inside the transaction that records the update (processing.py): the
    reply is stored with the update's effect, or neither is.
    """
    outbox: Outbox = context.application.bot_data["outbox"]
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    query = update.callback_query
    pressed = query.message if query is not None else None
    # A button without its message (sent in inline mode) has no chat: answer in private.
    chat_id = chat.id if chat is not None else (user.id if user is not None else None)
    outbox.put(
        outgoing(
            reply,
            chat_id,
            update_id=update.update_id,
            after_message_id=message.message_id if message is not None else None,
            edit_message_id=pressed.message_id if pressed is not None else None,
        )
    )


async def run_job(
    context: ContextTypes.DEFAULT_TYPE, use_case: Callable[[Services], Reply]
) -> None:
    """A scheduled job (reminders, digests): its use case and its reply in one transaction,
    under the lock an update's handling holds, so that the job's writes never join (and
    never roll back with) the transaction of an update being handled meanwhile."""
    outbox: Outbox = context.application.bot_data["outbox"]
    svc = services(context)
    async with outbox.lock:
        with svc.store.transaction():
            outbox.put(outgoing(use_case(svc), None))
    outbox.wake()
