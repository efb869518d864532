"""Which Chinese segmenter keeps the article's words whole: BudouX against jieba.

    python benchmarks/cjk_segmenters.py

Counts, for the six Chinese headings of the shipped zh_CN catalog, how many hand-marked
words (:data:`GOLD`) a segmenter cuts, and how many of the glossary's Chinese forms it
cuts when given alone; for jieba also with the glossary forms and
``kilocale.formats.cjk.EXTRA_WORDS`` in its dictionary (what kilocale uses).  Needs
``pip install budoux`` for the BudouX row (it is not a kilocale dependency).
This is the measurement that chose jieba (see ``kilocale/formats/cjk.py``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from kilocale.formats import cjk
from kilocale.io.glossary_file import load_glossary
from kilocale.io.po import load_po

ROOT = Path(__file__).resolve().parent.parent
# The words of the six headings, marked by a person.
GOLD = ("人工智能", "领导权", "回应", "新一轮", "之争", "连锁反应", "科技", "巨头", "纷纷", "全球",
        "回响", "采用", "忧虑", "智能", "经济学", "破解", "成本", "密码", "不断", "扩充", "武器库",
        "竞争者", "一览", "前沿", "竞争", "监管", "未来", "走向", "创新", "中国")


def _cut_inside(text: str, parts: list[str], words: tuple[str, ...]) -> list[str]:
    cuts, offset = set(), 0
    for part in parts[:-1]:
        offset += len(part)
        cuts.add(offset)
    hit = []
    for word in words:
        for m in re.finditer(re.escape(word), text):
            if any(m.start() < c < m.end() for c in cuts):
                hit.append(word)
    return hit


def main() -> int:
    catalog = load_po(ROOT / "locales/zh_CN/LC_MESSAGES/article.po")
    table = {e.msgid: e.msgstr for e in catalog.entries}
    source = (ROOT / "source/de/article.md").read_text(encoding="utf-8").splitlines()
    headings = [table[line.lstrip("#").strip()] for line in source if line.startswith("#")]
    glossary = load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"])
    forms = cjk.glossary_words(glossary.terms, "zh_CN")
    total = sum(len(re.findall(re.escape(w), h)) for h in headings for w in GOLD)

    segmenters: dict[str, Callable[[str], list[str]]] = {}
    try:
        import budoux
        segmenters["BudouX (simplified Chinese model)"] = \
            budoux.load_default_simplified_chinese_parser().parse
    except ImportError:
        print("budoux not installed: pip install budoux", file=sys.stderr)
    import jieba
    jieba.setLogLevel(60)
    plain = jieba.Tokenizer()
    segmenters["jieba (its dictionary)"] = lambda s: list(plain.cut(s))
    segmenters["kilocale: jieba + glossary + EXTRA_WORDS"] = lambda s: cjk.segments(s, forms)

    print(f"{'segmenter':44s} heading words cut   glossary forms cut")
    for name, seg in segmenters.items():
        heads = [w for h in headings for w in _cut_inside(h, seg(h), GOLD)]
        glos = [f for f in forms if _cut_inside(f, seg(f), (f,))]
        print(f"{name:44s} {len(heads):3d} of {total:3d}         {len(glos):3d} of {len(forms)}"
              f"   e.g. {' '.join(heads[:3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
