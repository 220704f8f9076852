"""An author named outside any byline: the signature under a story.

A last resort (extract() asks only when no JSON-LD, meta tag or byline named anyone) that asks for a person's name,
two to four capitalised words: a bold "Weiterlesen" or "Mehr zum Thema" closing the story is no one's name.

Not done, measured: taking a site's name as its owner's when it spells the host ("wolfgangmichal.de"). That named
3 authors right on trafilatura-eval and 25 brands as authors ("Golf Post", "Statistics Globe", "La Stampa").
"""

from __future__ import annotations

import re

from archiver.bylines import full_name

# A last paragraph that is only a name in bold or italics: "<p><b><i>Stefan Wasmer</i></b></p>" under the story.
_SIGNED = re.compile(r"(\*{1,3})([^*\n]{5,60})\1")


def signature(markdown_blocks: list[str]) -> str | None:
    """The name a story is signed with: its last block, when that is a name alone in bold or italics."""
    if not markdown_blocks:
        return None
    signed = _SIGNED.fullmatch(markdown_blocks[-1].strip())
    if signed is None:
        return None
    name = " ".join(signed.group(2).split())
    return name if full_name(name) else None
