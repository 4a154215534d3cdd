"""Leftovers of machine or LLM translation, found as patterns in every shipped language.

A prompt echo is a "translate" verb, an object ("the following", "ce qui suit", "das Folgende",
"lo siguiente") and a colon or a target language ("… into German", "… ins Deutsche"). Engines mix
languages ("Translatez ceci en français :", an English prompt left on a Spanish page), so the
verbs, objects and prepositions of all languages combine freely. Labels ("Translation:",
"Traduction française :"), "here is the translation", "can be translated as", assistant chatter
("As an AI language model") and quotes or code fences around a whole segment are found too.
"""

from __future__ import annotations

import re

# Imperative (and infinitive) "translate" verbs, as prompts write them.
_VERBS = (r"translate|translatez|traduis|traduisez|traduire|übersetze|übersetzen(?:\s+sie)?|"
          r"übersetz|traduce|traduzca|traducir|traduci|traducete|tradurre|traduza|traduz|"
          r"traduzir|vertaal|vertaalt|vertalen|przetłumacz|przetłumaczcie|переведи|переведите")
# What the prompt asks to translate.
_OBJECTS = (r"the\s+following|this|these|it|ce\s+qui\s+suit|ceci|cela|ce\s+texte|le\s+texte|"
            r"la\s+phrase|le\s+suivant|(?:das|den|die)\s+folgenden?|folgendes|dies(?:e|en|es)?|"
            r"lo\s+siguiente|el\s+siguiente|esto|este|esta|il\s+seguente|quanto\s+segue|"
            r"questo|questa|ciò\s+che\s+segue|o\s+seguinte|a\s+seguinte|isto|isso|este|"
            r"het\s+volgende|dit|de\s+volgende|poniższy|poniższe|następujący|to|"
            r"следующее|следующий|это")
_NOUNS = (r"text|sentence|paragraph|passage|texte|phrase|paragraphe|passage|text|satz|absatz|"
          r"abschnitt|texto|frase|párrafo|testo|paragrafo|parágrafo|tekst|zin|alinea|"
          r"tekst|zdanie|akapit|текст|предложение")
_INTO = r"into|to|in|en|au|ins|auf|in\s+das|nach|al|a|para(?:\s+o)?|em|naar|na|на"
_NAMES = (r"english|german|french|spanish|italian|portuguese|dutch|polish|russian|japanese|"
          r"chinese|korean|arabic|hindi|anglais|allemand|français|espagnol|italien|portugais|"
          r"néerlandais|polonais|russe|japonais|chinois|coréen|arabe|"
          r"englische|deutsche|französische|spanische|italienische|portugiesische|"
          r"niederländische|polnische|russische|englisch|deutsch|französisch|spanisch|"
          r"italienisch|portugiesisch|inglés|alemán|francés|español|italiano|portugués|"
          r"neerlandés|polaco|ruso|inglese|tedesco|francese|spagnolo|portoghese|olandese|"
          r"polacco|russo|inglês|alemão|francês|espanhol|português|holandês|polonês|"
          r"engels|duits|frans|spaans|italiaans|portugees|nederlands|pools|russisch|"
          r"angielski|niemiecki|francuski|hiszpański|włoski|portugalski|polski|"
          r"английский|немецкий|французский|испанский|итальянский|португальский|русский")
_LABELS = (r"translation|translated\s+text|traduction|texte\s+traduit|übersetzung|"
           r"übersetzter\s+text|traducción|texto\s+traducido|traduzione|testo\s+tradotto|"
           r"tradução|texto\s+traduzido|vertaling|vertaalde\s+tekst|tłumaczenie|przekład|"
           r"перевод|翻訳|訳文|翻译|译文|翻譯|번역|الترجمة|ترجمة|अनुवाद")
_HERE = (r"here(?:'s|’s|\s+is)\s+(?:the|your|a|my)\s+(?:\w+\s+){0,2}?translation|"
         r"voici\s+(?:la|une|ma|votre)\s+(?:\w+\s+){0,2}?traduction|"
         r"hier\s+ist\s+(?:die|eine|meine|ihre)\s+(?:\w+\s+){0,2}?übersetzung|"
         r"aquí\s+(?:está|tienes|tiene)\s+(?:la|una|su|tu)\s+(?:\w+\s+){0,2}?traducción|"
         r"ecco\s+(?:la|una|la\s+tua)\s+(?:\w+\s+){0,2}?traduzione|"
         r"aqui\s+está\s+(?:a|uma|sua)\s+(?:\w+\s+){0,2}?tradução|"
         r"hier\s+is\s+de\s+(?:\w+\s+){0,2}?vertaling|oto\s+(?:\w+\s+)?tłumaczenie|"
         r"вот\s+(?:\w+\s+)?перевод|以下は.{0,15}翻訳|以下是.{0,15}翻译|以下是.{0,15}翻譯|"
         r"다음은.{0,15}번역|إليك\s+الترجمة|यह(?:ाँ)?\s+.{0,20}अनुवाद\s+है")
_RENDERED_AS = (r"can\s+be\s+translated\s+(?:(?:in)?to\s+\w+\s+)?as\b|"
                r"(?:peut|pourrait)\s+(?:être|se)\s+tradui(?:t|te|re)\s+(?:en\s+\w+\s+)?"
                r"(?:par|comme)\s*:|"
                r"(?:kann|könnte)\s+(?:\w+\s+){0,3}(?:als|mit)\s+(?:\w+\s+){0,3}übersetzt\s+"
                r"werden\s*:|übersetzt\s+(?:werden\s+)?als\s*:|"
                r"(?:se\s+)?puede\s+traducir(?:se)?\s+(?:al\s+\w+\s+)?como\s*:|"
                r"(?:può\s+essere\s+tradott[oa]|si\s+può\s+tradurre)\s+(?:in\s+\w+\s+)?come\s*:|"
                r"pode\s+ser\s+traduzid[oa]\s+(?:para\s+o\s+\w+\s+)?como\s*:|"
                r"kan\s+(?:worden\s+)?vertaald\s+(?:worden\s+)?als\s*:")
_CHATTER = (r"as\s+an\s+ai(?:\s+language\s+model)?\b|i\s+cannot\s+translate|"
            r"(?:sure|certainly|of\s+course)[!,.]\s+here|"
            r"en\s+tant\s+qu[e']\s*(?:modèle\s+de\s+langage|ia)\b|"
            r"als\s+(?:ki-)?sprachmodell|como\s+(?:un\s+)?modelo\s+de\s+lenguaje|"
            r"come\s+(?:un\s+)?modello\s+(?:di\s+linguaggio|linguistico)|"
            r"como\s+(?:um\s+)?modelo\s+de\s+linguagem")
# Prompts in languages whose word order the combination above does not cover.
_ECHOES = (r"以下.{0,10}(?:を|の).{0,10}に翻訳|(?:将|把|请把)?以下.{0,10}翻[译譯]成|"
           r"다음.{0,10}(?:을|를).{0,10}로\s*번역|ترجم\s+(?:ما\s+يلي|النص\s+التالي)|"
           r"निम्नलिखित\s+.{0,30}अनुवाद\s+कर")

_ECHO = (rf"\b(?:{_VERBS})\s+(?:{_OBJECTS})(?:\s+(?:{_NOUNS}))?"
         rf"(?:\s*[:：]|\s+(?:{_INTO})\s+(?:(?:the|le|la|l'|el|lo|il|o|de|het)\s*)?"
         rf"(?:{_NAMES})\b|\s+(?:{_INTO})\s+\w+(?:\s+\w+)?\s*[:：])|"
         rf"\b(?:{_VERBS})\s+(?:{_INTO})\s+(?:(?:the|le|la|l'|el|lo|il|o|de|het)\s*)?"
         rf"(?:{_NAMES})\s*[:：]")
_LABEL = (rf"^\W{{0,3}}(?:[^\W\d_]+\s+){{0,2}}?(?:{_LABELS})(?:\s+[^\W\d_]+){{0,3}}"
          rf"(?:\s*\([^)]{{0,30}}\))?\s*[:：]")

_KINDS = (("prompt echo", re.compile(rf"(?i){_ECHO}|{_ECHOES}")),
          ("translation label", re.compile(rf"(?i){_LABEL}")),
          ("assistant reply", re.compile(rf"(?i){_HERE}|{_CHATTER}")),
          ("explanation", re.compile(rf"(?i){_RENDERED_AS}")))

_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "'": "'", "「": "」", "『": "』",
          "‹": "›", "”": "”", "»": "«"}
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def find_leftover(text: str) -> tuple[str, str] | None:
    """(kind, the matched text) of the first leftover in ``text``, if any."""
    for kind, pattern in _KINDS:
        match = pattern.search(text)
        if match:
            return kind, match.group(0).strip()
    return None


def leftover_kinds(text: str) -> set[str]:
    """Which kinds of leftover ``text`` has (a source that discusses translation has some)."""
    return {kind for kind, pattern in _KINDS if pattern.search(text)}


def wrapped(source: str, target: str) -> str | None:
    """'quotes' or 'a code fence' when the target wraps a whole segment that the source does
    not."""
    src, tgt = source.strip(), target.strip()
    if _FENCE.match(tgt) and not _FENCE.match(src):
        return "a code fence"
    if len(tgt) < 3 or len(src) < 3:
        return None
    closing = _PAIRS.get(tgt[0])
    if closing is None or tgt[-1] != closing or src[0] in _PAIRS:
        return None
    inner = tgt[1:-1]
    # "«Oui», dit-elle, «non»" quotes two pieces, not the segment.
    if tgt[0] in inner or closing in inner:
        return None
    return "quotes"
