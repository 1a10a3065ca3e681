"""The wire stays the same: the raw requests of wire/cases.py (every route, success and error,
streaming, uploads, bad JSON, auth) get the status line, headers and body bytes recorded in
wire/fixture.json (random ids and timestamps blanked). Re-record only for a deliberate change:
.venv/bin/python gpu-server/tests/wire/record.py

Every byte is compared except the digits of decimal numbers (NLLs, entropies, embeddings): another
CPU, or another thread count, takes another float path and moves their last digits, so those are
compared to a relative 1e-4 (the body with each decimal masked must still match byte for byte)."""

import base64
import json
import math
import struct
import os
import re

import pytest

from wire.cases import GROUPS
from wire.record import FIXTURE, answers

with open(FIXTURE) as f:
    RECORDED = json.load(f)


@pytest.fixture(scope="module")
def replayed():
    return answers()


def test_the_fixture_holds_every_case():
    assert {g: list(c) for g, c in RECORDED.items()} == \
        {g: [name for name, _, _ in cases] for g, cases in GROUPS.items()}
    assert sum(len(c) for c in RECORDED.values()) >= 33


@pytest.mark.parametrize("group,name", [(g, n) for g, cases in GROUPS.items()
                                        for n, _, _ in cases])
def test_answer_is_byte_for_byte_the_recorded_one(replayed, group, name):
    got, want = replayed[group][name], RECORDED[group][name]
    assert {k: v for k, v in got.items() if k != "body"} == {k: v for k, v in want.items() if k != "body"}
    got_text, got_numbers = split_decimals(got.get("body"))
    want_text, want_numbers = split_decimals(want.get("body"))
    assert got_text == want_text
    assert len(got_numbers) == len(want_numbers)
    far = [(i, g, w) for i, (g, w) in enumerate(zip(got_numbers, want_numbers))
           if not math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-6)]
    assert far == [], f"decimals beyond 1e-4 (index, got, recorded): {far[:5]}"


DECIMAL = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?")
BASE64_FLOATS = re.compile(r'"embedding": "([A-Za-z0-9+/]+=*)"')


def split_decimals(body):
    """The body with every decimal number replaced by <d>, and those numbers in order (an
    embedding sent as base64 float32 becomes <b64> and its floats join the numbers).

    >>> split_decimals('{"mean_nll": 6.07, "tokens": 2}')
    ('{"mean_nll": <d>, "tokens": 2}', [6.07])
    """
    if not isinstance(body, str):
        return body, []
    packed = []
    for b64 in BASE64_FLOATS.findall(body):
        raw = base64.b64decode(b64)
        packed += list(struct.unpack(f"<{len(raw) // 4}f", raw))
    body = BASE64_FLOATS.sub('"embedding": "<b64>"', body)
    return DECIMAL.sub("<d>", body), [float(x) for x in DECIMAL.findall(body)] + packed


def test_decimals_are_compared_with_a_tolerance_and_the_rest_exactly():
    assert split_decimals('{"a": -6.37994909286499, "b": [1e-05, 2.5e-07], "n": 3}') == \
        ('{"a": <d>, "b": [1e-05, <d>], "n": 3}', [-6.37994909286499, 2.5e-07])
    assert split_decimals(None) == (None, [])
    two = base64.b64encode(struct.pack("<2f", 0.5, -2.0)).decode()
    assert split_decimals(f'{{"embedding": "{two}", "x": 1.5}}') == ('{"embedding": "<b64>", "x": <d>}', [1.5, 0.5, -2.0])
