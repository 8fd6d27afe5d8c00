"""What every Telegram handler shares: the services, the user's language, replying."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..config import Config
from ..engine import Case, CaseBook, Turn
from ..render import Texts
from ..storage import Store
from .messages import send_texts


@dataclass
class Services:
    """What every handler needs, kept in application.bot_data["services"]."""

    config: Config
    book: CaseBook
    storage: Store
    texts: Texts


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def user_language(svc: Services, update: Update) -> str:
    """The user's chosen language, else their Telegram language, else the configured one."""
    user = update.effective_user
    if user is None:
        return svc.config.language
    row = svc.storage.user(user.id)
    if row and row.lang:
        return row.lang
    code = (user.language_code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith(("ru", "uk", "be", "kk")):
        return "ru"
    return svc.config.language


async def reply(update: Update, svc: Services, key: str, lang: str, **context) -> None:
    await send_texts(update.effective_chat, [svc.texts.render(key, lang, **context)])


async def ask(
    update: Update,
    svc: Services,
    key: str,
    lang: str,
    buttons: list[tuple[str, str]],
    **context,
) -> None:
    """Send a message with one row of buttons, given as (label, callback data) pairs."""
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in buttons]]
    )
    await update.effective_chat.send_message(
        svc.texts.render(key, lang, **context), reply_markup=keyboard
    )


def opening_texts(svc: Services, case: Case, turn: Turn, intro_key: str) -> list[str]:
    """A case's introduction and the client's first line, in the dialogue's language."""
    lang = turn.state.lang
    name = case.text(case.persona.name, lang)
    intro = svc.texts.render(
        intro_key,
        lang,
        title=case.text(case.title, lang),
        description=case.text(case.description, lang),
        name=name,
        role=case.text(case.persona.role, lang),
    )
    return [
        intro,
        *(svc.texts.render("client", lang, name=name, line=line) for line in turn.lines),
    ]
