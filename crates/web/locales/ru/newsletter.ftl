# Рассылка: ежемесячный обзор материалов издателя, подписка на него и письма.
newsletter-link = Рассылка
newsletter-by-mail = Рассылки по электронной почте
newsletter-heading = Рассылка: { $publisher }, { $month }
newsletter-empty = В этом месяце ничего не опубликовано.
newsletter-archive = Другие месяцы
newsletter-subscribe-title = Получать рассылку по электронной почте
newsletter-subscribe-intro = Мы пришлём ссылку для подтверждения адреса; до подтверждения больше ничего не присылается. В каждом выпуске есть ссылка, чтобы отказаться от рассылки.
newsletter-email = Адрес электронной почты
newsletter-language = Язык рассылки
newsletter-subscribe = Подписаться
newsletter-done-subscribed = Спасибо. Если этот адрес у нас новый, на него отправлено письмо со ссылкой для подтверждения; рассылка начнётся после подтверждения.
newsletter-done-sent = Рассылка отправляется.
newsletter-send-title = Отправить эту рассылку
newsletter-recipients = { $count ->
    [0] Пока ни один подписчик не подтвердил адрес.
    [one] Её получит { $count } подтвердивший адрес подписчик.
    [few] Её получат { $count } подтвердивших адрес подписчика.
   *[other] Её получат { $count } подтвердивших адрес подписчиков.
}
newsletter-send = Отправить подписчикам
newsletter-sent = Отправлена { $at }, отправил(а) { $by }; получателей: { $count }.
newsletter-mail-confirm-subject = Подтвердите подписку: { $publisher }
newsletter-mail-confirm-intro = На этот адрес запрошена рассылка: { $publisher }. Надеемся, это были вы.
newsletter-mail-confirm-do = Чтобы подтвердить подписку, откройте ссылку и нажмите «Подтвердить»:
newsletter-mail-confirm-ignore = Если вы не подписывались, не отвечайте на это письмо: больше писем не будет.
newsletter-mail-read = Читать на сайте
newsletter-mail-why = Вы получаете эту рассылку, потому что адрес { $address } на неё подписан.
newsletter-mail-unsubscribe = Отказаться от рассылки
subscription-title = Ваша подписка
subscription-pending = Подписка на рассылку ({ $publisher }) ждёт вашего подтверждения.
subscription-confirmed = Вы получаете рассылку: { $publisher }.
subscription-unsubscribed = Вы больше не получаете рассылку: { $publisher }.
subscription-address = Адрес
subscription-confirm = Подтвердить
subscription-end = Отказаться от рассылки
subscription-again = Подписаться снова: { $publisher }
error-invalid_month = Это не месяц (год и месяц, например 2018-06).
error-month_to_come = Этот месяц ещё не начался: рассылку за него отправить нельзя.
error-empty_newsletter = В этом месяце ничего не опубликовано: отправлять нечего.
error-newsletter_already_sent = Рассылка за этот месяц уже отправлена.
error-subscription_ended = Эта подписка прекращена: подпишитесь снова.
