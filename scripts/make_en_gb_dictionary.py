"""Write .codespell/en-US_to_en-GB.txt: American spellings to flag.

codespell's own `en-GB_to_en-US` dictionary flags British spellings, the
opposite of what this site needs. This script inverts it, leaving out
American forms that are also correct British English (a computer
"program", the verb "license", the noun "practice", a court "judgment").
Run it after upgrading codespell: `python scripts/make_en_gb_dictionary.py`.
"""

from __future__ import annotations

from pathlib import Path

import codespell_lib

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(codespell_lib.__file__).parent / "data" / "dictionary_en-GB_to_en-US.txt"
TARGET = ROOT / ".codespell" / "en-US_to_en-GB.txt"

# Valid in British English too, or too often part of a name or a technical term.
KEEP = {
    "acknowledgment", "acknowledgments", "analog", "biased", "catalog", "catalogs",
    "dialog", "dialogs", "focused", "focuses", "focusing", "refocused", "refocuses",
    "refocusing", "judgment", "judgments", "license", "licensed", "licenses", "licensing",
    "math", "meter", "meters", "overwritable", "practice", "practices", "program",
    "routing", "stories", "story", "writable", "donut", "donuts",
}


def main() -> None:
    pairs: dict[str, list[str]] = {}
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if "->" not in line:
            continue
        british, american = (part.strip() for part in line.split("->", 1))
        for word in american.split(","):
            word = word.strip()
            if word and word not in KEEP:
                pairs.setdefault(word, []).append(british)
    lines = [f"{us}->{', '.join(gb)}" for us, gb in sorted(pairs.items())]
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(lines)} American spellings")


if __name__ == "__main__":
    main()
