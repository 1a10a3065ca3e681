"""Tokenizers built from GGUF vocabularies (activesynth_server/hf/gguf_tokenizer.py).

    npm run test:py -- gpu-server/tests/test_gguf_tokenizer.py

SmolLM2's GGUF says `tokenizer.ggml.pre = smollm`: digits are split one by one *before* the GPT-2
rule runs (its tokenizer.json: Sequence[Digits(individual_digits), ByteLevel]; llama.cpp: the
regexes "\\p{N}" then GPT-2's, in turn). transformers 5.24 builds this file's tokenizer with one
combined rule, which splits spaces before a numeral differently ("  2" -> "Ġ" "Ġ" "2" instead of
"ĠĠ" "2"; " ¾" -> one piece instead of "Ġ" "¾"). Ours follows the reference; everywhere else the
two must agree.
"""

import json
import os

import pytest

from hf_models import REPO, SHARED, smol, stories


def gsm8k_texts():
    path = os.path.join(SHARED, "data", "gsm8k", "test.jsonl")
    if not os.path.isfile(path):
        pytest.fail(f"GSM8K not found at {path} (place shared/ next to the repository or set "
                    "ACTIVESYNTH_SHARED)", pytrace=False)
    out = []
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            out += [row["question"], row["answer"]]
    return out


def test_stories_tokenizer_round_trips_and_adds_bos():
    from activesynth_server.hf.gguf_tokenizer import check_round_trip, tokenizer_from_gguf
    tok = tokenizer_from_gguf(stories())
    assert check_round_trip(tok) is None
    assert tok("Once upon a time")["input_ids"][0] == tok.bos_token_id == 1
    assert tok.pad_token is None and tok.eos_token == "</s>" and len(tok) == 512
    # byte fallback: a character outside the 512 pieces becomes its UTF-8 bytes and comes back
    ids = tok("\u00e9t\u00e9", add_special_tokens=False)["input_ids"]
    assert tok.convert_ids_to_tokens(ids[:2]) == ["<0xC3>", "<0xA9>"] or "\u00e9" in tok.decode(ids)
    assert tok.decode(ids) == "\u00e9t\u00e9"


def test_smollm2_tokenizer_matches_transformers_but_for_spaces_before_digits():
    from transformers import AutoTokenizer
    from activesynth_server.hf.gguf_tokenizer import check_round_trip, tokenizer_from_gguf
    path = smol()
    ours = tokenizer_from_gguf(path)
    theirs = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    assert check_round_trip(ours) is None and ours.chat_template == theirs.chat_template
    assert ours.convert_ids_to_tokens(ours("for  2 and 345", add_special_tokens=False)["input_ids"]) \
        == ["for", "ĠĠ", "2", "Ġand", "Ġ", "3", "4", "5"]
    texts = gsm8k_texts()
    differ = [t for t in texts if ours(t, add_special_tokens=False)["input_ids"]
              != theirs(t, add_special_tokens=False)["input_ids"]]
    assert len(differ) < 0.02 * len(texts), len(differ)
    import regex
    for t in differ:  # removing the spaces before numerals (\p{N}: 2, ¾...) removes the difference
        fixed = regex.sub(r"\s+(?=\p{N})", "", t)
        assert ours(fixed, add_special_tokens=False)["input_ids"] == \
            theirs(fixed, add_special_tokens=False)["input_ids"], t
    rendered = ours.apply_chat_template([{"role": "user", "content": texts[0]}], tokenize=False,
                                        add_generation_prompt=True)
    assert rendered.startswith("<|im_start|>system\n") and rendered.endswith("<|im_start|>assistant\n")
    assert ours(rendered)["input_ids"][0] == ours.convert_tokens_to_ids("<|im_start|>")


def test_repo_path_helpers_point_inside_the_checkout():
    assert os.path.isfile(os.path.join(REPO, "package.json"))
