"""A byte-level CLIP BPE tokenizer in which every vocabulary word is exactly one token.

Any text tokenizes (the 256 bytes are in the vocabulary), so unknown words never fail; they just
become several byte tokens. A naive merge list splits words that share letter pairs ("triangle" →
`t ri a n g l e` once "r i" from "right" ranks first), so the merges are built by simulating BPE and
appending the merge of the first two pieces until every word is one piece.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from transformers import CLIPTokenizer

MAX_LENGTH = 32  # longest caption is ~20 tokens; shorter sequences make the text encoder cheaper
BOS, EOS = "<|startoftext|>", "<|endoftext|>"


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte → printable-character table, as CLIP uses it."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    bs += list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs), strict=True))


def _bpe(word: list[str], ranks: dict[tuple[str, str], int]) -> list[str]:
    while len(word) > 1:
        pairs = [(ranks.get(p, 1 << 30), i) for i, p in enumerate(itertools.pairwise(word))]
        rank, i = min(pairs)
        if rank == 1 << 30:
            break
        a, b = word[i], word[i + 1]
        merged, j = [], 0
        while j < len(word):
            if j < len(word) - 1 and word[j] == a and word[j + 1] == b:
                merged.append(a + b)
                j += 2
            else:
                merged.append(word[j])
                j += 1
        word = merged
    return word


def build_merges(words: list[str]) -> list[tuple[str, str]]:
    merges: list[tuple[str, str]] = []
    ranks: dict[tuple[str, str], int] = {}
    changed = True
    while changed:  # appended merges rank last, so they never change a word that is already whole
        changed = False
        for w in words:
            pieces = _bpe([*w[:-1], w[-1] + "</w>"], ranks)
            while len(pieces) > 1:
                pair = (pieces[0], pieces[1])
                ranks[pair] = len(merges)
                merges.append(pair)
                pieces = _bpe([*w[:-1], w[-1] + "</w>"], ranks)
                changed = True
    return merges


def write_tokenizer(words: list[str] | tuple[str, ...], out_dir: Path) -> CLIPTokenizer:
    """Write vocab.json/merges.txt to `out_dir`, load them and check every word is one token."""
    out_dir.mkdir(parents=True, exist_ok=True)
    byte_chars = list(bytes_to_unicode().values())
    merges = build_merges(sorted(words))
    vocab_list = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges] + [BOS, EOS]
    vocab = {tok: i for i, tok in enumerate(dict.fromkeys(vocab_list))}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    lines = ["#version: 0.2"] + [f"{a} {b}" for a, b in merges]
    (out_dir / "merges.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tok = CLIPTokenizer.from_pretrained(str(out_dir), model_max_length=MAX_LENGTH, pad_token=EOS)
    for w in words:
        ids = tok(w, add_special_tokens=False).input_ids
        if len(ids) != 1:
            raise RuntimeError(f"{w!r} tokenizes into {tok.convert_ids_to_tokens(ids)}, expected one token")
    return tok
