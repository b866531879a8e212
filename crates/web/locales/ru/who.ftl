## Кто есть кто: страницы государства, органа и лица; ротация председательства; реестры организации.

rotation-heading = Председательство по годам
rotation-terms = Сроки по порядку
rotation-note = Срок с пометкой «по порядку ротации» выведен из порядка ротации; срок «по решению» записан иначе.
rotation-none = По записям нельзя вывести ни одного срока председательства.
rotation-current = (сейчас)
rotation-source-derived = (по порядку ротации)
rotation-source-set = (по решению)

registers-heading = Реестры
registers-documents = Реестр документов
registers-plans = Планы
registers-statements-lists = Перечни заявлений
registers-legal-basis = Правовая база

body-next = Следующее заседание:
body-no-next = не запланировано
body-meets = { $count ->
    [0] собирается по мере необходимости
    [1] собирается раз в год
    [2] собирается два раза в год
    [one] собирается { $count } раз в год
    [few] собирается { $count } раза в год
   *[many] собирается { $count } раз в год
}
body-year-count = { $required ->
    [0] { $count ->
        [one] { $count } очередное заседание
        [few] { $count } очередных заседания
       *[many] { $count } очередных заседаний
    }
    [1] { $count } из одного очередного заседания
   *[other] { $count } из { $required } очередных заседаний
}
body-cadence-label = Периодичность
body-cadence-check = Периодичность по годам
body-cadence-none = Заседания не записаны, проверять нечего.
body-cadence-met = соответствует периодичности
body-cadence-short = меньше положенного
body-parents = Вышестоящий орган
body-prepares-for = Готовит проекты для
body-prepared-by = Проекты готовит
body-below = Подчинённые органы
body-chair-rotation = Представитель председательствующего государства ({ $state }), срок { $term } { $source }
body-chair-no-term = Срок председательства на сегодня не записан.
body-chair-states = Председательствуют представители государств, закреплённых за органом, независимо от ротации.
body-chair-host = Председательствует представитель государства, на территории которого проводится заседание.
body-chair-office = В органе председательствует лицо, занимающее эту должность.
body-chair-election = Председатель избирается на каждом заседании.
body-documents-all = Документы органа в реестре ({ $count })
body-calendar = Заседания органа в календаре (iCalendar)

state-memberships = Членство
state-no-memberships = Участие в организациях не записано.
state-chairmanships = Председательство
state-no-chairmanships = В записанные годы порядок ротации не отводит этому государству срока председательства.
state-people = Должностные лица
state-no-people = Должности этого государства не записаны.
state-delegations = Делегации на заседаниях
state-no-delegations = Делегации этого государства не записаны.
state-documents = Внесённые документы
state-no-documents = Документы не записаны.
state-documents-all = Документы государства в реестре ({ $count })

person-name-until = До { $day } — { $name }
person-posts = Должности
person-no-posts = Должности не записаны.
person-chaired-heading = Председательство на заседаниях
person-meetings = Участие в заседаниях
person-no-meetings = Участие в делегациях не записано.
person-in-delegation = Делегация:
person-as-head = (глава делегации)
person-as-member = (член делегации)
person-chaired-derived = Председатель заседания (по председательству государства и правилу органа)
person-chaired-set = Председатель заседания (записано для этого заседания)
