"""In-process unit tests: tokenizer, attention masking, OOM split-and-retry, deterministic
training, length buckets."""

import torch

from activesynth_server import oom, training
from activesynth_server.batching import buckets
from activesynth_server.config import ServerConfig
from activesynth_server.tiny.backend import TinyBackend
from activesynth_server.tiny.tokenizer import TinyTokenizer
from conftest import arith


def test_tokenizer_words_digits_roundtrip():
    t = TinyTokenizer.default()
    ids = t.encode("Tom has 12 apples.\nQ:")
    assert [t.itos[i] for i in ids] == ["Tom", " has", " ", "1", "2", " apples", ".", "\n", "Q",
                                        ":"]
    for s in ["applesauce 3apples x\ty", "Sam's box-boxes ~{}|", ""]:
        assert t.decode(t.encode(s)) == s
    assert t.decode(t.encode("café")) == "caf\ufffd"


def test_left_padding_and_cache_match_unpadded(tmp_path):
    torch.set_num_threads(1)
    lm = TinyBackend(ServerConfig(checkpoint_dir=str(tmp_path))).load_base()
    ids = torch.tensor([[5, 6, 7, 8]])
    full, _, _ = lm.forward(ids, torch.ones_like(ids))
    padded = torch.tensor([[0, 0, 5, 6, 7, 8]])
    mask = torch.tensor([[0, 0, 1, 1, 1, 1]])
    pos = (mask.cumsum(1) - 1).clamp(min=0)
    out, _, _ = lm.forward(padded, mask, pos)
    assert torch.allclose(out[0, 2:], full[0], atol=1e-5)
    first, _, past = lm.forward(padded[:, :5], mask[:, :5], pos[:, :5], use_cache=True)
    step, _, _ = lm.forward(padded[:, 5:], mask, pos[:, 5:], past)
    assert torch.allclose(step[0, -1], full[0, -1], atol=1e-5)


def test_split_on_oom_halves_until_it_fits(monkeypatch):
    class FakeOOM(RuntimeError):
        pass

    monkeypatch.setattr(torch.cuda, "OutOfMemoryError", FakeOOM, raising=False)
    sizes = []

    def fn(batch):
        sizes.append(len(batch))
        if len(batch) > 2:
            raise FakeOOM("CUDA out of memory")
        return [x * 10 for x in batch]

    assert oom.split_on_oom(fn, [1, 2, 3, 4, 5]) == [10, 20, 30, 40, 50]
    assert sizes[0] == 5 and max(sizes[1:]) <= 3
    try:
        oom.split_on_oom(lambda b: (_ for _ in ()).throw(FakeOOM("out of memory")), [1])
        raise AssertionError("a batch of one must raise")
    except FakeOOM:
        pass


def test_training_is_deterministic_for_a_seed(tmp_path):
    torch.set_num_threads(1)
    be = TinyBackend(ServerConfig(checkpoint_dir=str(tmp_path)))
    pairs = [(x["prompt"], x["completion"]) for x in arith(24)]
    hp = training.TrainHParams(n_epochs=1, batch_size=8, learning_rate=3e-3, n_steps=4)
    states = []
    for seed in (1, 1, 2):
        lm = be.trainable("tiny")
        training.train(lm, training.build_examples(lm, pairs), hp, seed)
        states.append(lm.module.state_dict())
    w = "blocks.0.attn.qkv.weight"
    assert torch.equal(states[0][w], states[1][w]) and not torch.equal(states[0][w], states[2][w])


def test_answer_only_labels_and_buckets(tmp_path):
    lm = TinyBackend(ServerConfig(checkpoint_dir=str(tmp_path))).load_base()
    (ids, labels), = training.build_examples(lm, [("Q: 1 + 2\nA:", " 3")])
    assert labels[:-3] == [training.IGNORE] * (len(ids) - 3) and labels[-1] == lm.eos_id
    groups = buckets([5, 50, 7, 48, 6], token_budget=100)
    assert groups == [[1, 3], [2, 4, 0]]
