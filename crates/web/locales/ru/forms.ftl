# Формы страниц и их ответы.
venue-time = время г. { $city }, UTC{ $offset }
duration-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
duration-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[many] { $n } часов
}
duration-minutes = { $n ->
    [one] { $n } минута
    [few] { $n } минуты
   *[many] { $n } минут
}
silence-left = осталось { $span }
silence-opened = Объявлена { $at }, { $by }
silence-objection-by = Возражение: { $state }, получено { $at }
silence-amendment-by = Поправка: { $state }, получена { $at }
silence-break = Прервать процедуру умолчания
silence-break-kind = Что направляет ваше государство
silence-kind-objection = возражение
silence-kind-amendment = поправку к тексту
silence-break-text = Текст возражения или поправки
silence-break-submit = Направить в Секретариат
silence-open-title = Объявить процедуру умолчания
silence-deadline-in = Срок ({ $zone })
silence-open-submit = Объявить процедуру
document-steps = Действия
document-circulate = Разослать государствам-членам
document-agree = Зафиксировать согласие государств
document-withdraw = Отозвать документ
position-record = Записать позицию
position-record-for = Позиция: { $state }
position-on-behalf-of = От имени
position-text = Текст оговорки или возражения
position-text-hint = Для оговорки и возражения нужен текст; для остальных позиций — нет.
position-submit = Записать позицию
error-position_text_required = Для оговорки или возражения нужен текст.
error-invalid_position = Выберите одну из позиций.
error-state_required = Выберите государство, от имени которого записывается позиция.
error-invalid_state = Выберите государство из списка.
error-not_open_for_positions = Позиции записываются после рассылки документа и до принятия решения по нему.
error-invalid_deadline = Укажите дату и время окончания срока.
error-deadline_in_past = Срок должен истекать в будущем.
error-deadline_too_far = Процедура умолчания длится не более года.
error-text_required = Напишите текст возражения или поправки.
error-silence_closed = Процедура умолчания завершена: возражения больше не принимаются.
error-invalid_kind = Выберите возражение или поправку.
error-control_character = В тексте есть символ, который нельзя сохранить (управляющий символ).
error-not_a_member_on_the_day = В этот день государство не является членом органа.
error-takes_no_position = Это государство не высказывает позиции по этому документу.
error-stale_version = Кто-то изменил это тем временем. Показан его текст; ваш сохранён ниже.
revision-original = первоначальный текст
choose-state = — выберите государство —
document-withdraw-confirm = Отозвать документ? Это действие нельзя отменить.

# Отказы, которые встречаются в любой форме: одна формулировка для всех.
error-duplicate = Такой ключ уже занят: выберите другой.
error-invalid_action = В этой форме нет такого шага.
error-invalid_key = Ключ состоит из строчных латинских букв, цифр и дефисов.
error-invalid_language = Выберите один из рабочих языков.
error-title_required = Укажите название хотя бы на одном языке.
error-unknown_reference = Названное здесь не значится в материалах: выберите из списка.
