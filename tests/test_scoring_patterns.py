"""Each pattern family and each anti-pattern, found in real answers, in both languages."""

import pytest

# (case, answer, pattern that must be matched)
MARKERS = [
    (
        "rude-client",
        "Я понимаю ваше раздражение: три дня ждать заказ очень неприятно.",
        "customer.acknowledge",
    ),
    (
        "rude-client",
        "I understand your frustration, three days is far too long.",
        "customer.acknowledge",
    ),
    ("rude-client", "Приносим извинения за задержку заказа.", "customer.apology"),
    ("rude-client", "I'm really sorry your order is late.", "customer.apology"),
    (
        "price-objection",
        "Расскажите, пожалуйста, какой кондиционер вы сравниваете?",
        "customer.need_question",
    ),
    ("price-objection", "May I ask which offer you are comparing with?", "customer.need_question"),
    ("rude-client", "Не могли бы вы подсказать номер заказа?", "customer.politeness"),
    ("rude-client", "Could you please send me the order number?", "customer.politeness"),
    (
        "rude-client",
        "Доставку вернём на наш счёт: деньги за неё придут сегодня.",
        "customer.compensation",
    ),
    ("rude-client", "We will refund the delivery fee for this order.", "customer.compensation"),
    (
        "laptop-bulk-order",
        "Мы лидер рынка и лучший выбор для вашей компании.",
        "product.self_praise",
    ),
    (
        "laptop-bulk-order",
        "We are the market leader with thousands of happy customers.",
        "product.self_praise",
    ),
    ("laptop-bulk-order", "У этой модели процессор i7 и 16 ГБ памяти.", "product.feature"),
    ("laptop-bulk-order", "This model has a great processor and 16 GB of RAM.", "product.feature"),
    (
        "laptop-bulk-order",
        "Отличный ноутбук, просто бомба, влюбитесь с первого дня!",
        "product.enthusiasm",
    ),
    (
        "price-objection",
        "Могу предложить два варианта: рассрочку или другую модель.",
        "situational.option",
    ),
    (
        "price-objection",
        "I can offer you two options: an instalment plan or another model.",
        "situational.option",
    ),
    ("rude-client", "Я перезвоню вам сегодня до 17:00.", "situational.next_step"),
    ("rude-client", "I'll call you back today before 5 pm.", "situational.next_step"),
    (
        "laptop-bulk-order",
        "Готов оформить заказ: на какое юрлицо выставить счёт?",
        "situational.close",
    ),
    ("laptop-bulk-order", "Shall we go ahead and place the order today?", "situational.close"),
    ("price-objection", "При предоплате мы дадим корпоративную цену.", "situational.mutual"),
    ("laptop-bulk-order", "Доставим в четверг к обеду.", "signal.time"),
    ("laptop-bulk-order", "We deliver on Thursday by noon.", "signal.time"),
    ("laptop-bulk-order", "Андрей, доставим всё в среду.", "client_name"),
    (
        "laptop-bulk-order",
        "У нас одни из лучших цен, собственный сервисный центр и сотни довольных клиентов.",
        "product.pitch",
    ),
    (
        "laptop-bulk-order",
        "We're one of the best-rated suppliers, and our engineers are very reliable.",
        "product.pitch",
    ),
    ("laptop-bulk-order", "Экран 15,6 дюйма, 16 ГБ памяти, 512 ГБ SSD.", "product.specs"),
    ("laptop-bulk-order", "It has a 15-inch screen, 16 GB of RAM and a 1 TB SSD.", "product.specs"),
    (
        "bank-internet-fee",
        "Кстати, подключите нашу программу лояльности с кешбэком.",
        "product.loyalty",
    ),
    (
        "bank-internet-fee",
        "By the way, we have a great loyalty programme with cashback.",
        "product.loyalty",
    ),
    (
        "interview-provocation",
        "Я очень опытный и стрессоустойчивый, у меня большой опыт работы.",
        "product.self_promotion",
    ),
    (
        "interview-provocation",
        "I'm very experienced and I have 10 years of experience in retail.",
        "product.self_promotion",
    ),
]

# (case, answer, anti-pattern that must be reported)
VIOLATIONS = [
    ("rude-client", "Не орите на меня, сами вы бездельник!", "anti.rude"),
    ("rude-client", "Stop yelling at me, that's ridiculous.", "anti.rude"),
    ("rude-client", "Вы сами виноваты: надо было читать условия доставки.", "anti.blame"),
    ("rude-client", "You should have read the delivery terms, it's your own fault.", "anti.blame"),
    ("rude-client", "Вы должны были указать правильный адрес.", "anti.must"),
    ("rude-client", "You must call the courier service yourself.", "anti.must"),
    ("rude-client", "Это не ко мне, обращайтесь в службу доставки.", "anti.refuse_responsibility"),
    ("rude-client", "Правила есть правила, ждите.", "anti.rules_are_rules"),
    ("rude-client", "Rules are rules, I'm afraid.", "anti.rules_are_rules"),
    (
        "rude-client",
        "That's not my department, contact the courier directly.",
        "anti.refuse_responsibility",
    ),
    (
        "rude-client",
        "Гарантирую, что больше такое никогда не повторится!",
        "anti.impossible_promise",
    ),
    ("rude-client", "I promise it will never happen again.", "anti.impossible_promise"),
    (
        "price-objection",
        "У конкурентов одно барахло, они вас обманут.",
        "anti.disparage_competitors",
    ),
    (
        "price-objection",
        "Their products are junk, never buy from them.",
        "anti.disparage_competitors",
    ),
    ("price-objection", "Ладно, сделаем скидку 30%, только не уходите.", "anti.capitulate"),
    ("price-objection", "Fine, I'll knock 30% off, just buy it today.", "anti.capitulate"),
    ("rude-client", "Успокойтесь, пожалуйста, и не кричите.", "anti.condescend"),
    ("rude-client", "Calm down, there is no need to shout.", "anti.condescend"),
    ("rude-client", "Как я уже говорил, заказ приедет завтра.", "anti.lecture"),
    (
        "rude-client",
        "Вам следует проверять статус в приложении, заказ приедет завтра.",
        "anti.should",
    ),
    ("rude-client", "You should check the status in the app; it arrives tomorrow.", "anti.should"),
    ("rude-client", "As I already said, the order comes tomorrow.", "anti.lecture"),
    ("rude-client", "Ну да, конечно, три дня — это прямо трагедия.", "anti.sarcasm"),
    ("rude-client", "Oh sure, what a tragedy, three whole days.", "anti.sarcasm"),
    ("rude-client", "Не знаю, когда привезут, сложно сказать.", "anti.evasion"),
    ("rude-client", "I don't know, it's hard to say when it will come.", "anti.evasion"),
    ("rude-client", "Ну бывает, задержки у всех случаются, подождите ещё немного.", "anti.dismiss"),
    ("price-objection", "Торопитесь, пока акция! Оставьте номер, я всё оформлю.", "anti.pressure"),
    ("price-objection", "Hurry, today only! Leave me your number.", "anti.pressure"),
]


@pytest.mark.parametrize(("case", "text", "pattern"), MARKERS)
def test_marker_is_found(score, case, text, pattern):
    result = score(case, text)
    assert pattern in result.matched_ids(), [m.pattern for m in result.matched]


@pytest.mark.parametrize(("case", "text", "pattern"), VIOLATIONS)
def test_violation_is_reported(score, case, text, pattern):
    result = score(case, text)
    assert pattern in result.violation_ids(), [v.id for v in result.violations]


@pytest.mark.parametrize(("case", "text", "pattern"), VIOLATIONS)
def test_violation_costs_points(score, book, case, text, pattern):
    """A severe or major violation leaves a low total; a minor one costs the top grade."""
    result = score(case, text)
    severity = next(v.severity for v in result.violations if v.id == pattern)
    assert result.total <= (85 if severity == "minor" else 40)


def test_every_anti_pattern_of_the_library_is_tested(book):
    tested = {pattern for _, _, pattern in VIOLATIONS}
    anti = {p.id for p in book.library.patterns if p.kind == "anti"}
    assert anti <= tested


def test_every_marker_family_is_tested(book):
    tested = {pattern for _, _, pattern in MARKERS}
    families = {p.family for p in book.library.patterns if p.kind in ("customer", "situational")}
    covered = {p.family for p in book.library.patterns if p.id in tested}
    assert families - {"acknowledge"} <= covered | {"care", "question"}
