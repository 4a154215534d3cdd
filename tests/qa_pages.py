"""Hand-written episode pages (our own text) and their translations, for measuring QA precision.

Each translation lists the findings a careful reviewer expects, by (line, check), each marked
True (a real problem a maintainer would act on) or False (a finding we accept as noise). Any
finding not listed counts as a false one. The translations use the forms readers accept:
inflected and compounded renderings, elided articles, hyphenated compounds, numbers written
the local way, decades and ordinals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate_kit.glossary import Glossary, Term

GLOSSARY = Glossary((
    Term("Valdora", keep=True),
    Term("Harbour Light", keep=True),
    Term("DevOps", keep=True),
    Term("API", keep=True, variants=("APIs",)),
    Term("data management", case_sensitive=False, translations={
        "de": "Datenmanagement", "fr": "gestion des données", "es": "gestión de datos",
        "it": "gestione dei dati", "pt": "gestão de dados"}),
    Term("machine learning", case_sensitive=False, translations={
        "de": "maschinelles Lernen", "fr": "apprentissage automatique",
        "es": "aprendizaje automático", "it": "apprendimento automatico",
        "pt": "aprendizado de máquina"}),
    Term("generative AI", case_sensitive=False, translations={
        "de": "generative KI", "fr": "IA générative", "es": "IA generativa",
        "it": "IA generativa", "pt": "IA generativa"}),
))


@dataclass(frozen=True)
class Labelled:
    """A translation of one source page, with its expected findings labelled."""

    source: str
    lang: str
    text: str
    expected: dict[tuple[int, str], bool] = field(default_factory=dict)


def _page(title: str, summary: str, parent: str, body: str, number: int = 7) -> str:
    return (f'---\ntitle: "{title}"\nsummary: "{summary}"\nparent: {parent}\n'
            f"number: {number}\ndate: 2024-03-05T07:00:00.000Z\n---\n\n{body}")


HARBOUR = _page(
    "Data management at Harbour Light",
    "How the Valdora team rebuilt data management for 1,200 lighthouses.",
    "Episodes",
    "# Data management at sea\n\n"
    "The Valdora team spent 12 years on data management for the coast. They started in the "
    "late nineties, when the first sensors arrived.\n\n"
    "Today 1,200 lighthouses send readings through one API every 2.5 seconds, and the DevOps "
    "community keeps the pipeline running.\n\n"
    "Machine learning now predicts storms from those readings, and generative AI writes the "
    "first draft of every incident report.\n\n"
    "Read the full report at https://example.org/harbour/report before the next episode.\n")

HARBOUR_PAGES = [
    Labelled(HARBOUR, "de", _page(
        "Datenmanagement bei Harbour Light",
        "Wie das Valdora-Team das Datenmanagement für 1.200 Leuchttürme neu aufgebaut hat.",
        "Episoden",
        "# Datenmanagement auf See\n\n"
        "Das Valdora-Team hat 12 Jahre lang am Datenmanagement der Küste gearbeitet. Es begann "
        "Ende der 90er Jahre, als die ersten Sensoren kamen.\n\n"
        "Heute senden 1.200 Leuchttürme alle 2,5 Sekunden Messwerte über eine API, und die "
        "DevOps-Gemeinschaft hält die Pipeline am Laufen.\n\n"
        "Maschinelles Lernen sagt heute Stürme aus diesen Messwerten voraus, und generative KI "
        "schreibt den ersten Entwurf jedes Störungsberichts.\n\n"
        "Lesen Sie den ganzen Bericht unter https://example.org/harbour/report vor der "
        "nächsten Folge.\n")),
    Labelled(HARBOUR, "fr", _page(
        "La gestion des données à Harbour Light",
        "Comment l'équipe Valdora a refait la gestion des données de 1 200 phares.",
        "Épisodes",
        "# La gestion des données en mer\n\n"
        "L'équipe Valdora a consacré 12 ans à la gestion des données de la côte. Elle a "
        "commencé à la fin des années 90, quand les premiers capteurs sont arrivés.\n\n"
        "Aujourd'hui, 1 200 phares envoient leurs mesures par une seule API toutes les 2,5 "
        "secondes, et la communauté DevOps fait tourner la chaîne.\n\n"
        "L'apprentissage automatique prévoit désormais les tempêtes à partir de ces mesures, "
        "et l'IA générative rédige la première version de chaque rapport d'incident.\n\n"
        "Lisez le rapport complet sur https://example.org/harbour/report avant le prochain "
        "épisode.\n")),
    Labelled(HARBOUR, "es", _page(
        "La gestión de datos en Harbour Light",
        "Cómo el equipo de Valdora rehízo la gestión de datos de 1.200 faros.",
        "Episodios",
        "# Gestión de datos en el mar\n\n"
        "El equipo de Valdora dedicó 12 años a la gestión de datos de la costa. Empezó a "
        "finales de los años 90, cuando llegaron los primeros sensores.\n\n"
        "Hoy 1.200 faros envían lecturas por una sola API cada 2,5 segundos, y la comunidad "
        "DevOps mantiene la canalización en marcha.\n\n"
        "El aprendizaje automático predice ahora las tormentas a partir de esas lecturas, y la "
        "inteligencia artificial escribe el primer borrador de cada informe de incidentes.\n\n"
        "Lea el informe completo en https://example.org/harbour/report antes del próximo "
        "episodio.\n"),
        {(15, "rendering-not-used"): True}),  # "generative AI" lost its rendering
    Labelled(HARBOUR, "it", _page(
        "La gestione dei dati a Harbour Light",
        "Come il team Valdora ha rifatto la gestione dei dati di 1.200 fari.",
        "Episódios",
        "# La gestione dei dati in mare\n\n"
        "Il team Valdora ha dedicato 12 anni alla gestione dei dati della costa. Ha iniziato "
        "alla fine degli anni '90, quando sono arrivati i primi sensori.\n\n"
        "Oggi 1.200 fari inviano letture attraverso un'unica API ogni 2,5 secondi, e la "
        "comunità DevOps tiene in funzione la pipeline.\n\n"
        "L'apprendimento automatico ora prevede le tempeste da quelle letture, e l'IA "
        "generativa scrive la prima bozza di ogni rapporto sugli incidenti.\n\n"
        "Leggete il rapporto completo su https://example.org/harbour/report prima della "
        "prossima puntata.\n"),
        {(4, "locale-value"): True}),  # Portuguese parent on an Italian page
    Labelled(HARBOUR, "pt", _page(
        "A gestão de dados na Harbour Light",
        "Como a equipe Valdora refez a gestão de dados de 1.200 faróis.",
        "Episódios",
        "# Gestão de dados no mar\n\n"
        "A equipe Valdora dedicou 12 anos à gestão de dados da costa. Começou no final dos "
        "anos 90, quando chegaram os primeiros sensores.\n\n"
        "Hoje 1.200 faróis enviam leituras por uma única API a cada 2,5 segundos, e a "
        "comunidade DevOps mantém o pipeline funcionando.\n\n"
        "O aprendizado de máquina agora prevê tempestades a partir dessas leituras, e a IA "
        "generativa escreve o primeiro rascunho de cada relatório de incidentes.\n\n"
        "Leia o relatório completo em https://example.org/harbour/report antes do próximo "
        "episódio.\n")),
]

SCHOOLS = _page(
    "Lamps in K-12 schools",
    "Ada Marin takes the lamp kits to K-12 classrooms.",
    "Episodes",
    "## From the tower to the classroom\n\n"
    "Ada Marin has visited 46 schools since 2019. Her kits cost $300 each, and the "
    "**Valdora** grant paid for the first 150.\n\n"
    "Pupils in the 12th grade build a small lamp and program it through the kit's APIs.\n\n"
    "> Every child should see a lighthouse from the inside once.\n\n"
    "- 46 schools\n- 150 kits\n- 3 teachers per school\n\n"
    "Watch the [workshop video](https://example.org/video/12) with the "
    "`lamp --demo` command.\n", number=8)

SCHOOL_PAGES = [
    Labelled(SCHOOLS, "fr", _page(
        "Des phares dans les écoles, de la maternelle à la 12e année",
        "Ada Marin apporte les kits de lampe dans les classes de la maternelle à la 12e année.",
        "Épisodes",
        "## De la tour à la salle de classe\n\n"
        "Ada Marin a visité 46 écoles depuis 2019. Ses kits coûtent 300 $ chacun, et la bourse "
        "**Valdora** a payé les 150 premiers.\n\n"
        "Les élèves de 12e année construisent une petite lampe et la programment avec les API "
        "du kit.\n\n"
        "> Chaque enfant devrait voir un phare de l'intérieur au moins une fois.\n\n"
        "- 46 écoles\n- 150 kits\n- 3 enseignants par école\n\n"
        "Regardez la [vidéo de l'atelier](https://example.org/video/12) avec la commande "
        "`lamp --demo`.\n", number=8)),
    Labelled(SCHOOLS, "de", _page(
        "Lampen in Schulen von K-12",
        "Ada Marin bringt die Lampenbausätze in die Klassen von K-12.",
        "Episoden",
        "## Vom Turm ins Klassenzimmer\n\n"
        "Ada Marin hat seit 2019 64 Schulen besucht. Ihre Bausätze kosten je 300 $, und das "
        "Valdora-Stipendium bezahlte die ersten 150.\n\n"
        "Schüler der 12. Klasse bauen eine kleine Lampe und programmieren sie über die APIs "
        "des Bausatzes.\n\n"
        "> Jedes Kind sollte einmal einen Leuchtturm von innen sehen.\n\n"
        "- 46 Schulen\n- 150 Bausätze\n- 3 Lehrkräfte pro Schule\n\n"
        "Sehen Sie sich das [Video vom Workshop](https://example.org/video/12) mit dem Befehl "
        "lamp --demo an.\n", number=8),
        {(11, "number"): True,  # 46 became 64
         (11, "emphasis"): True,  # **Valdora** lost its bold
         (21, "code"): True}),  # the command lost its code span
    Labelled(SCHOOLS, "es", _page(
        "Faros en las escuelas K-12",
        "Ada Marin lleva los kits de faro a las aulas K-12.",
        "Episodios",
        "## De la torre al aula\n\n"
        "Ada Marin ha visitado 46 escuelas desde 2019. Sus kits cuestan 300 $ cada uno, y la "
        "beca **Valdora** pagó los primeros 150.\n\n"
        "Los alumnos de 12.º grado construyen una pequeña lámpara y la programan con las API "
        "del kit.\n\n"
        "> Todo niño debería ver un faro por dentro una vez.\n\n"
        "- 46 escuelas\n- 150 kits\n- 3 profesores por escuela\n\n"
        "Traduce lo siguiente al español: mira el [vídeo del taller](https://example.org/video"
        "/12) con el comando `lamp --demo`.\n", number=8),
        {(21, "leftover"): True}),
    Labelled(SCHOOLS, "it", _page(
        "Fari nelle scuole K-12",
        "Ada Marin porta i kit dei fari nelle classi K-12.",
        "Episodi",
        "## Dalla torre all'aula\n\n"
        "Ada Marin ha visitato 46 scuole dal 2019. I suoi kit costano 300 $ l'uno, e la borsa "
        "**Valdora** ha pagato i primi 150.\n\n"
        "Gli alunni del 12º anno costruiscono una piccola lampada e la programmano con le API "
        "del kit.\n\n"
        "> Ogni bambino dovrebbe vedere un faro dall'interno almeno una volta.\n\n"
        "- 46 scuole\n- 150 kit\n- 3 insegnanti per scuola\n\n"
        "Guardate il [video del laboratorio](https://example.org/video/13) con il comando "
        "`lamp --demo`.\n", number=8),
        {(21, "url"): True}),  # the link target changed
    Labelled(SCHOOLS, "pt", _page(
        "Faróis nas escolas K-12",
        "Ada Marin leva os kits de farol às salas de aula K-12.",
        "Episódios",
        "## Da torre à sala de aula\n\n"
        "Ada Marin visitou 46 escolas desde 2019. Os kits dela custam 300 $ cada, e a bolsa "
        "**Valdora** pagou os primeiros 150.\n\n"
        "Pupils in the 12th grade build a small lamp and program it through the kit's APIs.\n\n"
        "> Toda criança deveria ver um farol por dentro uma vez.\n\n"
        "- 46 escolas\n- 150 kits\n- 3 professores por escola\n\n"
        "Assista ao [vídeo da oficina](https://example.org/video/12) com o comando "
        "`lamp --demo`.\n", number=8),
        {(13, "unchanged"): True}),  # a paragraph left in English
]

STORM = _page(
    "The storm of 1987",
    "Harbour Light keepers remember the night the lamps went dark.",
    "Episodes",
    "Bo Li kept the Harbour Light lamp for 31 years. On the night of the storm the wind "
    "reached 190 km/h and the Valdora archive lost 3,500 pages of logs.\n\n"
    "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
    "Press <kbd>Enter</kbd> in the archive viewer to open the 1987 logs, or read them at "
    "[the archive](https://example.org/archive/1987).\n\n"
    "The keepers rebuilt the lamp in the early 1990s with help from the DevOps team that "
    "still runs the archive's APIs today.\n\n"
    "In the end, the storm taught the whole coast that data management is a safety "
    "question, not an office chore.\n", number=9)

STORM_PAGES = [
    Labelled(STORM, "de", _page(
        "Der Sturm von 1987",
        "Die Leuchtturmwärter von Harbour Light erinnern sich an die Nacht, in der die Lampen "
        "erloschen.",
        "Episoden",
        "Übersetzung: Bo Li hütete die Lampe von Harbour Light 31 Jahre lang. In der "
        "Sturmnacht erreichte der Wind 190 km/h, und das Valdorra-Archiv verlor 3.500 Seiten "
        "Logbücher.\n\n"
        "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
        "Drücken Sie im Archivbetrachter <kbd>Enter</kbd>, um die Logbücher von 1987 zu "
        "öffnen, oder lesen Sie sie im [Archiv](https://example.org/archive/1987).\n\n"
        "Die Wärter bauten die Lampe Anfang der 1990er Jahre mit Hilfe des DevOps-Teams "
        "wieder auf, das die APIs des Archivs bis heute betreibt.\n\n"
        "Am Ende lehrte der Sturm die ganze Küste, dass Datenmanagement eine Frage der "
        "Sicherheit ist und keine Büroarbeit.\n", number=9),
        {(9, "leftover"): True, (9, "term-altered"): True}),
    Labelled(STORM, "fr", _page(
        "La tempête de 1987",
        "Les gardiens de Harbour Light se souviennent de la nuit où les lampes se sont éteintes.",
        "Episodes",
        "Bo Li a gardé la lampe de la Lumière du Port pendant 31 ans. La nuit de la tempête, le "
        "vent a atteint 190 km/h et les archives Valdora ont perdu 3 500 pages de journaux.\n\n"
        "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
        "Appuyez sur <kbd>Entrée</kbd> dans la visionneuse des archives pour ouvrir les "
        "journaux de 1987, ou lisez-les dans [les archives](https://example.org/archive/1987)."
        "\n\n"
        "« Les gardiens ont reconstruit la lampe au début des années 1990 avec l'aide de "
        "l'équipe DevOps qui gère encore aujourd'hui les API des archives. »\n\n"
        "Au bout du compte, la tempête a appris à toute la côte que la gestion des données est "
        "une question de sécurité, pas une corvée de bureau.\n", number=9),
        {(4, "locale-value"): True, (9, "term-missing"): True, (15, "leftover"): True}),
    Labelled(STORM, "es", _page(
        "La tormenta de 1987",
        "Los fareros de Harbour Light recuerdan la noche en que se apagaron las lámparas.",
        "Episodios",
        "Bo Li cuidó la lámpara de Harbour Light durante 31 años. La noche de la tormenta el "
        "viento alcanzó los 190 km/h y el archivo de Valdora perdió 3.500 páginas de "
        "registros.\n\n"
        "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
        "Aquí está la traducción: pulse Intro en el visor del archivo para abrir los "
        "registros de 1987, o léalos en [el archivo](https://example.org/archive/1987).\n\n"
        "Los fareros reconstruyeron la lámpara a principios de los noventa con la ayuda del "
        "equipo de DevOps que todavía gestiona hoy las API del archivo.\n\n"
        "Al final, la tormenta enseñó a toda la costa que la gestión de datos es una cuestión "
        "de seguridad, no una tarea de oficina.\n", number=9),
        {(13, "leftover"): True, (13, "html"): True}),
    Labelled(STORM, "it", _page(
        "La tempesta del 1987",
        "I guardiani di Harbour Light ricordano la notte in cui le lampade si spensero.",
        "Episodi",
        "Bo Li ha custodito la lampada di Harbour Light per 31 anni. La notte della tempesta il "
        "vento raggiunse i 190 km/h e l'archivio Valdora perse 3.500 pagine di registri.\n\n"
        "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
        "Premete <kbd>Invio</kbd> nel visualizzatore dell'archivio per aprire i registri del "
        "1987.\n\n"
        "I guardiani ricostruirono la lampada all'inizio degli anni '90 con l'aiuto del team "
        "DevOps che ancora oggi gestisce le API dell'archivio.\n\n"
        "Alla fine.\n", number=9),
        # The last paragraph was cut: too short, and the term went with it.
        {(13, "url"): True, (13, "link"): True, (17, "length"): True,
         (17, "rendering-not-used"): True}),
    Labelled(STORM, "pt", _page(
        "A tempestade de 1987",
        "Os faroleiros do Harbour Light lembram a noite em que as lâmpadas se apagaram.",
        "Episódios",
        "Bo Li cuidou da lâmpada do Harbour Light durante 31 anos. Na noite da tempestade o "
        "vento chegou a 190 km/h e o arquivo da Valdora perdeu 3.500 páginas de registros."
        "\n\n"
        "{% include figure.html src=\"storm.jpg\" alt=\"The tower in the storm\" %}\n\n"
        "Pressione <kbd>Enter</kbd> no visualizador do arquivo para abrir os registros de "
        "1987, ou leia-os [no arquivo](https://example.org/archive/1987).\n\n"
        "Os faroleiros reconstruíram a lâmpada no início dos anos 90 com a ajuda da equipe de "
        "DevOps que ainda hoje mantém as APIs do arquivo.\n\n"
        "No fim, a tempestade ensinou a toda a costa que a gestão de dados é uma questão de "
        "segurança, não uma tarefa de escritório.\n", number=9)),
]

PAGES = HARBOUR_PAGES + SCHOOL_PAGES + STORM_PAGES
