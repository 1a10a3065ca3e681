"""What the SmolLM2 benches share: the repository's paths, the data folder, and the student
server's hf backend on the GGUF file, on CPU with a set number of threads."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(REPO, "gpu-server"))
MODEL = os.path.join(REPO, ".activesynth", "models", "SmolLM2-135M-Instruct.Q4_1.gguf")


def data_dir():
    """$ACTIVESYNTH_DATA, else ../shared/data beside the repository."""
    return os.environ.get("ACTIVESYNTH_DATA", os.path.join(REPO, "..", "shared", "data"))


def hf_backend(bench, model, threads, *flags):
    """The server's hf backend on model with torch limited to threads (set before torch is
    imported); exits naming the bench when the model file is missing."""
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    import torch
    from activesynth_server.backends import load_backend
    from activesynth_server.config import parse_args
    torch.set_num_threads(threads)
    if not os.path.isfile(model):
        sys.exit(f"{bench}: {model} not found (bash scripts/fetch-models.sh fetches it)")
    ck = os.path.join(REPO, ".activesynth", "bench-ck")
    os.makedirs(ck, exist_ok=True)
    return load_backend(parse_args(["--backend", "hf", "--model", model, "--device", "cpu",
                                    "--threads", str(threads), "--checkpoint-dir", ck, *flags]))
