"""Batched generation drops finished rows from the forward pass (generation.py), and a batch still
answers each prompt as it would alone. In-process, on the tiny backend (an untrained model, whose
answers end at very different lengths).

    npm run test:py -- gpu-server/tests/test_generation_rows.py      (a few seconds)
"""

import pytest

from activesynth_server import generation
from activesynth_server.backends import load_backend
from activesynth_server.config import parse_args

PROMPTS = ["Q: 12 + 34\nA:", "Tom has", "A", "Q: 7 * 8\nA:", "Ana buys 3 pens.", "Q", "Zoe",
           "Q: 90 - 45\nA:", "Sam has 4 boxes. Each box has 9 eggs.", "B", "Q: 1 + 1\nA:", "Kai"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    cfg = parse_args(["--backend", "tiny", "--device", "cpu", "--threads", "1",
                      "--checkpoint-dir", str(tmp_path_factory.mktemp("ck"))])
    backend = load_backend(cfg)
    return backend.load_base(backend.base_ids()[0])


def counting(lm):
    """Records the batch size of every forward pass lm makes."""
    sizes, forward = [], lm.forward

    def wrapped(ids, *a, **kw):
        sizes.append(ids.shape[0])
        return forward(ids, *a, **kw)
    lm.forward = wrapped
    return sizes


@pytest.mark.parametrize("stops", [("e",), ("e", "k", "s")])
def test_a_batch_answers_each_prompt_as_alone(tiny, stops):
    ids = [tiny.encode_prompt(p) for p in PROMPTS]
    batch = generation.generate(tiny, ids, 24, temperature=0.0, stops=stops)
    alone = [generation.generate(tiny, [p], 24, temperature=0.0, stops=stops)[0] for p in ids]
    assert [r["text"] for r in batch] == [r["text"] for r in alone]
    assert [r["tokens"] for r in batch] == [r["tokens"] for r in alone]
    assert [r["finish_reason"] for r in batch] == [r["finish_reason"] for r in alone]
    # the answers end at different lengths: otherwise nothing here tests the dropping of rows
    assert len({r["tokens"] for r in batch}) > 2, batch


def test_finished_rows_leave_the_forward_pass(tiny):
    ids = [tiny.encode_prompt(p) for p in PROMPTS]
    sizes = counting(tiny)
    try:
        out = generation.generate(tiny, ids, 24, temperature=0.0, stops=("e", "k", "s"))
    finally:
        del tiny.forward
    lengths = sorted(r["tokens"] for r in out)
    assert sizes[0] == len(PROMPTS)  # the prefill holds every row
    assert sizes == sorted(sizes, reverse=True)  # a pass never grows
    # once only the answers that run to max_tokens are left, no other row is computed with them
    assert sizes[-1] == sum(1 for n in lengths if n == 24) < len(PROMPTS), (sizes, lengths)
    # row-steps computed: about the tokens generated, far below every row for every step
    assert sum(sizes[1:]) <= sum(lengths) + len(PROMPTS) * 2, (sizes, lengths)
    assert sum(sizes) < 0.75 * len(sizes) * len(PROMPTS), (sizes, lengths)


def test_sampling_with_a_seed_repeats(tiny):
    ids = [tiny.encode_prompt(p) for p in PROMPTS]
    a = generation.generate(tiny, ids, 16, temperature=1.0, seed=5)
    b = generation.generate(tiny, ids, 16, temperature=1.0, seed=5)
    assert [r["text"] for r in a] == [r["text"] for r in b]
