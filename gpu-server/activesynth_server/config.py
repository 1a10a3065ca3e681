"""Server configuration: one dataclass, parsed from flags and validated at start-up.

    .venv/bin/python gpu-server/serve.py --backend tiny --host 127.0.0.1 --port 8765

Every problem is a ConfigError whose message names the flag, so `serve.py` can print it and
exit before binding a port. Heavy imports (torch, transformers) are deferred to the backends.
"""

import argparse
import os
from dataclasses import dataclass, field

from .errors import ConfigError

BACKENDS = ("tiny", "hf")
DEVICES = ("auto", "cpu", "cuda")
DTYPES = ("auto", "float32", "bfloat16", "float16")


@dataclass
class ServerConfig:
    backend: str = "tiny"
    """Which model family to serve: `tiny` (plain-torch toy transformer) or `hf` (transformers)."""
    model: str = ""
    """hf: local path or hub name of a causal LM. tiny: ignored, or must be `tiny`."""
    host: str = "127.0.0.1"
    """Interface to bind; loopback unless told otherwise."""
    port: int = 8765
    """TCP port; 0 picks a free one (the ready line says which)."""
    api_key: str = ""
    """When set, every request needs `Authorization: Bearer <api_key>` (env ACTIVESYNTH_API_KEY)."""
    checkpoint_dir: str = "./.activesynth/checkpoints"
    """Where fine-tuned models, uploaded files and job records live; survives restarts."""
    device: str = "auto"
    """auto (cuda when available), cpu or cuda."""
    threads: int = 1
    """torch intra-op threads on CPU (default 1; `activesynth run` gives each server it starts the
    machine's cores shared out over its servers)."""
    max_body_mb: float = 64.0
    """Largest request body accepted, in MiB; larger bodies get 413."""
    lora: bool = True
    """hf: fine-tune LoRA adapters via peft (default); False means full fine-tuning."""
    dtype: str = "auto"
    """Weights dtype: auto (bf16 on cuda for hf, float32 otherwise), float32, bfloat16, float16."""
    gen_dtype: str = ""
    """hf: dtype of a second copy of each served model that generation runs on (greedy answers,
    chat, completions); "" = the weights' own dtype. Scoring, embeddings and training keep the
    weights' dtype, so NLLs stay exact. bfloat16 on a CPU with AMX or AVX512-BF16 answers 2-2.5x
    faster than float32 (bench/generation_bench.py); some greedy answers differ."""
    train_dtype: str = ""
    """hf: mixed precision for fine-tuning: the forward and backward passes run under
    torch.autocast in this dtype while the weights, the adapters and the optimiser stay in --dtype
    ("" = no autocast). bfloat16 trains SmolLM2-135M with LoRA about 2x faster on a CPU with AMX
    (bench/train_dtype_bench.py); the losses differ in the second or third digit."""
    score_token_budget: int = 0
    """Most (padded) tokens in one scoring/embedding/generation batch; 0 = auto: scoring 32768 on
    CUDA, on CPU 512 (hf) or 4096 (tiny), where smaller batches stay in cache; generation 65536
    on CUDA, 16384 (hf) or 4096 (tiny) on CPU. An OOM still splits a batch."""
    cache_size: int = 3
    """How many fine-tuned models are kept loaded (LRU)."""
    model_cache: str = ""
    """hf: where GGUF files are converted to float safetensors once ("" = $ACTIVESYNTH_MODEL_CACHE,
    else ~/.cache/activesynth/models)."""
    lora_r: int = 16
    """hf: LoRA rank."""
    lora_alpha: float = 32.0
    """hf: LoRA scaling numerator (the update is scaled by alpha / r)."""
    lora_targets: str = "all-linear"
    """hf: comma-separated names of the linear layers that get adapters (q_proj,v_proj), or
    all-linear (every linear layer but the output head); checked against the model at start-up."""
    train_processes: int = 1
    """Processes a fine-tuning job runs as (1: in the server's own process). N > 1: the job runs
    as N ranks under `accelerate launch` (train_worker.py; gloo on CPU, one GPU a rank on CUDA),
    each rank training its share of every global batch; the checkpoint is written once, by rank 0."""
    accelerate_config: str = ""
    """An `accelerate config` file for the --train-processes launch (multi-GPU, machine ranks,
    ports; passed as --config_file). "" = accelerate's own flags only."""
    parent_pid: int = 0
    """Exit when this process is gone (0: never). The CLI passes its own pid, so a killed CLI does
    not leave a server training (and holding GPU memory) forever."""
    extra: dict = field(default_factory=dict)

    def validate(self):
        if self.backend not in BACKENDS:
            raise ConfigError(f"--backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")
        if self.backend == "hf" and not self.model:
            raise ConfigError("--model is required with --backend hf (a local path or hub name)")
        if self.backend == "tiny" and self.model not in ("", "tiny"):
            raise ConfigError(f"--model must be 'tiny' (or left out) with --backend tiny, got {self.model!r}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"--port must be in 0..65535, got {self.port}")
        if self.device not in DEVICES:
            raise ConfigError(f"--device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        if self.dtype not in DTYPES:
            raise ConfigError(f"--dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        if self.gen_dtype not in ("",) + tuple(d for d in DTYPES if d != "auto"):
            raise ConfigError(f"--gen-dtype must be one of float32, bfloat16, float16 (or left out), "
                              f"got {self.gen_dtype!r}")
        if self.gen_dtype and self.backend != "hf":
            raise ConfigError("--gen-dtype is for --backend hf")
        if self.train_dtype not in ("", "bfloat16", "float16"):
            raise ConfigError(f"--train-dtype must be bfloat16 or float16 (or left out), "
                              f"got {self.train_dtype!r}")
        if self.train_dtype and self.backend != "hf":
            raise ConfigError("--train-dtype is for --backend hf")
        if self.threads < 1:
            raise ConfigError(f"--threads must be >= 1, got {self.threads}")
        if not self.max_body_mb > 0:
            raise ConfigError(f"--max-body-mb must be > 0, got {self.max_body_mb}")
        if self.score_token_budget and self.score_token_budget < 16:
            raise ConfigError(f"--score-token-budget must be 0 (auto) or >= 16, "
                              f"got {self.score_token_budget}")
        if self.train_processes < 1:
            raise ConfigError(f"--train-processes must be >= 1, got {self.train_processes}")
        if self.accelerate_config and not os.path.isfile(self.accelerate_config):
            raise ConfigError(f"--accelerate-config {self.accelerate_config!r} is not a file")
        if self.accelerate_config and self.train_processes < 2:
            raise ConfigError("--accelerate-config needs --train-processes 2 or more")
        if self.parent_pid < 0:
            raise ConfigError(f"--parent-pid must be a process id (or 0), got {self.parent_pid}")
        if self.cache_size < 1:
            raise ConfigError(f"--cache-size must be >= 1, got {self.cache_size}")
        if self.lora_r < 1:
            raise ConfigError(f"--lora-r must be >= 1, got {self.lora_r}")
        if not self.lora_alpha > 0:
            raise ConfigError(f"--lora-alpha must be > 0, got {self.lora_alpha}")
        if not self.lora_targets or any(not t.strip() for t in self.lora_targets.split(",")):
            raise ConfigError(f"--lora-targets must be all-linear or a comma-separated list of "
                              f"layer names, got {self.lora_targets!r}")
        if not self.checkpoint_dir:
            raise ConfigError("--checkpoint-dir must not be empty")
        try:
            os.makedirs(self.checkpoint_dir, exist_ok=True)
        except OSError as e:
            raise ConfigError(f"--checkpoint-dir {self.checkpoint_dir!r} cannot be created: {e}")
        if not os.access(self.checkpoint_dir, os.W_OK):
            raise ConfigError(f"--checkpoint-dir {self.checkpoint_dir!r} is not writable")
        return self


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ConfigError(message)


def parse_args(argv=None):
    """Flags -> validated ServerConfig (raises ConfigError naming the flag)."""
    p = _Parser(prog="serve.py", description="activesynth student server (OpenAI-compatible)")
    p.add_argument("--backend", default="tiny", help="tiny | hf (default tiny)")
    p.add_argument("--model", default="", help="hf: path or hub name; tiny: 'tiny' or nothing")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--api-key", default=os.environ.get("ACTIVESYNTH_API_KEY", ""),
                   help="require Authorization: Bearer KEY (env ACTIVESYNTH_API_KEY)")
    p.add_argument("--checkpoint-dir", default="./.activesynth/checkpoints")
    p.add_argument("--device", default="auto", help="auto | cpu | cuda")
    p.add_argument("--threads", type=int, default=1, help="torch threads on CPU (default 1)")
    p.add_argument("--max-body-mb", type=float, default=64.0)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--lora", dest="lora", action="store_true", default=True,
                   help="hf: LoRA fine-tuning via peft (default)")
    g.add_argument("--full-finetune", dest="lora", action="store_false",
                   help="hf: fine-tune all weights")
    p.add_argument("--dtype", default="auto", help="auto | float32 | bfloat16 | float16")
    p.add_argument("--gen-dtype", default="", help="hf: dtype generation runs in (a second copy of "
                   "the weights; scoring and training keep --dtype); default: the weights' own")
    p.add_argument("--train-dtype", default="", help="hf: fine-tune under autocast in this dtype "
                   "(bfloat16 or float16; weights and optimiser keep --dtype); default: none")
    p.add_argument("--score-token-budget", type=int, default=0, help="0 = auto")
    p.add_argument("--cache-size", type=int, default=3)
    p.add_argument("--model-cache", default="", help="hf: where GGUF files are converted (once)")
    p.add_argument("--lora-r", type=int, default=16, help="hf: LoRA rank (default 16)")
    p.add_argument("--lora-alpha", type=float, default=32.0, help="hf: LoRA alpha (default 32)")
    p.add_argument("--lora-targets", default="all-linear",
                   help="hf: layers that get adapters, e.g. q_proj,v_proj (default all-linear)")
    p.add_argument("--train-processes", type=int, default=1,
                   help="fine-tuning jobs run as N processes through accelerate (default 1: in "
                   "the server's process)")
    p.add_argument("--accelerate-config", default="",
                   help="accelerate config file for --train-processes N (e.g. multi-GPU)")
    p.add_argument("--parent-pid", type=int, default=0,
                   help="exit when the process with this id is gone (default 0: never)")
    a = p.parse_args(argv)
    cfg = ServerConfig(backend=a.backend, model=a.model, host=a.host, port=a.port,
                       api_key=a.api_key, checkpoint_dir=a.checkpoint_dir, device=a.device,
                       threads=a.threads, max_body_mb=a.max_body_mb, lora=a.lora, dtype=a.dtype, gen_dtype=a.gen_dtype,
                       train_dtype=a.train_dtype,
                       score_token_budget=a.score_token_budget, cache_size=a.cache_size,
                       model_cache=a.model_cache, lora_r=a.lora_r, lora_alpha=a.lora_alpha,
                       lora_targets=a.lora_targets.replace(" ", ""), parent_pid=a.parent_pid,
                       train_processes=a.train_processes, accelerate_config=a.accelerate_config)
    return cfg.validate()
