"""What a use case answers: a `Reply`, a list of messages and documents to deliver in order.

The use cases decide what is said (already rendered, in the caller's language) and to
whom; an adapter (the Telegram handlers, the terminal) only delivers it. A message to
someone other than the caller (HR, a team lead) names them in `to`.
"""

from __future__ import annotations

from dataclasses import dataclass

Keyboard = tuple[tuple["Button", ...], ...]  # rows of buttons


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # the callback data the press sends back


@dataclass(frozen=True, slots=True)
class Message:
    """One message; its parts are joined with a blank line (and split past Telegram's
    limit). `edit` replaces the text of the message whose button was pressed."""

    parts: tuple[str, ...]
    keyboard: Keyboard = ()
    to: int | None = None  # None: the caller's chat; else that user's private chat
    edit: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    filename: str
    content: bytes
    caption: str = ""
    to: int | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """Messages and documents, in order. `answer_id` names the stored answer whose reply is
    the first message: the adapter reports it sent (`training.mark_sent`) once it is out."""

    items: tuple[Message | Document, ...] = ()
    answer_id: int | None = None

    def __add__(self, other: Reply) -> Reply:
        return Reply((*self.items, *other.items), self.answer_id or other.answer_id)

    @property
    def texts(self) -> list[str]:
        """The parts of the messages to the caller, in order (for the terminal and tests)."""
        return [
            part
            for item in self.items
            if isinstance(item, Message) and item.to is None
            for part in item.parts
        ]


def message(*parts: str, keyboard: Keyboard = (), to: int | None = None) -> Reply:
    """A reply of one message."""
    return Reply((Message(parts, keyboard, to),))


def row(*buttons: tuple[str, str]) -> Keyboard:
    """A keyboard of one row, from (label, data) pairs."""
    return (tuple(Button(label, data) for label, data in buttons),)


NOTHING = Reply()
