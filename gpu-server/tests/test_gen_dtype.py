"""--gen-dtype: generation runs on a copy of the weights in another dtype while scoring keeps the
weights' own, so NLLs stay exact. In-process, on stories260K (a real 260K-parameter Llama).

    npm run test:py -- gpu-server/tests/test_gen_dtype.py      (a few seconds)
"""

import pytest
import torch

from activesynth_server import generation, scoring
from activesynth_server.backends import load_backend
from activesynth_server.config import parse_args
from activesynth_server.errors import ConfigError
from hf_models import STORY, stories


def served(tmp_path, *extra):
    cfg = parse_args(["--backend", "hf", "--model", stories(), "--device", "cpu", "--threads", "1",
                      "--checkpoint-dir", str(tmp_path), *extra])
    backend = load_backend(cfg)
    return backend, backend.load_base(stories())


def test_generation_runs_in_bf16_and_scoring_stays_float32(tmp_path):
    _, exact = served(tmp_path / "a")
    backend, lm = served(tmp_path / "b", "--gen-dtype", "bfloat16")
    assert backend.describe()["gen_dtype"] == "bfloat16" and backend.describe()["dtype"] == "float32"
    gen = lm.for_generation()
    assert gen is lm.for_generation()  # made once, kept
    assert {p.dtype for p in gen.module.parameters()} == {torch.bfloat16}
    assert {p.dtype for p in lm.module.parameters()} == {torch.float32}  # the served weights
    assert exact.for_generation() is exact  # without the flag there is no copy
    # greedy from BOS in bf16 still tells the model's reference story's opening
    out = generation.generate(lm, [lm.encode_prompt("")], 12)[0]
    assert STORY.startswith(out["text"][:20]) and out["tokens"] == 12, out
    # scoring is the float32 path on both servers: the same NLLs to 1e-6
    items = scoring.encode_items(lm, [{"prompt": "", "completion": STORY},
                                      {"prompt": "Once upon a time", "completion": " there was a dog."}])
    a = scoring.score(exact, items, False, 512)
    b = scoring.score(lm, items, False, 512)
    for x, y in zip(a, b):
        assert abs(x["mean_nll"] - y["mean_nll"]) < 1e-6, (x, y)


@pytest.mark.parametrize("flags, message", [
    (["--backend", "hf", "--model", "m.gguf", "--gen-dtype", "int4"], "--gen-dtype must be one of float32, bfloat16, float16"),
    (["--backend", "tiny", "--gen-dtype", "bfloat16"], "--gen-dtype is for --backend hf"),
])
def test_bad_gen_dtype_is_refused_naming_the_flag(flags, message):
    with pytest.raises(ConfigError, match=message):
        parse_args(flags)
