"""What every Telegram handler shares: the services, who is asking, delivering a reply."""

from __future__ import annotations

import logging

from telegram import Bot, Chat, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from .. import training
from ..replies import Document, Keyboard, Message, Reply
from ..services import Caller, Services
from .messages import send_texts

log = logging.getLogger(__name__)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def caller(update: Update) -> Caller:
    """The user behind an update, as the use cases know them."""
    user = update.effective_user
    if user is None:
        return Caller(0)
    return Caller(user.id, user.language_code, user.first_name or "", user.username)


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in line] for line in keyboard]
    )


async def send(update: Update | None, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Deliver a use case's reply, in order.

    The caller's messages go to the update's chat; a failure there is raised (to the error
    handler). Once the first one is out, a stored answer is marked as replied. Messages and
    documents for someone else (HR, a lead) are sent to them; if that fails it is logged,
    and the caller's update is still handled.
    """
    for index, item in enumerate(reply.items):
        if item.to is not None:
            try:
                await _deliver(context.bot, _private_chat(context.bot, item.to), item, update)
            except TelegramError as exc:
                log.warning("could not send to user %s: %r", item.to, exc)
            continue
        if update is None or update.effective_chat is None:
            continue
        await _deliver(context.bot, update.effective_chat, item, update)
        if index == 0 and reply.answer_id is not None:
            training.mark_sent(services(context), reply.answer_id)


async def _deliver(bot: Bot, chat: Chat, item: Message | Document, update: Update | None) -> None:
    if isinstance(item, Document):
        await bot.send_document(
            chat.id, InputFile(item.content, filename=item.filename), caption=item.caption or None
        )
    elif item.edit and update is not None and update.callback_query is not None:
        await update.callback_query.edit_message_text(
            "\n\n".join(item.parts), reply_markup=markup(item.keyboard)
        )
    else:
        await send_texts(chat, list(item.parts), reply_markup=markup(item.keyboard))


def _private_chat(bot: Bot, user_id: int) -> Chat:
    chat = Chat(user_id, ChatType.PRIVATE)
    chat.set_bot(bot)
    return chat
