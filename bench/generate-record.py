#!/usr/bin/env python3
"""Writes a made-up record of a chosen size as a scenario file (`secretariat-scenario/1`), for `secretariat import`.

The same seed and sizes give the same file, byte for byte. The file is written as it is made, record by record:
nothing but the states, cities, bodies and meeting keys is held in memory, whatever the number of documents.

    bench/generate-record.py --scale un --output un.scenario.json      # 200 states, 50 bodies, 100,000 meetings,
                                                                       # 1,000,000 documents, 10,000,000 positions
    bench/generate-record.py --documents 300 --positions 3000 > small.scenario.json

What it makes, in English and Russian: one organisation whose members are all the states, from 1991; a capital city
per state; bodies (councils of ministers, committees, working groups); meetings spread over 1995-2025; documents
(statements, decisions, declarations, reports, information notes, joint statements) of those bodies, each with a
title, one revision with an English and a Russian text of a few sentences, and the positions of some member states
on it. Names and texts are built from the word lists below, so that English and Russian search find real words in
their inflected forms ("statement", "statements"; "заявление", "заявления").

Python 3.11, standard library only.
"""

import argparse
import datetime
import json
import random
import sys

FORMAT = "secretariat-scenario/1"

PRESETS = {
    # The UN-sized record of issue 11 (goal P3).
    "un": {"states": 200, "bodies": 50, "meetings": 100_000, "documents": 1_000_000, "positions": 10_000_000},
    # The sizes CI generates and imports.
    "small": {"states": 30, "bodies": 8, "meetings": 40, "documents": 300, "positions": 3_000},
}

# Syllables of state and city names: English spelling, Russian spelling.
FIRST = [
    ("Kal", "Кал"), ("Bar", "Бар"), ("Dor", "Дор"), ("Mir", "Мир"), ("Nov", "Нов"), ("Tal", "Тал"), ("Ven", "Вен"),
    ("Lor", "Лор"), ("Sam", "Сам"), ("Tur", "Тур"), ("Zel", "Зел"), ("Gran", "Гран"), ("Mar", "Мар"), ("Ost", "Ост"),
    ("Pel", "Пел"), ("Rud", "Руд"), ("Sor", "Сор"), ("Val", "Вал"), ("Yar", "Яр"), ("Bel", "Бел"), ("Kor", "Кор"),
    ("Lin", "Лин"), ("Nar", "Нар"), ("Ser", "Сер"),
]
MIDDLE = [
    ("a", "а"), ("e", "е"), ("i", "и"), ("o", "о"), ("u", "у"), ("ado", "адо"), ("eno", "ено"), ("ima", "има"),
    ("ova", "ова"), ("una", "уна"), ("ara", "ара"), ("esi", "еси"),
]
# State endings: English, Russian nominative, Russian genitive.
STATE_ENDINGS = [
    ("nia", "ния", "нии"), ("ria", "рия", "рии"), ("stan", "стан", "стана"), ("land", "ландия", "ландии"),
    ("via", "вия", "вии"), ("dia", "дия", "дии"), ("lia", "лия", "лии"), ("tia", "тия", "тии"),
]
# City endings: English, Russian nominative, Russian prepositional.
CITY_ENDINGS = [
    ("grad", "град", "граде"), ("sk", "ск", "ске"), ("abad", "абад", "абаде"), ("pol", "поль", "поле"),
    ("burg", "бург", "бурге"), ("dar", "дар", "даре"), ("mont", "монт", "монте"), ("vik", "вик", "вике"),
]
# Forms of state: English, Russian.
STATE_FORMS = [
    ("Republic of", "Республика"), ("Kingdom of", "Королевство"), ("Federal Republic of", "Федеративная Республика"),
    ("Democratic Republic of", "Демократическая Республика"), ("Principality of", "Княжество"),
    ("Union of", "Союз"),
]
TIME_ZONES = [
    "Europe/Moscow", "Asia/Almaty", "Europe/Minsk", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Yerevan",
    "Europe/Vienna", "Europe/Tirane", "Europe/Berlin", "Europe/Paris", "America/New_York", "Asia/Tashkent",
    "Asia/Baku", "Asia/Tbilisi", "Europe/Kyiv", "Europe/Warsaw", "Africa/Nairobi", "Asia/Tokyo",
    "America/Sao_Paulo", "Australia/Sydney",
]

# Bodies: English name, Russian name, code, the role of the post that represents a state in it.
BODIES = [
    ("Council of Heads of State", "Совет глав государств", "CHS", "head_of_state"),
    ("Council of Foreign Ministers", "Совет министров иностранных дел", "CFM", "foreign_minister"),
    ("Council of Defence Ministers", "Совет министров обороны", "CDM", "defence_minister"),
    ("Committee of Secretaries of Security Councils", "Комитет секретарей советов безопасности", "CSSC",
     "security_council_secretary"),
    ("Permanent Council", "Постоянный совет", "PC", "permanent_representative"),
    ("Council of Ministers of Economy", "Совет министров экономики", "CME", "economy_minister"),
    ("Council of Ministers of Justice", "Совет министров юстиции", "CMJ", "justice_minister"),
    ("Council of Ministers of the Interior", "Совет министров внутренних дел", "CMI", "interior_minister"),
    ("Council of Ministers of Health", "Совет министров здравоохранения", "CMH", "health_minister"),
    ("Council of Ministers of Culture", "Совет министров культуры", "CMC", "culture_minister"),
    ("Council of National Coordinators", "Совет национальных координаторов", "CNC", "national_coordinator"),
    ("Parliamentary Assembly", "Парламентская ассамблея", "PA", "member_of_parliament"),
]
# What committees and working groups deal with: English, Russian (dative, after "по"), a code.
FIELDS = [
    ("Economic Affairs", "экономическим вопросам", "EA"), ("Security Affairs", "вопросам безопасности", "SA"),
    ("Humanitarian Affairs", "гуманитарным вопросам", "HA"), ("Budget and Finance", "бюджету и финансам", "BF"),
    ("Legal Affairs", "правовым вопросам", "LA"), ("Migration", "миграции", "MG"), ("Energy", "энергетике", "EN"),
    ("Transport", "транспорту", "TR"), ("Information Security", "информационной безопасности", "IS"),
    ("Emergencies", "чрезвычайным ситуациям", "EM"), ("Science and Technology", "науке и технике", "ST"),
    ("Education", "образованию", "ED"), ("Border Cooperation", "пограничному сотрудничеству", "BC"),
    ("Climate", "климату", "CL"), ("Water Resources", "водным ресурсам", "WR"),
    ("Public Health", "здравоохранению", "PH"), ("Culture", "культуре", "CU"), ("Youth", "делам молодёжи", "YO"),
    ("Trade", "торговле", "TD"), ("Statistics", "статистике", "SS"),
]
# Topics of documents: English, Russian prepositional (after "о"), Russian genitive.
TOPICS = [
    ("combating international terrorism", "борьбе с международным терроризмом", "борьбы с международным терроризмом"),
    ("the non-proliferation of weapons of mass destruction", "нераспространении оружия массового уничтожения",
     "нераспространения оружия массового уничтожения"),
    ("cooperation in the field of information security", "сотрудничестве в области информационной безопасности",
     "сотрудничества в области информационной безопасности"),
    ("countering illicit drug trafficking", "противодействии незаконному обороту наркотиков",
     "противодействия незаконному обороту наркотиков"),
    ("the situation in the region", "ситуации в регионе", "ситуации в регионе"),
    ("the budget of the organisation", "бюджете организации", "бюджета организации"),
    ("peacekeeping activities", "миротворческой деятельности", "миротворческой деятельности"),
    ("border security", "безопасности границ", "безопасности границ"),
    ("the protection of cultural heritage", "охране культурного наследия", "охраны культурного наследия"),
    ("economic cooperation", "экономическом сотрудничестве", "экономического сотрудничества"),
    ("climate change", "изменении климата", "изменения климата"),
    ("labour migration", "трудовой миграции", "трудовой миграции"),
    ("emergency response", "реагировании на чрезвычайные ситуации", "реагирования на чрезвычайные ситуации"),
    ("humanitarian assistance", "гуманитарной помощи", "гуманитарной помощи"),
    ("the fight against cybercrime", "борьбе с киберпреступностью", "борьбы с киберпреступностью"),
    ("international transport corridors", "международных транспортных коридорах",
     "международных транспортных коридоров"),
    ("energy security", "энергетической безопасности", "энергетической безопасности"),
    ("food security", "продовольственной безопасности", "продовольственной безопасности"),
    ("public health", "здравоохранении", "здравоохранения"),
    ("the rights of national minorities", "правах национальных меньшинств", "прав национальных меньшинств"),
    ("freedom of the media", "свободе средств массовой информации", "свободы средств массовой информации"),
    ("arms control", "контроле над вооружениями", "контроля над вооружениями"),
    ("the training of military personnel", "подготовке военных кадров", "подготовки военных кадров"),
    ("scientific and technical cooperation", "научно-техническом сотрудничестве",
     "научно-технического сотрудничества"),
    ("the use of water resources", "использовании водных ресурсов", "использования водных ресурсов"),
    ("the peaceful settlement of conflicts", "мирном урегулировании конфликтов", "мирного урегулирования конфликтов"),
    ("the reform of the organisation", "реформе организации", "реформы организации"),
    ("the plan of joint activities", "плане совместных мероприятий", "плана совместных мероприятий"),
    ("trade facilitation", "упрощении процедур торговли", "упрощения процедур торговли"),
    ("education and youth exchanges", "образовании и молодёжных обменах", "образования и молодёжных обменов"),
]
# Kinds of document: the kind, English title, Russian title (followed by "о"/"об" and a prepositional topic).
KINDS = [
    ("statement", "Statement on", "Заявление"), ("decision", "Decision on", "Решение"),
    ("declaration", "Declaration on", "Декларация"), ("report", "Report on", "Доклад"),
    ("information_note", "Information note on", "Информационная справка"),
    ("joint_statement", "Joint statement on", "Совместное заявление"),
]
KIND_CODES = {"statement": "stm", "decision": "dec", "declaration": "decl", "report": "rep",
              "information_note": "inf", "joint_statement": "jst"}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
# Sentences of a document's text, English and Russian, with the slots each fills.
SENTENCES = [
    ("The member states reaffirm the importance of {topic}.",
     "Государства-члены подтверждают важность {topic_gen}."),
    ("The ministers discussed questions of {topic} and exchanged views on {other}.",
     "Министры обсудили вопросы {topic_gen} и обменялись мнениями {about_other}."),
    ("The Council notes the progress made on {topic} since its previous meeting.",
     "Совет отмечает прогресс в вопросах {topic_gen}, достигнутый со времени предыдущего заседания."),
    ("The Secretariat is requested to prepare a report on {other} by {date}.",
     "Секретариату поручено подготовить доклад {about_other} к {date_ru}."),
    ("The statements of the delegations of {state} and {state2} were taken into account.",
     "Были учтены заявления делегаций {state_gen} и {state2_gen}."),
    ("The draft statement was circulated to the delegations and agreed at the meeting in {city}.",
     "Проект заявления был разослан делегациям и согласован на заседании в {city_prep}."),
    ("The member states call for closer cooperation in the field of {topic}.",
     "Государства-члены призывают к более тесному сотрудничеству в области {topic_gen}."),
    ("The decision enters into force on the date of its signature.",
     "Решение вступает в силу с даты его подписания."),
    ("The delegation of {state} made a statement on {other}.",
     "Делегация {state_gen} выступила с заявлением {about_other}."),
    ("The parties agreed to continue consultations on {topic} at the level of experts.",
     "Стороны договорились продолжить консультации по вопросам {topic_gen} на уровне экспертов."),
]
RESERVATIONS = [
    ("reserves its position on paragraph {n} pending consultations in the capital",
     "оставляет за собой позицию по пункту {n} до консультаций в столице"),
    ("reads paragraph {n} as without prejudice to its national legislation",
     "понимает пункт {n} как не затрагивающий её национальное законодательство"),
]
OBJECTIONS = [
    ("cannot join the consensus on paragraph {n}", "не может присоединиться к консенсусу по пункту {n}"),
    ("objects to the wording of paragraph {n}", "возражает против формулировки пункта {n}"),
]
VOWELS_RU = "аеёиоуыэюя"
FIRST_DAY = datetime.date(1995, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days


def about(topic_prep):
    """`о` or `об` before a Russian prepositional phrase."""
    return "об" if topic_prep[0] in VOWELS_RU else "о"


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class Writer:
    """Writes the top-level object of the scenario one section and one record at a time."""

    def __init__(self, out):
        self.out = out
        self.sections = 0
        self.records = 0

    def start(self):
        self.out.write('{\n  "format": ' + dumps(FORMAT))

    def section(self, name, records):
        self.out.write(",\n  " + dumps(name) + ": [")
        first = True
        for record in records:
            self.out.write(("\n    " if first else ",\n    ") + dumps(record))
            first = False
            self.records += 1
        self.out.write("\n  ]" if not first else "]")

    def end(self):
        self.out.write("\n}\n")


def names(rng, count, endings, what):
    """`count` distinct made-up names (English, Russian, Russian inflected form)."""
    made, seen = [], set()
    while len(made) < count:
        first, middle, ending = rng.choice(FIRST), rng.choice(MIDDLE), rng.choice(endings)
        en = first[0] + middle[0] + ending[0]
        if en in seen:
            if len(seen) >= len(FIRST) * len(MIDDLE) * len(endings):
                sys.exit(f"generate-record: at most {len(seen)} distinct {what} names")
            continue
        seen.add(en)
        made.append((en, first[1] + middle[1] + ending[1], first[1] + middle[1] + ending[2]))
    return made


def state_codes(rng, state_names):
    """A distinct two-letter code per state: from its name's letters where free, else any free pair."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if len(state_names) > len(letters) ** 2:
        sys.exit(f"generate-record: at most {len(letters) ** 2} states (two-letter codes)")
    taken, codes = set(), []
    for en, _, _ in state_names:
        upper = en.upper()
        candidates = [upper[0] + c for c in upper[1:] if c in letters]
        candidates += [a + b for a in letters for b in letters]
        code = next(c for c in candidates if c not in taken)
        taken.add(code)
        codes.append(code)
    return codes


def slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def make_states(rng, count):
    state_names = names(rng, count, STATE_ENDINGS, "state")
    codes = state_codes(rng, state_names)
    states = []
    for code, (en, ru, ru_gen) in zip(codes, state_names):
        form_en, form_ru = rng.choice(STATE_FORMS)
        states.append({"code": code, "en": en, "ru": ru, "ru_gen": ru_gen, "official": (form_en, form_ru)})
    return states


def make_cities(rng, states):
    city_names = names(rng, len(states), CITY_ENDINGS, "city")
    cities = []
    for state, (en, ru, ru_prep) in zip(states, city_names):
        cities.append({"key": slug(en), "state": state["code"], "zone": rng.choice(TIME_ZONES), "en": en, "ru": ru,
                       "ru_prep": ru_prep})
    return cities


def make_bodies(count):
    bodies = [{"en": en, "ru": ru, "code": code, "role": role} for en, ru, code, role in BODIES]
    for prefix_en, prefix_ru, code_prefix in [("Committee on", "Комитет по", "C"),
                                             ("Working Group on", "Рабочая группа по", "WG")]:
        for en, ru, code in FIELDS:
            bodies.append({"en": f"{prefix_en} {en}", "ru": f"{prefix_ru} {ru}", "code": code_prefix + code,
                           "role": "expert"})
    base = list(bodies)
    n = 2
    while len(bodies) < count:
        for b in base:
            bodies.append({"en": f"{b['en']} ({n})", "ru": f"{b['ru']} ({n})", "code": f"{b['code']}{n}",
                           "role": b["role"]})
        n += 1
    return bodies[:count]


def day(rng):
    return FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))


def instant(d, rng):
    """An instant on day `d`, in office hours (UTC)."""
    return f"{d.isoformat()}T{rng.randrange(6, 18):02d}:{rng.choice((0, 15, 30, 45)):02d}:00Z"


def text(rng, states, cities, topic, d, sentences):
    """A paragraph of a few sentences, in English and in Russian."""
    en, ru = [], []
    for _ in range(sentences):
        template_en, template_ru = rng.choice(SENTENCES)
        other = rng.choice(TOPICS)
        s1, s2 = rng.sample(states, 2)
        city = rng.choice(cities)
        due = d + datetime.timedelta(days=rng.randrange(30, 400))
        en.append(template_en.format(
            topic=topic[0], other=other[0], state=s1["en"], state2=s2["en"], city=city["en"],
            date=f"{due.day} {MONTHS_EN[due.month - 1]} {due.year}"))
        ru.append(template_ru.format(
            topic_gen=topic[2], state_gen=s1["ru_gen"], state2_gen=s2["ru_gen"],
            about_other=f"{about(other[1])} {other[1]}", city_prep=city["ru_prep"],
            date_ru=f"{due.day} {MONTHS_RU[due.month - 1]} {due.year} года"))
    return " ".join(en), " ".join(ru)


def position(rng, state, at):
    roll = rng.random()
    n = rng.randrange(1, 12)
    if roll < 0.5:
        return {"revision": 0, "state": state, "position": "no_objection", "at": at}
    if roll < 0.8:
        return {"revision": 0, "state": state, "position": "support", "at": at}
    if roll < 0.9:
        en, ru = rng.choice(RESERVATIONS)
        words = f"{en.format(n=n)} / {ru.format(n=n)}"
        return {"revision": 0, "state": state, "position": "reservation", "text": words, "at": at}
    if roll < 0.95:
        return {"revision": 0, "state": state, "position": "non_participation", "at": at}
    en, ru = rng.choice(OBJECTIONS)
    return {"revision": 0, "state": state, "position": "objection", "text": f"{en.format(n=n)} / {ru.format(n=n)}",
            "at": at}


def documents(rng, sizes, org, states, cities, bodies):
    count, positions = sizes["documents"], sizes["positions"]
    codes = [s["code"] for s in states]
    for i in range(count):
        kind, title_en, title_ru = rng.choice(KINDS)
        topic = rng.choice(TOPICS)
        body = rng.choice(bodies)
        d = day(rng)
        circulated = instant(d, rng)
        original = rng.choice(("ru", "en"))
        sponsors = sorted(rng.sample(codes, rng.randrange(1, 4))) if rng.random() < 0.8 else ["secretariat"]
        en, ru = text(rng, states, cities, topic, d, rng.randrange(3, 6))
        taking = positions // count + (1 if i < positions % count else 0)
        later = d + datetime.timedelta(days=rng.randrange(1, 60))
        yield {
            "document": {
                "key": f"{body['code'].lower()}-{d.year}-{KIND_CODES[kind]}-{i + 1}",
                "organisation": org,
                "body": body["code"],
                "kind": kind,
                "title": {"en": f"{title_en} {topic[0]}", "ru": f"{title_ru} {about(topic[1])} {topic[1]}"},
                "sponsors": sponsors,
                "original_language": original,
                "visibility": "public" if rng.random() < 0.9 else "members",
            },
            "status": "circulated",
            "circulated_at": circulated,
            "revisions": [{"created_at": circulated, "texts": [
                {"language": "en", "status": "draft" if original == "en" else "translated", "text": en},
                {"language": "ru", "status": "draft" if original == "ru" else "translated", "text": ru},
            ]}],
            "positions": [position(rng, s, instant(later, rng)) for s in sorted(rng.sample(codes, taking))],
        }


def meetings(rng, count, org, cities, bodies):
    for i in range(count):
        body = bodies[i % len(bodies)]
        city = rng.choice(cities)
        d = day(rng)
        length = rng.randrange(0, 3)
        yield {
            "key": f"{body['code'].lower()}-{d.isoformat()}-{city['key']}-{i + 1}",
            "organisation": org,
            "body": body["code"],
            "kind": "regular" if rng.random() < 0.85 else "extraordinary",
            "city": city["key"],
            "starts_on": d.isoformat(),
            "ends_on": (d + datetime.timedelta(days=length)).isoformat(),
            "mode": rng.choice(("in_person", "in_person", "in_person", "online", "hybrid")),
            "status": "held",
        }


def generate(out, seed, sizes):
    if sizes["states"] < 2 or sizes["bodies"] < 1:
        sys.exit("generate-record: at least 2 states and 1 body")
    if sizes["documents"] and sizes["positions"] > sizes["documents"] * sizes["states"]:
        sys.exit("generate-record: at most one position per state and document (--positions ≤ documents × states)")
    rng = random.Random(seed)
    states = make_states(rng, sizes["states"])
    cities = make_cities(rng, states)
    bodies = make_bodies(sizes["bodies"])
    org = "UCN"
    w = Writer(out)
    w.start()
    w.section("notes", [f"Made up by bench/generate-record.py with seed {seed}: "
                        + ", ".join(f"{v} {k}" for k, v in sizes.items()) + "; no fact in it is real."])
    w.records = 0
    w.section("states", ({"code": s["code"], "name": {"en": s["en"], "ru": s["ru"]},
                          "official_name": {"en": f"{s['official'][0]} {s['en']}",
                                            "ru": f"{s['official'][1]} {s['ru']}"}} for s in states))
    w.section("cities", ({"key": c["key"], "state": c["state"], "time_zone": c["zone"],
                          "names": [{"name": {"en": c["en"], "ru": c["ru"]},
                                     "forms": {"ru": {"prepositional": c["ru_prep"]}}}]} for c in cities))
    w.section("organisations", [{
        "code": org,
        "name": {"en": "Union of Cooperating Nations", "ru": "Союз сотрудничающих государств"},
        "abbreviation": {"en": "UCN", "ru": "ССГ"},
        "languages": ["en", "ru"],
        "authentic_languages": ["en", "ru"],
        "chairmanship": {"rotation": [s["code"] for s in states], "anchor": {"term": 2000, "state": states[0]["code"]},
                         "top_body": bodies[0]["code"], "changeovers": [{"from_term": 1991, "rule": "on_january_1"}]},
    }])
    w.section("memberships", ({"organisation": org, "state": s["code"], "kind": "member", "from": "1991-12-21"}
                              for s in states))
    w.section("bodies", ({"organisation": org, "code": b["code"], "name": {"en": b["en"], "ru": b["ru"]},
                          "representative_role": b["role"],
                          "chair_rule": "host_state" if i == 0 else "chairing_state", "decision_rule": "consensus",
                          "regular_meetings_per_year": 1 if i == 0 else 2} for i, b in enumerate(bodies)))
    w.section("meetings", meetings(random.Random(f"{seed}/meetings"), sizes["meetings"], org, cities, bodies))
    w.section("documents", documents(random.Random(f"{seed}/documents"), sizes, org, states, cities, bodies))
    w.end()
    return w.records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same file (default 1)")
    parser.add_argument("--scale", choices=sorted(PRESETS), help="a preset of sizes, which the options below change")
    for name, default in PRESETS["small"].items():
        parser.add_argument(f"--{name}", type=int, help=f"how many {name} (default {default})")
    parser.add_argument("--output", "-o", help="the file to write (default: standard output)")
    args = parser.parse_args()
    sizes = dict(PRESETS[args.scale or "small"])
    for name in sizes:
        if getattr(args, name) is not None:
            sizes[name] = getattr(args, name)
        if sizes[name] < 0:
            sys.exit(f"generate-record: --{name} cannot be negative")
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            records = generate(out, args.seed, sizes)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        records = generate(sys.stdout, args.seed, sizes)
    print(f"generate-record: {records} records, {sizes['documents']} documents, {sizes['positions']} positions",
          file=sys.stderr)


if __name__ == "__main__":
    main()
