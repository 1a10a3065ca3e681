"""In-process tests of the package's seams: the Backend interface (a subclass that misses a method
fails when built), the reward hook, the route table and `python -m activesynth_server`.

    npm run test:py -- gpu-server/tests/test_package.py
"""

import asyncio
import os
import subprocess
import sys
import threading
from types import SimpleNamespace

import pytest

from activesynth_server import reward
from activesynth_server.backends.base import Backend, LoadedModel
from activesynth_server.errors import APIError
from activesynth_server.registry import Registry
from activesynth_server.app import make_app
from activesynth_server.routes import ROUTES
from activesynth_server.tiny.backend import TinyBackend

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = SimpleNamespace(threads=1, device="cpu")
ITEMS = [("Q: 1 + 2\nA:", " 3"), ("Tom has", " 3 apples.")]


class Complete(Backend):
    name = "complete"

    def base_ids(self):
        return ["base"]

    def load_base(self, model_id):
        return model_id

    def load_checkpoint(self, ckpt_dir, meta):
        return meta["id"]

    def trainable(self, base_id, ckpt_dir=None, meta=None):
        return base_id

    def save(self, lm, ckpt_dir):
        return {}

    def default_hparams(self):
        return {"n_epochs": 1, "batch_size": 1, "learning_rate": 1e-3}


def test_a_backend_that_misses_a_method_fails_when_built():
    class NoSave(Backend):
        name = "no-save"
        base_ids = Complete.base_ids
        load_base, load_checkpoint = Complete.load_base, Complete.load_checkpoint
        trainable, default_hparams = Complete.trainable, Complete.default_hparams

    with pytest.raises(TypeError, match="abstract method.*save"):
        NoSave(CFG)
    with pytest.raises(TypeError, match="name"):
        type("Nameless", (Complete,), {"name": ""})(CFG)
    be = Complete(CFG)  # every abstract method: built, with the documented defaults
    assert str(be.device) == "cpu" and be.cfg is CFG
    assert be.check_can_train() is None and be.describe() == {} and be.reward_kind == "yes-no"


def test_a_loaded_model_that_misses_a_method_fails_when_built():
    class NoDecode(LoadedModel):
        def encode_prompt(self, text):
            return []

        encode_completion = encode_prompt

        def forward(self, ids, attention_mask, position_ids=None, past=None, want_hidden=False,
                    use_cache=False):
            return None, None, None

        def render_chat(self, messages):
            return ""

    with pytest.raises(TypeError, match="decode"):
        NoDecode()


def _engine(backend, tmp_path):
    return SimpleNamespace(backend=backend, registry=Registry(backend, str(tmp_path)),
                           lock=threading.Lock(), budget=4096)


def test_tiny_rewards_go_through_the_hook(tmp_path):
    engine = _engine(TinyBackend(CFG), tmp_path)
    kind, judge = engine.backend.reward_judge("tiny", engine.registry)
    assert kind == "likelihood" and judge is engine.registry.get("tiny")
    out = reward.rewards(engine, SimpleNamespace(model="tiny", items=ITEMS))
    assert out["kind"] == "likelihood" and [d["index"] for d in out["data"]] == [0, 1]
    want = reward.likelihood_rewards(judge, ITEMS, 4096)
    assert [d["reward"] for d in out["data"]] == pytest.approx(want)
    with pytest.raises(APIError) as err:  # not served: the registry's 404 naming `model`
        reward.rewards(engine, SimpleNamespace(model="nope", items=ITEMS))
    assert err.value.status == 404 and err.value.param == "model"


def test_a_backend_hook_picks_any_judge(tmp_path):
    class Classifier:
        def rewards(self, items):
            return [float(len(c)) for _, c in items]

    class Judging(Complete):
        def reward_judge(self, model_id, registry):
            return "classifier", Classifier()

    out = reward.rewards(_engine(Judging(CFG), tmp_path), SimpleNamespace(model="rm", items=ITEMS))
    assert out["kind"] == "classifier" and [d["reward"] for d in out["data"]] == [2.0, 10.0]


def test_routes_are_named_handlers_and_unknown_ones_answer_404_or_405():
    from aiohttp.test_utils import make_mocked_request
    assert "<lambda>" not in {fn.__name__ for _, _, fn in ROUTES}
    app = make_app(SimpleNamespace(max_body_mb=1, api_key=None), engine=None)

    def resolve(method, path):
        return asyncio.run(app.router.resolve(make_mocked_request(method, path, app=app)))

    info = resolve("GET", "/v1/fine_tuning/jobs/ftjob-1/events")
    assert info.handler.__name__ == "list_job_events" and info["job_id"] == "ftjob-1"
    info = resolve("GET", "/v1/models/Qwen/Qwen2.5-0.5B-Instruct/")  # hub ids hold a '/'
    assert info.handler.__name__ == "get_model" and info["model"] == "Qwen/Qwen2.5-0.5B-Instruct"
    for method, path, status in [("GET", "/v2/nothing", 404), ("DELETE", "/v1/models", 405)]:
        assert resolve(method, path).http_exception.status == status


def test_python_dash_m_runs_the_server(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "activesynth_server", "--port", "0",
                             "--threads", "1", "--checkpoint-dir", str(tmp_path)],
                            cwd=os.path.join(HERE, ".."), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline().startswith("activesynth-server ready http://127.0.0.1:")
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
