"""People as the bot knows them: who wrote, in which language they read, erasing them."""

from __future__ import annotations

from .locales import LOCALES
from .records import User
from .replies import NOTHING, Reply, row
from .services import Caller, Services

# Telegram languages answered in Russian; English for English, the configured one otherwise.
RUSSIAN_READERS = ("ru", "uk", "be", "kk")


def seen(svc: Services, caller: Caller) -> User:
    """Record who wrote (their Telegram name and language may change)."""
    return svc.store.upsert_user(
        caller.id, caller.first_name, caller.username, caller.language_code
    )


def language(svc: Services, caller: Caller) -> str:
    """The user's chosen language, else their Telegram language, else the configured one."""
    user = svc.store.user(caller.id)
    if user is not None and user.lang:
        return user.lang
    code = (caller.language_code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith(RUSSIAN_READERS):
        return "ru"
    return svc.config.language


def language_of(svc: Services, user_id: int) -> str:
    """The language to write to a user who did not just write (HR, a team lead)."""
    user = svc.store.user(user_id)
    return (user and user.lang) or svc.config.language


def choose_language(svc: Services, caller: Caller, choice: str, *, menu: bool = True) -> Reply:
    """/lang ru|en or a language button: set it. Anything else offers the buttons (or, for
    a button that is no language, nothing)."""
    if choice in LOCALES:
        svc.store.set_language(caller.id, choice)
        return svc.say("lang_set", choice)
    if not menu:
        return NOTHING
    lang = language(svc, caller)
    buttons = row(*((svc.text(f"lang_button.{code}", lang), f"lang:{code}") for code in LOCALES))
    return svc.say("lang_choose", lang, keyboard=buttons)


def confirm_forget(svc: Services, caller: Caller) -> Reply:
    """/forget asks before erasing anything."""
    lang = language(svc, caller)
    buttons = row(
        (svc.text("forget_yes", lang), "forget:yes"), (svc.text("forget_no", lang), "forget:no")
    )
    return svc.say("forget_confirm", lang, keyboard=buttons)


def forget(svc: Services, caller: Caller, confirmed: bool) -> Reply:
    """Erase everything about the caller from every table, once they confirmed."""
    lang = language(svc, caller)
    if not confirmed:
        return svc.say("forget_cancelled", lang)
    svc.store.forget_user(caller.id)
    return svc.say("forgotten", lang)
