"""Caption phrasings: a grammar for training and a disjoint set of held-out phrasings.

Training draws a fresh caption for every sample from `train_caption`, a small grammar that mixes
articles, comma lists, size/position words and background-first or background-last order. The
evaluation phrasings (`EVAL_TEMPLATES`) are built from the same words but their *skeletons* — the
caption with attribute words replaced by slots — are removed from the training grammar, so the
held-out prompts are phrasings the model never saw (checked by `skeleton`).
"""

from __future__ import annotations

import re

import numpy as np

from .scenes import COLOURS, SHAPES, Scene

SIZE_WORDS = {"small": ("small", "tiny"), "large": ("large", "big")}
POSITION_WORDS = {
    "center": ("center", "middle", "centre"),
    "left": ("left",),
    "right": ("right",),
    "top": ("top",),
    "bottom": ("bottom",),
    "top left": ("top left", "upper left"),
    "top right": ("top right", "upper right"),
    "bottom left": ("bottom left", "lower left"),
    "bottom right": ("bottom right", "lower right"),
}
_SLOT_WORDS = {
    "{z}": {"small", "tiny", "large", "big"},
    "{p}": {"left", "right", "top", "bottom", "center", "centre", "middle", "upper", "lower"},
}
# Each eval template is held out as a whole: {size} and {pos} expand to "" or a phrase.
EVAL_TEMPLATES = (
    "{size}{colour} {shape}{pos} on {bg} background",
    "{bg} background, one {size}{colour} {shape}{pos}",
    "a {size}{shape} in {colour}{pos} against a {bg} background",
    "an image of a {size}{colour} {shape}{pos} on {bg}",
    "the {size}{colour} {shape}{pos}, {bg} background",
    "{bg} backdrop with a {size}{colour} {shape}{pos}",
)

_TOKEN = re.compile(r"[a-z]+|[^\sa-z]")


def article(next_word: str) -> str:
    return "an" if next_word[0] in "aeiou" else "a"


def skeleton(caption: str, colour: str | None, background: str | None, shape: str | None) -> str:
    """The caption with attribute words replaced by slots and "an" folded into "a"."""
    out = []
    for tok in _TOKEN.findall(caption.lower()):
        if tok == colour:
            tok = "{c}"
        elif tok == background:
            tok = "{b}"
        elif tok == shape:
            tok = "{s}"
        elif tok == "an":
            tok = "a"
        else:
            tok = next((slot for slot, words in _SLOT_WORDS.items() if tok in words), tok)
        out.append(tok)
    return " ".join(out)


def position_phrase(position: str, rng: np.random.Generator, *, eval_form: bool = False) -> str:
    words = POSITION_WORDS[position]
    word = words[0] if eval_form else words[rng.integers(len(words))]
    if eval_form:
        prep = "on" if position in ("left", "right") else "at" if position in ("top", "bottom") else "in"
        return f"{prep} the {word}"
    forms = ["in the {w}", "at the {w}", "{w}"]
    if position in ("left", "right"):
        forms.append("on the {w}")
    if " " in position:
        forms.append("in the {w} corner")
    if position == "center":
        forms = ["in the {w}", "in the {w}", "centered"]
    return forms[rng.integers(len(forms))].format(w=word)


def eval_prompt(template: str, shape: str, colour: str, bg: str, size: str | None, pos: str | None) -> str:
    """Fill an eval template; `size`/`pos` None leave the slot out (the model then draws its default)."""
    rng = np.random.default_rng(0)
    text = template.format(
        size=f"{size} " if size else "",
        colour=colour,
        shape=shape,
        bg=bg,
        pos=" " + position_phrase(pos, rng, eval_form=True) if pos else "",
    )
    text = re.sub(r"\ba (?=[aeiou])", "an ", text)
    return re.sub(r"\ban (?=[^aeiou\s])", "a ", text)


def _eval_skeletons() -> frozenset[str]:
    out = set()
    for t in EVAL_TEMPLATES:
        for size in (None, "small", "large"):
            for pos in (None, *POSITION_WORDS):
                out.add(skeleton(eval_prompt(t, "circle", "red", "blue", size, pos), "red", "blue", "circle"))
    return frozenset(out)


_HELD_OUT_SKELETONS = _eval_skeletons()


def train_caption(scene: Scene, rng: np.random.Generator) -> str:
    """A random training caption for `scene`, never one of the held-out phrasings."""
    while True:
        text = _draw(scene, rng)
        if skeleton(text, scene.colour, scene.background, scene.shape) not in _HELD_OUT_SKELETONS:
            return text


def _pick(rng: np.random.Generator, options):
    return options[rng.integers(len(options))]


def _draw(scene: Scene, rng: np.random.Generator) -> str:
    # Which attributes the caption states. Small size and off-centre positions must be stated (they
    # are not the default); the rest is optional. A few captions drop colour, shape or background so
    # the model also learns each attribute on its own.
    size = ""
    if scene.size == "small" or rng.random() < 0.25:
        size = _pick(rng, SIZE_WORDS[scene.size])
    pos = ""
    if scene.position != "center" or rng.random() < 0.1:
        pos = position_phrase(scene.position, rng)
    u = rng.random()
    say_colour, say_shape, say_bg = u >= 0.03, not 0.03 <= u < 0.06, not 0.06 <= u < 0.1

    shape_word = scene.shape if say_shape else _pick(rng, ("shape", "object"))
    words = [w for w in (size, scene.colour if say_colour else "", shape_word) if w]
    if say_colour and rng.random() < 0.12:  # colour after the noun: "a circle in red"
        words = [w for w in (size, shape_word) if w] + ["in", scene.colour]
    noun = " ".join(words)
    art = _pick(rng, ("a", "a", "a", "", "", "one", "the"))
    if art == "a":
        art = article(noun)
    np_ = f"{art} {noun}".strip()
    obj = f"{np_} {pos}".strip()

    if not say_bg:
        return _prefix(rng) + obj
    bg = scene.background
    bg_word = "backdrop" if rng.random() < 0.1 else "background"
    k = rng.integers(9)
    if k == 0:
        bg_phrase = _pick(
            rng,
            (
                f"on a {bg} {bg_word}",
                f"on {bg} {bg_word}",
                f"against a {bg} {bg_word}",
                f"with a {bg} {bg_word}",
                f"over a {bg} {bg_word}",
                f"on {bg}",
            ),
        )
        return f"{_prefix(rng)}{np_} {bg_phrase} {pos}".strip()
    if k <= 3:
        bg_phrase = _pick(
            rng,
            (
                f"on a {bg} {bg_word}",
                f"on {bg} {bg_word}",
                f"against a {bg} {bg_word}",
                f"with a {bg} {bg_word}",
                f"on {bg}",
                f"on an {bg} {bg_word}",
            ),
        )
        bg_phrase = bg_phrase.replace(f"an {bg}", f"{article(bg)} {bg}").replace(f"a {bg}", f"{article(bg)} {bg}")
        return f"{_prefix(rng)}{obj} {bg_phrase}"
    if k == 4:
        return f"{obj}, {bg} {bg_word}"
    if k == 5:
        lead = _pick(
            rng,
            (
                f"{bg} {bg_word} with",
                f"{article(bg)} {bg} {bg_word} with",
                f"{bg} {bg_word} and",
                f"{bg} {bg_word},",
            ),
        )
        return f"{lead} {obj}"
    if k == 6:
        lead = _pick(rng, (f"on a {bg} {bg_word},", f"on {bg},", f"against a {bg} {bg_word},"))
        lead = lead.replace(f"a {bg}", f"{article(bg)} {bg}")
        return f"{lead} {obj}"
    # comma list of attributes in a random order
    items = [" ".join(w for w in (scene.colour if say_colour else "", shape_word) if w), f"{bg} {bg_word}"]
    if size:
        items.append(size)
    if pos:
        items.append(pos)
    order = rng.permutation(len(items))
    return ", ".join(items[i] for i in order)


def _prefix(rng: np.random.Generator) -> str:
    if rng.random() < 0.85:
        return ""
    return _pick(rng, ("a picture of ", "an image of ", "a drawing of ", "draw ", "a photo of "))


VOCAB_WORDS = tuple(
    sorted(
        set(SHAPES)
        | set(COLOURS)
        | {w for ws in SIZE_WORDS.values() for w in ws}
        | {w for ws in POSITION_WORDS.values() for p in ws for w in p.split()}
        | {
            "a",
            "an",
            "the",
            "one",
            "on",
            "in",
            "at",
            "of",
            "with",
            "and",
            "against",
            "over",
            "background",
            "backdrop",
            "corner",
            "centered",
            "shape",
            "object",
            "picture",
            "image",
            "drawing",
            "photo",
            "draw",
        }
    )
)
