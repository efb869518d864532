"""Typography rules per language: each rule flags real mistakes and stays silent on correct
professional text, written from sentences of the DeepSeek article."""

from __future__ import annotations

import pytest

from kilocale.core.typography import CODES, mask_non_prose, typography_findings

NB = "\u00a0"   # no-break space
NNB = "\u202f"  # narrow no-break space


def codes(msgstr: str, language: str, msgid: str = "") -> list[str]:
    return [code for code, _ in typography_findings(msgid, msgstr, language)]


# ---------------------------------------------------------------------------------- French

FR_SPACE_BAD = [
    "Le message était clair: dans la course à l’IA, il ne s’agissait pas seulement de capitaux.",
    "Le message était clair : dans la course à l’IA, il ne s’agissait pas seulement de capitaux.",
    "Ce n’était pas un simple lancement de produit; c’était une déclaration.",
    "Écosystèmes divergents ?",
    "Écosystèmes divergents?",
    f"Leur affirmation audacieuse, «{NB}les puces chinoises peuvent réduire les coûts d’un cinquième»,"
    " visait directement l’un des plus grands obstacles.",
    f"Leur affirmation audacieuse, « les puces chinoises peuvent réduire les coûts d’un cinquième{NB}»,"
    " visait directement l’un des plus grands obstacles.",
    "Quelle course !",
]

FR_SPACE_GOOD = [
    f"Le message était clair{NB}: dans la course à l’IA, il ne s’agissait pas seulement de capitaux.",
    f"Ce n’était pas un simple lancement de produit{NNB}; c’était une déclaration.",
    f"Écosystèmes divergents{NNB}?{NB}: selon les approches réglementaires, nous pourrions voir émerger"
    " des écosystèmes d’IA en partie séparés.",
    f"Leur affirmation audacieuse, «{NB}les puces chinoises peuvent réduire les coûts d’un"
    f" cinquième{NB}», visait directement l’un des plus grands obstacles.",
    "Des modèles comme Qwen 2.5-Max, Doubao 1.5 Pro ou Kimi k1.5 rivalisent avec R1 et V3.",
    "La conférence commence à 14:30, soit un rapport de 1:5 entre coûts et budget.",
    f"Voir [la documentation](https://api-docs.deepseek.com/?lang=fr \"Docs: API\") et `a: b; c!`{NB}!",
    f"Vraiment{NNB}?!",
    "DeepSeek, un nom qui gagne rapidement en importance.",
]


@pytest.mark.parametrize("msgstr", FR_SPACE_BAD)
def test_french_space_flags_missing_or_breaking_spaces(msgstr):
    assert "typo-fr-space" in codes(msgstr, "fr")


@pytest.mark.parametrize("msgstr", FR_SPACE_GOOD)
def test_french_space_accepts_correct_text(msgstr):
    assert codes(msgstr, "fr") == []


FR_QUOTES_BAD = [
    "Leur affirmation audacieuse, \"les puces chinoises peuvent réduire les coûts d’un cinquième\".",
    "Leur affirmation audacieuse, “les puces chinoises peuvent réduire les coûts d’un cinquième”.",
    "Leur affirmation audacieuse, ‘les puces chinoises peuvent réduire les coûts d’un cinquième’.",
    "Le géant de la recherche a lancé le modèle \"Ernie X1\".",
    "Ce qu’on appelle “souveraineté technologique” est un objectif stratégique.",
]

FR_QUOTES_GOOD = [
    f"Leur affirmation audacieuse, «{NB}les puces chinoises peuvent réduire les coûts d’un"
    f" cinquième{NB}», visait directement l’un des plus grands obstacles.",
    f"«{NB}Le PDG a parlé d’un “moment Spoutnik” pour l’industrie{NB}», écrit le journal.",
    "L’entreprise n’a pas seulement gagné en notoriété ; aujourd’hui, l’IA s’impose.".replace(" ;", NB + ";"),
    "Voir `print(\"bonjour\")` dans [le guide](https://example.org/ \"Le guide\").",
    "Le modèle R1 de DeepSeek a été publié en open source.",
]


@pytest.mark.parametrize("msgstr", FR_QUOTES_BAD)
def test_french_quotes_flags_straight_and_english_quotes(msgstr):
    assert "typo-fr-quotes" in codes(msgstr, "fr")


@pytest.mark.parametrize("msgstr", FR_QUOTES_GOOD)
def test_french_quotes_accepts_guillemets_and_nested_quotes(msgstr):
    assert codes(msgstr, "fr") == []


def test_french_rules_apply_to_regional_variants_and_not_to_english():
    assert codes("clair: oui", "fr_CA") == ["typo-fr-space"]
    assert codes('The message was clear: "chips".', "en") == []


def test_french_tokens_spelled_so_in_the_source_are_not_judged():
    assert codes("Le site Yahoo! a réagi.", "fr", msgid="Die Website Yahoo! reagierte.") == []
    assert codes("Le site Yahoo! a réagi.", "fr") == ["typo-fr-space"]


# --------------------------------------------------------------------------------- Spanish

ES_BAD = [
    "Ecosistemas divergentes?: Dependiendo de los enfoques regulatorios, podríamos ver"
    " ecosistemas de IA parcialmente separados.",
    "Qué significa esto para Nvidia?",
    "Si el coste baja una quinta parte, qué ocurrirá con la demanda?",
    "Qué ritmo tan vertiginoso!",
    "¿Es solo el comienzo? Quién sabe?",
    "El mensaje era claro. Dónde quedó la ventaja de Silicon Valley?",
]

ES_GOOD = [
    "¿Ecosistemas divergentes?: Dependiendo de los enfoques regulatorios, podríamos ver"
    " ecosistemas de IA parcialmente separados.",
    "Si el coste baja una quinta parte, ¿qué ocurrirá con la demanda?",
    "¡Qué ritmo tan vertiginoso!",
    "¿Es solo el comienzo? ¿Quién sabe?",
    "¿Quién lo habría dicho!",
    "El ritmo fue vertiginoso. DeepSeek no se durmió en los laureles.",
    "Consulta la [API](https://api.example.com/v1?modelo=r1&idioma=es) o ejecuta `curl -X GET ?q=1`.",
    "¿¡Cinco iniciativas en dos semanas!?",
]


@pytest.mark.parametrize("msgstr", ES_BAD)
def test_spanish_flags_missing_opening_marks(msgstr):
    assert "typo-es-inverted" in codes(msgstr, "es")


@pytest.mark.parametrize("msgstr", ES_GOOD)
def test_spanish_accepts_correct_text(msgstr):
    assert codes(msgstr, "es") == []


def test_spanish_opening_mark_does_not_carry_over_a_full_stop():
    assert codes("¿Quién sabe. Nadie lo sabe?", "es") == ["typo-es-inverted"]


# --------------------------------------------------------------------------------- Chinese

ZH_PUNCT_BAD = [
    "这不仅仅是又一次产品发布;这是一份宣言.",
    "信息很明确:在人工智能竞赛中,重要的不只是资本支出.",
    "百度、阿里巴巴集团、腾讯控股、蚂蚁集团和美团等行业领军企业(合计)推出了十余项重大升级。",
    "模型如GLM-4 plus (ChatGLM)由人工智能初创公司智谱AI开发。",
    "这只是开始吗?",
    "多么惊人的速度!",
    "他们的说法是\"中国芯片可以将成本降低五分之一\"。",
]

ZH_PUNCT_GOOD = [
    "这不仅仅是又一次产品发布；这是一份宣言。",
    "阿里巴巴的Qwen系列，包括Qwen 2.5-Max等模型，代表了其推进大模型能力的承诺。",
    "智谱AI的GLM-4 plus（ChatGLM）是另一个强劲的竞争者。",
    "字节跳动开发的豆包 1.5 Pro 是来自中国的又一款强大 LLM。",
    "Kimi (Kimi k1.5) 由初创公司月之暗面开发。".replace(" (Kimi k1.5) ", "（Kimi k1.5）"),
    "详见[官方文档](https://api-docs.deepseek.com/zh-cn/?a=1,b=2 \"Docs: API\")和`model.generate(x, y)`。",
    "从R1到V3的快速迭代表明，人工智能的发展速度可能进一步加快。",
    "悟道系列（包括WuDao 3.0）由北京智源人工智能研究院（BAAI）开发。",
]


@pytest.mark.parametrize("msgstr", ZH_PUNCT_BAD)
def test_chinese_flags_ascii_punctuation_next_to_han(msgstr):
    assert "typo-zh-punct" in codes(msgstr, "zh_CN")


@pytest.mark.parametrize("msgstr", ZH_PUNCT_GOOD)
def test_chinese_accepts_full_width_and_latin_runs(msgstr):
    assert codes(msgstr, "zh_CN") == []


ZH_SPACE_BAD = [
    "信息很明确。 在人工智能竞赛中，重要的不只是资本支出。",
    "速度令人眼花缭乱。  DeepSeek本身并没有固步自封。",
    "这只是开始吗？ 谁知道呢？",
    "这不仅仅是又一次产品发布 ；这是一份宣言。",
    "他们的说法是 “中国芯片可以将成本降低五分之一”。",
    "速度令人眼花缭乱。\u3000DeepSeek本身并没有固步自封。",
]

ZH_SPACE_GOOD = [
    "信息很明确。在人工智能竞赛中，重要的不只是资本支出。",
    "速度令人眼花缭乱。DeepSeek本身并没有固步自封。",
    "字节跳动开发的豆包 1.5 Pro 是来自中国的又一款强大 LLM。",
    "从 R1 到 V3 的快速迭代表明，人工智能的发展可能进一步加快。",
    "他们的说法是“中国芯片可以将成本降低五分之一”。",
    "结尾带硬换行。  \n下一行。".replace("  \n", "\n"),
]


@pytest.mark.parametrize("msgstr", ZH_SPACE_BAD)
def test_chinese_flags_spaces_between_sentences(msgstr):
    assert "typo-zh-space" in codes(msgstr, "zh_CN")


@pytest.mark.parametrize("msgstr", ZH_SPACE_GOOD)
def test_chinese_accepts_unspaced_sentences(msgstr):
    assert codes(msgstr, "zh_CN") == []


# ----------------------------------------------------------------------------------- shared

def test_masking_keeps_length_and_hides_code_and_urls():
    text = "Voir `a: b` et [ici](https://x.org/?q=1 \"t: u\") ou <https://y.org/a?b> ![alt](i.png)."
    masked = mask_non_prose(text)
    assert len(masked) == len(text)
    assert "a: b" not in masked and "https" not in masked and "t: u" not in masked
    assert "[ici]" in masked and "[alt]" in masked and masked.endswith(".")
    assert masked[masked.index("[alt]") - 1] != "!"


def test_findings_are_codes_with_messages_and_no_duplicates():
    found = typography_findings("", "Quoi? Vraiment? “Oui”", "fr")
    assert {code for code, _ in found} <= set(CODES)
    assert all(isinstance(msg, str) and msg for _, msg in found)
    assert len(found) == len(set(found))
    assert any("Quoi?" in msg for _, msg in found)


def test_no_rules_for_other_languages_or_empty_translations():
    assert typography_findings("Text", "", "fr") == []
    assert typography_findings("Text", "Texte: \"x\"?", "de") == []
    assert typography_findings("Text", "Text: \"x\"?", "en") == []
