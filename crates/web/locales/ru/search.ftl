# Поиск: поле в шапке и страница /search.
search-title = Поиск
search-site = Поиск по сайту
search-label = Что искать
search-go = Найти
search-intro = Поиск по документам во всех языковых версиях, заседаниям, пунктам повестки дня и публикациям, на русском или английском языке: любая форма слова находит остальные.
search-count = { $count ->
    [one] По запросу «{ $query }» найден { $count } результат
    [few] По запросу «{ $query }» найдено { $count } результата
   *[other] По запросу «{ $query }» найдено { $count } результатов
}
search-count-capped = По запросу «{ $query }» найдено более { $count } результатов; показаны первые { $count }.
search-none = По запросу «{ $query }» ничего не найдено.
search-only-common-words = Запрос «{ $query }» состоит только из слишком общеупотребительных слов; уточните его.
search-pages = Страницы результатов
search-previous = Предыдущие результаты
search-next = Следующие результаты
search-kind-document = Документ
search-kind-meeting = Заседание
search-kind-agenda_item = Пункт повестки дня
search-kind-publication = Публикация
error-query_too_long = Слишком длинный запрос: не более 200 знаков.
error-query_too_many_words = Слишком много слов в запросе: не более 12.
