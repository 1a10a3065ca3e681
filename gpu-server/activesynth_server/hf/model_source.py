"""Where an hf model comes from, checked before any weights are read.

    src = resolve("path/to/SmolLM2-135M-Instruct.Q4_1.gguf")   # or a folder, or a hub name
    folder = src.folder(cache_root)                            # a GGUF is converted once

A model id is one of:
- a local GGUF file (`*.gguf`, or any file that starts with the GGUF magic bytes): its weights are
  dequantised by transformers to float, its tokenizer is built from the file's own vocabulary
  (gguf_tokenizer.py), and the result is written once as an ordinary HF folder (safetensors) under
  the conversion cache, keyed by the file's path, size and modification time. Later loads (every
  server start, every LoRA checkpoint) read that folder in well under a second.
- a local HF folder (config.json + weights + tokenizer files);
- a hub name such as `Qwen/Qwen2.5-0.5B-Instruct` (needs a model hub or its local cache).
A path that starts with `/`, `./`, `../` or `~`, or ends in `.gguf`, is local and must exist.

Every problem is a ConfigError naming the model and what is wrong with it (missing, not GGUF,
truncated, a quantisation transformers cannot dequantise, too large for memory).
"""

import hashlib
import json
import os
import shutil
import sys

from ..errors import ConfigError
from . import gguf_tokenizer

FLOAT_TYPES = {"F32", "F16", "BF16", "F64"}
# ggml types transformers 5 dequantises (its integrations/gguf/dequant.py), used when that module
# cannot be imported to ask it
KNOWN_DEQUANT = {"Q4_0", "Q4_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ2_XXS",
                 "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "IQ1_M"}


def dequantisable_types():
    """ggml type names the installed transformers can turn into float weights."""
    try:
        from transformers.integrations.gguf.dequant import GGML_NAME
        return FLOAT_TYPES | set(GGML_NAME.values())
    except ImportError:
        return FLOAT_TYPES | KNOWN_DEQUANT


def default_cache():
    """$ACTIVESYNTH_MODEL_CACHE, else $XDG_CACHE_HOME/activesynth/models (~/.cache/...)."""
    if os.environ.get("ACTIVESYNTH_MODEL_CACHE"):
        return os.environ["ACTIVESYNTH_MODEL_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "activesynth", "models")


class Source:
    """A resolved model id: kind is "gguf", "folder" or "hub"; path is where it lives."""

    def __init__(self, model_id, kind, path):
        self.id, self.kind, self.path = model_id, kind, path

    def folder(self, cache_root):
        """A folder (or hub name) that transformers' from_pretrained reads directly."""
        if self.kind != "gguf":
            return self.path
        return convert_gguf(self.path, cache_root, self.id)


def _looks_local(model_id):
    return model_id.startswith(("/", "./", "../", "~")) or gguf_tokenizer.is_gguf(model_id)


def _magic(path):
    with open(path, "rb") as f:
        return f.read(4)


def resolve(model_id, flag="--model"):
    """-> Source for model_id, or ConfigError naming flag and the problem."""
    path = os.path.expanduser(model_id)
    if os.path.isdir(path):
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise ConfigError(f"{flag} {model_id!r} is a folder without config.json; give a model "
                              "folder (config.json, weights, tokenizer) or a .gguf file")
        return Source(model_id, "folder", path)
    if os.path.isfile(path):
        if gguf_tokenizer.is_gguf(path) or _magic(path) == b"GGUF":
            check_gguf(path, model_id, flag)
            return Source(model_id, "gguf", os.path.abspath(path))
        raise ConfigError(f"{flag} {model_id!r} is a file but not a GGUF file (it does not start "
                          "with the GGUF magic bytes); give a .gguf file or a model folder")
    if _looks_local(model_id):
        raise ConfigError(f"{flag} {model_id!r}: no such file or folder")
    return Source(model_id, "hub", model_id)


def check_gguf(path, model_id, flag="--model"):
    """Magic bytes, a readable header, every tensor inside the file, quantisations that the
    installed transformers can dequantise. Reads the header only (memory-mapped)."""
    size = os.path.getsize(path)
    if size < 24 or _magic(path) != b"GGUF":
        raise ConfigError(f"{flag} {model_id!r} is not a GGUF file (it does not start with the "
                          "GGUF magic bytes)")
    try:
        import gguf
    except ImportError:
        raise ConfigError(f"{flag} {model_id!r} is a GGUF file, which needs the Python package "
                          "'gguf' (pip install -e \"gpu-server[hf]\")")
    try:
        reader = gguf.GGUFReader(path)
    except Exception as e:  # noqa: BLE001 - numpy/struct errors on a cut or corrupt header
        raise ConfigError(f"{flag} {model_id!r} is truncated or corrupt: its GGUF header cannot be "
                          f"read ({type(e).__name__}: {e})")
    if not reader.tensors:
        raise ConfigError(f"{flag} {model_id!r} holds no tensors")
    for t in reader.tensors:
        end = int(t.data_offset) + int(t.n_bytes)
        if end > size:
            raise ConfigError(f"{flag} {model_id!r} is truncated: tensor {t.name} ends at byte "
                              f"{end} but the file has {size} bytes")
    ok = dequantisable_types()
    for t in reader.tensors:
        kind = t.tensor_type.name
        if kind not in ok:
            raise ConfigError(f"{flag} {model_id!r}: tensor {t.name} is quantised as {kind}, which "
                              f"the installed transformers cannot dequantise (it reads "
                              f"{', '.join(sorted(ok))}); re-quantise the model, e.g. to Q8_0")


def _cache_key(path):
    st = os.stat(path)
    raw = f"{os.path.realpath(path)}:{st.st_size}:{st.st_mtime_ns}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def sanitise_ids(cfg):
    """GGUF stores "no token" as 0xFFFFFFFF; transformers wants None (stories260K's pad id)."""
    for name in ("pad_token_id", "bos_token_id", "eos_token_id", "unk_token_id"):
        v = getattr(cfg, name, None)
        if isinstance(v, int) and not 0 <= v < cfg.vocab_size:
            setattr(cfg, name, None)
    return cfg


def gguf_tokenizer_for(path):
    """The tokenizer of a GGUF file: built from its vocabulary (gguf_tokenizer) for the families
    whose rules we know, else transformers' own GGUF tokenizer. Must round-trip text."""
    from transformers import AutoTokenizer
    fields = gguf_tokenizer.read_gguf_fields(path)
    family, pre = fields.get("tokenizer.ggml.model"), fields.get("tokenizer.ggml.pre")
    ours = family == "llama" or (family == "gpt2" and (
        pre in gguf_tokenizer.PRE_SPLITS or pre in (None, "default", "gpt-2")))
    if ours:
        tok, how = gguf_tokenizer.tokenizer_from_gguf(path, fields), "built from its vocabulary"
    else:
        tok = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
        how = "transformers' GGUF tokenizer"
    problem = gguf_tokenizer.check_round_trip(tok)
    if problem:
        raise ConfigError(f"--model {path!r}: the tokenizer ({how}) does not round-trip text: "
                          f"{problem}")
    return tok


def convert_gguf(path, cache_root, model_id=None):
    """GGUF file -> cached HF folder (float32 safetensors, config, tokenizer), made once."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM
    stem = os.path.splitext(os.path.basename(path))[0]
    folder = os.path.join(cache_root, f"{stem}-{_cache_key(path)}")
    if os.path.isfile(os.path.join(folder, "source.json")):
        return folder
    print(f"[activesynth] converting {path} to float32 safetensors in {folder} (once)",
          file=sys.stderr, flush=True)
    d, name = os.path.dirname(path), os.path.basename(path)
    tok = gguf_tokenizer_for(path)
    cfg = sanitise_ids(AutoConfig.from_pretrained(d, gguf_file=name))
    # dequantised to float32 on the CPU first, whatever --dtype and --device say
    check_fits(cfg, torch.float32, torch.device("cpu"), model_id or path)
    try:
        model = AutoModelForCausalLM.from_pretrained(d, gguf_file=name, config=cfg,
                                                     dtype=torch.float32)
    except (ValueError, KeyError, RuntimeError, NotImplementedError) as e:
        raise ConfigError(f"--model {path!r} cannot be loaded by transformers: {e}")
    # the weights are float now; drop the GGUF quantizer so the model saves as a plain one
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    for name_ in ("pad_token_id", "bos_token_id", "eos_token_id"):
        tid = getattr(tok, name_, None)
        if tid is not None:
            setattr(model.config, name_, tid)
    tmp = folder + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    with open(os.path.join(tmp, "source.json"), "w") as f:
        json.dump({"gguf": os.path.realpath(path), "bytes": os.path.getsize(path)}, f)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder


def available_bytes(device):
    """Free memory where the weights will live: the GPU's free memory, or MemAvailable."""
    import torch
    if device.type == "cuda":
        return torch.cuda.mem_get_info(device)[0]
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def check_fits(config, dtype, device, model_id, flag="--model"):
    """ConfigError when the model's weights alone would not fit in free memory. Counts the
    parameters on the meta device (no memory), so it costs milliseconds."""
    import torch
    from transformers import AutoModelForCausalLM
    try:
        with torch.device("meta"):
            n = sum(p.numel() for p in AutoModelForCausalLM.from_config(config).parameters())
    except Exception:  # noqa: BLE001 - unknown architectures are left to from_pretrained
        return None
    need = n * torch.tensor([], dtype=dtype).element_size()
    free = available_bytes(device)
    if free is not None and need > free:
        gib = 1 << 30
        raise ConfigError(f"{flag} {model_id!r} has {n / 1e9:.2f}B parameters: {need / gib:.1f} GiB "
                          f"as {str(dtype).replace('torch.', '')}, but {device.type} has "
                          f"{free / gib:.1f} GiB free; use a smaller model or --dtype bfloat16")
    return n
