"""The tiny tokenizer: a fixed vocabulary, so the base model `tiny` is always the same model.

    .venv/bin/python -c "from activesynth_server.tiny.tokenizer import TinyTokenizer as T; \
        t = T.default(); print(t.encode(' 3 apples'))"

Vocabulary, in this order: 4 specials (<pad> <bos> <eos> <unk>), tab, newline and every
printable ASCII char (so digits are single tokens), then each word of words.txt twice: bare and
with a leading space (GPT-2 style, " apples" is one token). Encoding: at a word boundary, the
whole alphanumeric run (with its leading space, if any) is one token when it is a known word;
anything else is spelled out char by char; non-ASCII chars become <unk>. decode(encode(s)) == s
for every ASCII string without other control chars.
"""

import os

SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
PAD, BOS, EOS, UNK = 0, 1, 2, 3
CHARS = ["\t", "\n"] + [chr(c) for c in range(32, 127)]
WORDS_FILE = os.path.join(os.path.dirname(__file__), "words.txt")


def read_words(path=WORDS_FILE):
    """Words of words.txt in file order (comments and blank lines skipped, duplicates dropped)."""
    words, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            w = line.strip()
            if not w or w.startswith("#"):
                continue
            if not (w.isascii() and w.isalnum()) or w.isdigit():
                raise ValueError(f"{path}:{n}: word {w!r} must be ASCII letters/digits (not a number)")
            if w not in seen:
                seen.add(w)
                words.append(w)
    return words


class TinyTokenizer:
    """Greedy word-or-char tokenizer over a fixed vocabulary (see the module docstring)."""

    pad_id, bos_id, eos_id, unk_id = PAD, BOS, EOS, UNK

    def __init__(self, words):
        self.words = list(words)
        self.itos = SPECIALS + CHARS
        for w in self.words:
            self.itos += [w, " " + w]
        self.stoi = {s: i for i, s in enumerate(self.itos)}
        self.vocab_size = len(self.itos)

    @classmethod
    def default(cls):
        return cls(read_words())

    def encode(self, text):
        ids, i, n, stoi = [], 0, len(text), self.stoi
        while i < n:
            c = text[i]
            start = i + 1 if c == " " else i
            at_boundary = c == " " or i == 0 or not text[i - 1].isalnum()
            if at_boundary and start < n and text[start].isalnum():
                j = start
                while j < n and text[j].isalnum():
                    j += 1
                tok = stoi.get(text[i:j])
                if tok is not None:
                    ids.append(tok)
                    i = j
                    continue
            ids.append(stoi.get(c, UNK))
            i += 1
        return ids

    def decode(self, ids):
        out = []
        for t in ids:
            t = int(t)
            if t == UNK:
                out.append("\ufffd")
            elif t > UNK and t < self.vocab_size:
                out.append(self.itos[t])
        return "".join(out)
