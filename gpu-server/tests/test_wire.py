"""The wire stays the same: the raw requests of wire/cases.py (every route, success and error,
streaming, uploads, bad JSON, auth) get the status line, headers and body bytes recorded in
wire/fixture.json (random ids and timestamps blanked). Re-record only for a deliberate change:
.venv/bin/python gpu-server/tests/wire/record.py"""

import json
import os

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
    assert replayed[group][name] == RECORDED[group][name]
