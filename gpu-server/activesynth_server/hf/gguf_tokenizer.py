"""A tokenizer built from a GGUF file's own vocabulary (with the `tokenizers` package).

    tok = tokenizer_from_gguf("stories260K.gguf")      # -> transformers PreTrainedTokenizerFast

transformers can build a tokenizer from GGUF metadata too, and the hf backend uses it when it
loads and round-trips text (check_round_trip). It fails on some real files: stories260K stores
`padding_token_id = 0xFFFFFFFF` ("none"), which transformers 5.24 indexes into the vocabulary.
This builder covers the two families llama.cpp writes:

- `tokenizer.ggml.model = "llama"`: a SentencePiece BPE vocabulary with scores. Merges are
  recovered from the scores (a merge a+b exists when a, b and ab are pieces; ab's score orders
  it), with byte fallback (`<0x41>` pieces) and SentencePiece's space handling (`\u2581`).
- `tokenizer.ggml.model = "gpt2"`: byte-level BPE from `tokenizer.ggml.merges`; the split regex
  follows `tokenizer.ggml.pre` for the pre-tokenizers whose rule differs from GPT-2's in a way
  that changes ids (`smollm`, `qwen2`, `llama-bpe`: digits split one by one or in threes).

Special-token ids outside the vocabulary (0xFFFFFFFF) mean "none". Costs one pass over the
vocabulary (plus, for "llama", one pass over every split point of every piece).
"""

GPT2_SPLIT = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
# llama.cpp's llama-vocab.cpp, per `tokenizer.ggml.pre`: (regexes applied in turn)
PRE_SPLITS = {
    "smollm": [r"\p{N}", GPT2_SPLIT],
    "qwen2": [r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+"
              r"|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"],
    "llama-bpe": [r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+"
                  r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"],
}


def read_gguf_fields(path):
    """The file's key/value metadata as Python values (strings decoded, arrays as lists)."""
    import gguf
    reader = gguf.GGUFReader(path)
    out = {}
    for name, field in reader.fields.items():
        vals = [field.parts[i] for i in field.data]
        if field.types and field.types[0] == gguf.GGUFValueType.STRING:
            vals = [bytes(v).decode("utf-8", errors="replace") for v in vals]
        elif field.types and field.types[0] == gguf.GGUFValueType.ARRAY and len(field.types) > 1 \
                and field.types[1] == gguf.GGUFValueType.STRING:
            vals = [bytes(v).decode("utf-8", errors="replace") for v in vals]
        else:
            vals = [v.tolist()[0] if hasattr(v, "tolist") and len(v) == 1 else v for v in vals]
        is_array = field.types and field.types[0] == gguf.GGUFValueType.ARRAY
        out[name] = vals if is_array else (vals[0] if vals else None)
    return out


def _spm_merges(tokens, scores):
    """Merges of a SentencePiece BPE vocabulary, recovered from its pieces and scores."""
    ids = {t: i for i, t in enumerate(tokens)}
    merges = []
    for piece, i in ids.items():
        for k in range(1, len(piece)):
            a, b = piece[:k], piece[k:]
            if a in ids and b in ids:
                merges.append((scores[i], ids[a], ids[b], a, b))
    merges.sort(key=lambda m: (-m[0], m[1], m[2]))
    return [(a, b) for _, _, _, a, b in merges]


def _special(fields, key, tokens):
    i = fields.get(f"tokenizer.ggml.{key}")
    return tokens[i] if isinstance(i, int) and 0 <= i < len(tokens) else None


def tokenizer_from_gguf(path, fields=None):
    """-> PreTrainedTokenizerFast for the GGUF file at path (ValueError for another family)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    fields = fields if fields is not None else read_gguf_fields(path)
    family = fields.get("tokenizer.ggml.model")
    tokens = fields.get("tokenizer.ggml.tokens") or []
    if not tokens:
        raise ValueError(f"{path} holds no tokenizer vocabulary (tokenizer.ggml.tokens)")
    vocab = {t: i for i, t in enumerate(tokens)}
    bos, eos = _special(fields, "bos_token_id", tokens), _special(fields, "eos_token_id", tokens)
    unk, pad = _special(fields, "unknown_token_id", tokens), _special(fields, "padding_token_id", tokens)
    if family == "llama":
        scores = fields.get("tokenizer.ggml.scores") or [0.0] * len(tokens)
        tk = Tokenizer(models.BPE(vocab, _spm_merges(tokens, scores), unk_token=unk,
                                  byte_fallback=True, fuse_unk=True))
        tk.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"),
                                              normalizers.Replace(" ", "\u2581")])
        tk.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(),
                                        decoders.Fuse(), decoders.Strip(" ", 1, 0)])
        add_bos = fields.get("tokenizer.ggml.add_bos_token", True)
    elif family == "gpt2":
        merges = [tuple(m.split(" ", 1)) for m in fields.get("tokenizer.ggml.merges") or []]
        tk = Tokenizer(models.BPE(vocab, merges, unk_token=unk))
        splits = PRE_SPLITS.get(fields.get("tokenizer.ggml.pre"), [GPT2_SPLIT])
        tk.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Split(Regex(r), behavior="isolated") for r in splits]
            + [pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
        tk.decoder = decoders.ByteLevel()
        add_bos = fields.get("tokenizer.ggml.add_bos_token", False)
    else:
        raise ValueError(f"{path}: tokenizer family {family!r} is not supported "
                         "(supported: llama, gpt2)")
    types = fields.get("tokenizer.ggml.token_type") or []
    control = [t for t, ty in zip(tokens, types) if ty == 3]  # llama.cpp's CONTROL tokens
    specials = sorted({t for t in [bos, eos, unk, pad, *control] if t}, key=vocab.get)
    tk.add_special_tokens(specials)
    if add_bos and bos:
        tk.post_processor = processors.TemplateProcessing(
            single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, vocab[bos])])
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token=bos, eos_token=eos,
                                  unk_token=unk, pad_token=pad)
    template = fields.get("tokenizer.chat_template")
    if template:
        tok.chat_template = template
    return tok


PROBES = [
    "Once upon a time, there was a little girl named Lily.",
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many in May.",
    "Q: 123 + 4567 = ?\nA: 4690 #### 4690",
    "  leading spaces, tabs\tand\nnew lines\n\n",
    "caf\u00e9 na\u00efve \u00fcber \u2014 \u201cquotes\u201d",
]


def check_round_trip(tok, probes=PROBES):
    """None when decode(encode(text)) == text for every probe (and for a chat rendered with the
    tokenizer's template), else a message naming the first text that does not survive."""
    texts = list(probes)
    if getattr(tok, "chat_template", None):
        try:
            texts.append(tok.apply_chat_template([{"role": "user", "content": probes[1]}],
                                                 tokenize=False, add_generation_prompt=True))
        except Exception as e:  # noqa: BLE001 - a template that cannot render is the finding
            return f"its chat template does not render: {e}"
    for text in texts:
        ids = tok(text, add_special_tokens=False)["input_ids"]
        back = tok.decode(ids, skip_special_tokens=False)
        if back != text:
            return f"{text!r} decodes back as {back!r}"
    return None


def is_gguf(path):
    return str(path).lower().endswith(".gguf")
