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


def alternatives(names: Sequence[str]) -> str:
    """ "a", "a or b", "a, b or c": names offered as one choice."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
