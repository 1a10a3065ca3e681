"""--train-dtype: fine-tuning under torch.autocast (mixed precision) while the weights, adapters
and optimiser keep float32. In-process, on stories260K (a real 260K-parameter Llama).

    npm run test:py -- gpu-server/tests/test_train_dtype.py      (a few seconds)
"""

import pytest
import torch

from activesynth_server.backends import load_backend
from activesynth_server.config import parse_args
from activesynth_server.errors import ConfigError
from activesynth_server.training import TrainHParams, build_examples, train
from hf_models import stories

PAIRS = [(f"Tom had {a} red balls.", f" He gave {b} to Sue and kept {a - b}.") for a in range(5, 13)
         for b in (1, 2, 3)]


def fit(tmp_path, *extra):
    cfg = parse_args(["--backend", "hf", "--model", stories(), "--device", "cpu", "--threads", "1",
                      "--checkpoint-dir", str(tmp_path), *extra])
    backend = load_backend(cfg)
    lm = backend.trainable(stories())
    examples = build_examples(lm, PAIRS)
    losses = []
    hp = TrainHParams(n_epochs=6, batch_size=8, learning_rate=3e-3, warmup_steps=0)
    train(lm, examples, hp, seed=1, log_every=1, autocast=backend.train_autocast,
          on_progress=lambda step, total, loss, tps, tok: losses.append(loss))
    return backend, lm, losses


def test_bf16_autocast_trains_like_float32_and_keeps_float32_weights(tmp_path):
    _, _, exact = fit(tmp_path / "a")
    backend, lm, mixed = fit(tmp_path / "b", "--train-dtype", "bfloat16")
    assert backend.describe()["train_dtype"] == "bfloat16" and backend.describe()["dtype"] == "float32"
    assert {p.dtype for p in lm.module.parameters() if p.requires_grad} == {torch.float32}
    assert len(mixed) == len(exact) == 18
    # both learn: the last epoch's loss is well under the first step's
    assert exact[-1] < 0.6 * exact[0] and mixed[-1] < 0.6 * mixed[0], (exact, mixed)
    # the first step is the same model in another precision: its loss within 2%; the paths then
    # drift apart as rounding compounds, but stay near: every step within 15%
    assert abs(exact[0] - mixed[0]) <= 0.02 * exact[0], (exact, mixed)
    for x, y in zip(exact, mixed):
        assert abs(x - y) <= 0.15 * x, (exact, mixed)
    # and not bit-identical: autocast really ran in bf16
    assert any(x != y for x, y in zip(exact, mixed))


@pytest.mark.parametrize("flags, message", [
    (["--backend", "hf", "--model", "m.gguf", "--train-dtype", "float32"], "--train-dtype must be bfloat16 or float16"),
    (["--backend", "tiny", "--train-dtype", "bfloat16"], "--train-dtype is for --backend hf"),
])
def test_bad_train_dtype_is_refused_naming_the_flag(flags, message):
    with pytest.raises(ConfigError, match=message):
        parse_args(flags)
