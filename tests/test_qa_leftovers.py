"""Leftovers of machine or LLM translation, as patterns, in every shipped language: prompt
echoes, "Translation:" labels, assistant replies, explanations; and ordinary sentences about
translating that are not leftovers."""

from __future__ import annotations

import pytest

from translate_kit.glossary import shipped_files
from translate_kit.qa_leftovers import find_leftover, wrapped

# language → (texts that are leftovers, texts that are not)
TABLE: dict[str, tuple[list[str], list[str]]] = {
    "en": (["Translate the following to Portuguese: the towns", "Translation: the towns",
            "Here is the translation: the towns", "Sure! Here's the French version.",
            "Harbour Platform (HP) can be translated to German as: Hafenplattform",
            "As an AI language model, I cannot do that."],
           ["Translate the answer back to the original shape.",
            "Her job was to translate old logs for the museum."]),
    "fr": (["Traduisez ce qui suit en français : Les villes", "Translatez ceci en français :",
            "Traduction : Les villes côtières", "Traduction française : Les villes",
            "Voici la traduction : Les villes", "Ce terme peut être traduit par : phare"],
           ["La traduction de ce livre a pris dix ans.",
            "Cela se traduit par une baisse des coûts."]),
    "de": (["Übersetze das Folgende ins Deutsche: Die Städte",
            "Übersetzen Sie den folgenden Text ins Englische:",
            "Deutsche Übersetzung: Die Städte", "Hier ist die Übersetzung: Die Städte",
            "Als KI-Sprachmodell kann ich das nicht."],
           ["Wir müssen das in die Praxis übersetzen.",
            "Die Übersetzung der Daten erfolgt automatisch."]),
    "es": (["Traduce lo siguiente al español: Las ciudades", "Traducción: Las ciudades",
            "Traducción al español: Las ciudades", "Aquí está la traducción: Las ciudades"],
           ["Esto se traduce en mayores costos para todos.",
            "La traducción del libro llevó años."]),
    "it": (["Traduci il seguente in italiano: Le città", "Traduci quanto segue in italiano:",
            "Traduzione: Le città", "Ecco la traduzione: Le città"],
           ["Questo si traduce in un vantaggio per tutti.",
            "La traduzione del libro è stata lunga."]),
    "pt": (["Traduza o seguinte para o português: As cidades", "Tradução: As cidades",
            "Aqui está a tradução: As cidades"],
           ["Isso se traduz em economia.", "A tradução do livro levou anos."]),
    "nl": (["Vertaal de volgende tekst naar het Nederlands: De steden", "Vertaling: De steden",
            "Hier is de vertaling: De steden"],
           ["De vertaling van het boek duurde jaren."]),
    "pl": (["Przetłumacz poniższy tekst na polski: Miasta", "Tłumaczenie: Miasta",
            "Oto tłumaczenie: Miasta"],
           ["Tłumaczenie książki trwało lata."]),
    "ru": (["Переведите следующее на русский: Города", "Перевод: Города",
            "Вот перевод: Города"],
           ["Перевод книги занял годы."]),
    "ja": (["以下を日本語に翻訳してください：灯台", "翻訳：灯台", "以下は日本語の翻訳です：灯台"],
           ["この本の翻訳には何年もかかった。"]),
    "zh": (["请把以下内容翻译成中文：灯塔", "翻译：灯塔", "以下是中文翻译：灯塔"],
           ["这本书的翻译花了很多年。"]),
    "ko": (["다음을 한국어로 번역하세요: 등대", "번역: 등대", "다음은 한국어 번역입니다: 등대"],
           ["그 책의 번역은 몇 년이 걸렸다."]),
    "ar": (["ترجم ما يلي إلى العربية: المنارة", "الترجمة: المنارة", "إليك الترجمة: المنارة"],
           ["استغرقت ترجمة الكتاب سنوات."]),
    "hi": (["निम्नलिखित पाठ का हिंदी में अनुवाद करें: प्रकाशस्तंभ", "अनुवाद: प्रकाशस्तंभ"],
           ["इस पुस्तक के अनुवाद में वर्षों लगे।"]),
}

LEFTOVERS = [(lang, text) for lang, (yes, _) in TABLE.items() for text in yes]
CLEAN = [(lang, text) for lang, (_, no) in TABLE.items() for text in no]


def test_every_shipped_locale_has_cases() -> None:
    shipped = {f.name.removesuffix(".yaml") for f in shipped_files("locales")}
    assert shipped <= set(TABLE)


@pytest.mark.parametrize(("lang", "text"), LEFTOVERS)
def test_leftover_found(lang: str, text: str) -> None:
    assert find_leftover(text) is not None, f"{lang}: {text}"


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_ordinary_sentence_is_not_a_leftover(lang: str, text: str) -> None:
    assert find_leftover(text) is None, f"{lang}: {text}"


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("The towns kept their lamps.", '"Les villes ont gardé leurs lampes."', "quotes"),
    ("The towns kept their lamps.", "« Les villes ont gardé leurs lampes. »", "quotes"),
    ("The towns kept their lamps.", "„Die Städte behielten ihre Lampen.“", "quotes"),
    ("The towns kept their lamps.", "```\nLes villes ont gardé leurs lampes.\n```",
     "a code fence"),
    ('"Yes," she said.', "« Oui », dit-elle.", None),  # the source is quoted too
    ("She said yes and no.", "« Oui », dit-elle, « non ».", None),  # two quotes, not one
    ("The towns kept their lamps.", "Les villes ont gardé leurs lampes.", None),
])
def test_wrapped_segment(source: str, target: str, expected: str | None) -> None:
    assert wrapped(source, target) == expected
