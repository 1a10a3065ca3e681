"""--train-processes N: a fine-tuning job as N processes under `accelerate launch` (gloo on CPU),
against the same job in the server's own process (--train-processes 1, the default). At the same
global batch, data order and seed the per-step losses agree within TOL (relative), the checkpoint
is written once (by rank 0) and the server serves it: its scores agree with the one-process
model's within TOL. The same with an FSDP accelerate config (the hf model sharded over the ranks
with torch's fully_shard; rank 0 writes the gathered weights). Bad flags are refused naming them.

    npm run test:py -- gpu-server/tests/test_train_processes.py      (about two minutes on 2 cores)
"""

import os
import subprocess
import sys
import time

import pytest

from activesynth_server.config import parse_args
from activesynth_server.errors import ConfigError
from activesynth_server.train_processes import check_accelerate_config
from conftest import SERVE, arith
from hf_models import stories

# measured on the 2-core CPU machine: tiny 1.7e-7, hf LoRA on stories260K 1.1e-6 (the largest
# relative difference of a step's loss or of a score); the difference is the order of float sums
TOL = 1e-5

TRAIN = arith(48, seed=1)
STORY_PAIRS = [{"prompt": f"Tom had {a} red balls.", "completion": f" He gave {b} to Sue and kept {a - b}."}
               for a in range(5, 13) for b in (1, 2, 3)]


def run_job(server, model, data, hp, seed=3):
    fid = server.upload(data)["id"]
    job = server.ok("POST", "/v1/fine_tuning/jobs", {"model": model, "training_file": fid,
                                                     "seed": seed, "hyperparameters": hp})
    job = server.wait_job(job["id"], timeout=300)
    assert job["status"] == "succeeded", job["error"]
    events = server.ok("GET", f"/v1/fine_tuning/jobs/{job['id']}/events?limit=1000")["data"][::-1]
    assert any(e["message"].startswith(f"Fine-tuning started: {len(data)} examples") for e in events)
    losses = [e["data"]["train_loss"] for e in events if e["type"] == "metrics"]
    return job, losses


def rel(a, b):
    return abs(a - b) / max(abs(a), 1e-12)


def files_of(server, job):
    folder = os.path.join(server.checkpoint_dir, job["id"])
    return sorted(os.path.relpath(os.path.join(d, n), folder)
                  for d, _, names in os.walk(folder) for n in names)


def check_written_once(server, job, weights):
    """One checkpoint folder holding the weights; rank 0 wrote them, rank 1 nothing."""
    import json
    ckpt = server.checkpoint_dir
    jid = job["id"]
    assert not os.path.exists(os.path.join(ckpt, jid + ".tmp"))
    found = files_of(server, job)
    assert found == sorted(weights + ["config.json"]), found
    with open(os.path.join(ckpt, ".jobs", jid + ".run", "progress.jsonl")) as f:
        lines = [json.loads(x) for x in f]
    wrote = {x["rank"]: x["wrote"] for x in lines if "rank" in x}
    assert wrote == {0: sorted(weights), 1: []}, wrote
    assert sum("done" in x for x in lines) == 1


def compare(one, two, model, data, hp, weights=None):
    """weights: the checkpoint's files besides config.json (None: those the one-process job
    wrote)."""
    job1, losses1 = run_job(one, model, data, hp)
    job2, losses2 = run_job(two, model, data, hp)
    if weights is None:
        weights = [f for f in files_of(one, job1) if f != "config.json"]
    assert len(losses1) == len(losses2) == hp["n_steps"]
    worst = max(rel(a, b) for a, b in zip(losses1, losses2))
    assert worst <= TOL, (worst, losses1, losses2)
    assert losses2[-1] < 0.7 * losses2[0]  # it learnt
    assert job1["trained_tokens"] == job2["trained_tokens"]
    check_written_once(two, job2, weights)
    # served afterwards: scores as the one-process model's, a completion answers
    items = [{"prompt": d["prompt"], "completion": d["completion"]} for d in data[:8]]
    s1 = one.ok("POST", "/v1/score", {"model": job1["fine_tuned_model"], "items": items})["data"]
    s2 = two.ok("POST", "/v1/score", {"model": job2["fine_tuned_model"], "items": items})["data"]
    for a, b in zip(s1, s2):
        assert rel(a["mean_nll"], b["mean_nll"]) <= TOL, (s1, s2)
    out = two.ok("POST", "/v1/completions", {"model": job2["fine_tuned_model"],
                                              "prompt": data[0]["prompt"], "max_tokens": 4})
    assert out["model"] == job2["fine_tuned_model"] and out["choices"][0]["text"]
    assert job2["fine_tuned_model"] in [m["id"] for m in two.ok("GET", "/v1/models")["data"]]
    return worst


@pytest.fixture(scope="module")
def tiny_pair(start_server_module):
    return (start_server_module(["--threads", "2"]),
            start_server_module(["--threads", "2", "--train-processes", "2"]))


@pytest.fixture(scope="module")
def start_server_module(tmp_path_factory):
    """start(args) -> a server with those flags, started once per module (the one-process hf
    server serves the MULTI_GPU and the FSDP LoRA tests)."""
    from conftest import Server
    started = {}

    def start(args):
        if tuple(args) not in started:
            started[tuple(args)] = Server(args, str(tmp_path_factory.mktemp("ckpt")))
        return started[tuple(args)]

    yield start
    for s in started.values():
        s.stop()


def test_tiny_two_processes_train_as_one(tiny_pair):
    one, two = tiny_pair
    worst = compare(one, two, "tiny", TRAIN, {"n_steps": 20, "batch_size": 16}, ["model.pt"])
    print(f"tiny: largest relative difference {worst:.2e}")


def test_hf_lora_two_processes_train_as_one(start_server_module, tmp_path):
    """stories260K with LoRA; the 2-process server takes an accelerate config file."""
    conf = tmp_path / "accelerate.yaml"
    conf.write_text("compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\n"
                    "num_machines: 1\nnum_processes: 2\nmixed_precision: 'no'\n")
    hf = ["--backend", "hf", "--model", stories(), "--device", "cpu", "--threads", "2"]
    one = start_server_module(hf)
    two = start_server_module(hf + ["--train-processes", "2", "--accelerate-config", str(conf)])
    worst = compare(one, two, stories(), STORY_PAIRS,
                    {"n_steps": 12, "batch_size": 8, "learning_rate": 3e-3},
                    ["adapter/README.md", "adapter/adapter_config.json",
                     "adapter/adapter_model.safetensors"])
    print(f"hf LoRA: largest relative difference {worst:.2e}")


@pytest.mark.parametrize("finetune", ["lora", "full"])
def test_hf_fsdp_two_processes_train_as_one(start_server_module, tmp_path, finetune):
    """stories260K sharded over 2 ranks (an FSDP accelerate config: fully_shard over gloo), LoRA
    and full fine-tuning; rank 0 writes the gathered weights, which the server serves."""
    conf = tmp_path / "fsdp.yaml"
    conf.write_text("compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\n"
                    "num_machines: 1\nnum_processes: 2\nmixed_precision: 'no'\n")
    hf = ["--backend", "hf", "--model", stories(), "--device", "cpu", "--threads", "2"]
    hf += ["--full-finetune"] if finetune == "full" else []
    one = start_server_module(hf)
    two = start_server_module(hf + ["--train-processes", "2", "--accelerate-config", str(conf)])
    worst = compare(one, two, stories(), STORY_PAIRS,
                    {"n_steps": 6, "batch_size": 8, "learning_rate": 3e-3})
    print(f"hf FSDP {finetune}: largest relative difference {worst:.2e}")


def ranks_of(run_dir):
    """Processes whose command line names run_dir (the launcher and its ranks)."""
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if run_dir.encode() in f.read():
                        pids.append(int(pid))
            except OSError:
                pass
    return pids


def test_cancel_stops_the_processes(tiny_pair):
    _, two = tiny_pair
    fid = two.upload(TRAIN)["id"]
    job = two.ok("POST", "/v1/fine_tuning/jobs", {"model": "tiny", "training_file": fid,
                                                  "hyperparameters": {"n_steps": 100000}})
    jid = job["id"]
    run_dir = os.path.join(two.checkpoint_dir, ".jobs", jid + ".run")
    t0 = time.time()
    while not any(e["message"].startswith("Fine-tuning started") for e in
                  two.ok("GET", f"/v1/fine_tuning/jobs/{jid}/events")["data"]):
        assert time.time() - t0 < 120, "no progress from the ranks"
        time.sleep(0.2)
    assert len(ranks_of(run_dir)) >= 3  # the launcher and two ranks
    assert two.ok("POST", f"/v1/fine_tuning/jobs/{jid}/cancel")["status"] == "cancelled"
    t0 = time.time()
    while ranks_of(run_dir):
        assert time.time() - t0 < 30, ranks_of(run_dir)
        time.sleep(0.2)
    assert two.wait_job(jid)["status"] == "cancelled"
    # the status says cancelled at once; the job's thread then cleans up and says so last
    while not any(e["message"] == "The job was cancelled" for e in
                  two.ok("GET", f"/v1/fine_tuning/jobs/{jid}/events")["data"]):
        assert time.time() - t0 < 60, "the job's thread did not finish"
        time.sleep(0.1)
    assert not os.path.exists(os.path.join(two.checkpoint_dir, jid))
    assert not os.path.exists(os.path.join(two.checkpoint_dir, jid + ".tmp"))
    two.ok("POST", "/v1/score", {"model": "tiny", "items": TRAIN[:1]})


@pytest.mark.parametrize("flags, message", [
    (["--train-processes", "0"], "--train-processes must be >= 1, got 0"),
    (["--train-processes", "2", "--accelerate-config", "/nonexistent/acc.yaml"],
     "--accelerate-config '/nonexistent/acc.yaml' is not a file"),
    (["--accelerate-config", __file__], "--accelerate-config needs --train-processes 2 or more"),
])
def test_bad_flags_are_refused_naming_them(flags, message):
    with pytest.raises(ConfigError, match=message):
        parse_args(flags)


@pytest.mark.parametrize("text, message", [
    ("distributed_type: DEEPSPEED\n", "distributed_type DEEPSPEED is not supported"),
    ("distributed_type: MEGATRON_LM\n", "distributed_type MEGATRON_LM is not supported"),
    ("distributed_type: MULTI_GPU\nuse_cpu: true\n", "use_cpu is not supported"),
    ("- a list\n", "is not an accelerate config"),
])
def test_unsupported_accelerate_configs_are_refused(tmp_path, text, message):
    path = tmp_path / "acc.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        check_accelerate_config(str(path))


@pytest.mark.parametrize("kind, message", [
    ("DEEPSPEED", "distributed_type DEEPSPEED is not supported"),
    ("FSDP", "distributed_type FSDP needs --backend hf"),  # the tiny backend: not sharded
])
def test_server_exits_naming_the_flag(tmp_path, kind, message):
    conf = tmp_path / "acc.yaml"
    conf.write_text(f"distributed_type: {kind}\n")
    p = subprocess.run([sys.executable, SERVE, "--checkpoint-dir", str(tmp_path / "c"),
                        "--train-processes", "2", "--accelerate-config", str(conf)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.strip().splitlines()[-1].startswith(
        "activesynth-server: --accelerate-config: " + message), p.stderr
