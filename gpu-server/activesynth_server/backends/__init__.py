"""Model backends behind one interface: `tiny` (plain torch) and `hf` (transformers + peft).

    backend = load_backend(config)        # imports transformers only for --backend hf

A backend exposes:
    name, device, base_ids()                      ids it serves without a checkpoint
    load_base(id) / load_checkpoint(dir, meta)    -> LoadedModel (eval mode, no grad)
    trainable(base_id or None, dir, meta)         -> LoadedModel ready to train (fresh copy)
    save(lm, dir) -> dict                         writes weights, returns extra meta for config.json
    default_hparams()                             defaults of n_epochs, batch_size, learning_rate
    check_can_train()                             raises APIError 501 when a package is missing
    describe()                                    facts for GET /health
"""

from ..errors import ConfigError


def load_backend(cfg):
    if cfg.backend == "tiny":
        from ..tiny.backend import TinyBackend
        return TinyBackend(cfg)
    if cfg.backend == "hf":
        try:
            import transformers  # noqa: F401
        except ImportError:
            raise ConfigError("--backend hf needs the Python package 'transformers', which is not "
                              "installed (pip install -e \"gpu-server[hf]\", or bash scripts/setup.sh)")
        from ..hf.backend import HFBackend
        return HFBackend(cfg)
    raise ConfigError(f"--backend: unknown backend {cfg.backend!r}")


def pick_device(cfg):
    """--device auto|cpu|cuda -> torch.device, failing at start-up naming the flag."""
    import torch
    if cfg.device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for but torch sees no CUDA device")
    if cfg.device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(cfg.device)
