"""The closest of some known names to a name that matched none: what every "did you mean" of hipskg offers.

RapidFuzz's token set ratio scores a name against each choice, case and punctuation aside, by the words they share
and the spelling of the rest: a name whose words a longer label holds scores 100 ("brook tool" finds "Brook Traffic
Light Tool", "cpi" finds "Community Partnership Information (CPI) Form"), where difflib's ratio scores 0.59 and 0.1
and offered "Pixies Tree" for "HIPS Exec". Its WRatio was tried too: it scores 86 for any label sharing one word
("No Such Tool" offered every tool). Over the 1,234 labels of the HIPS graph it takes 6.5 ms (difflib 2.9 ms), over
99 thousand 210 ms (difflib 250 ms): only ever after a name matched nothing. Choices that score alike are ordered by
their plain similarity, so that the nearest spelling comes first.
"""

from collections.abc import Iterable, Sequence

CUTOFF = 75  # of 100: below it a choice shares too little with the name to be worth offering


def similarity(first: str, second: str) -> float:
    """How alike two names are, 0 to 100: the token set ratio ``closest`` ranks by, case and punctuation aside."""
    from rapidfuzz import fuzz, utils

    return fuzz.token_set_ratio(first, second, processor=utils.default_process)


def closest(name: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = CUTOFF) -> list[str]:
    """Up to ``limit`` of ``choices`` closest to ``name``, best first; none scoring under ``cutoff``."""
    from rapidfuzz import fuzz, process, utils  # imported only when a name matched nothing

    unique = sorted(set(choices))
    found = process.extract(
        name, unique, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=None, score_cutoff=cutoff
    )
    plain = utils.default_process(name)
    ranked = sorted(found, key=lambda hit: (-round(hit[1]), -fuzz.ratio(plain, utils.default_process(hit[0])), hit[0]))
    return [choice for choice, _, _ in ranked[:limit]]


def alike_pairs(texts: Sequence[str], *, cutoff: float) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)``, ``i < j``, of ``texts`` scoring at least ``cutoff`` by token set ratio (the texts
    as given: no case folding or punctuation stripping)."""
    from rapidfuzz import fuzz, process

    return [
        (first, first + 1 + second, score)
        for first, text in enumerate(texts)
        for _, score, second in process.extract(
            text, texts[first + 1 :], scorer=fuzz.token_set_ratio, processor=None, score_cutoff=cutoff, limit=None
        )
    ]


def words_alike(first: str, second: str, *, cutoff: float) -> bool:
    """Whether two words are spelt alike: their plain similarity is at least ``cutoff`` ("infant", "infants": 92)."""
    from rapidfuzz import fuzz

    return first == second or fuzz.ratio(first, second) >= cutoff


def alternatives(names: Sequence[str]) -> str:
    """ "a", "a or b", "a, b or c": names offered as one choice."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
