"""The torch device a backend runs on, from --device (auto, cpu or cuda).

    device = pick_device(cfg)        # ConfigError naming --device when cuda is asked but absent

Its own module so that both backends import it without importing `backends` (which imports them).
"""

from .errors import ConfigError


def pick_device(cfg):
    """--device auto|cpu|cuda -> torch.device, failing at start-up naming the flag."""
    import torch
    if cfg.device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for but torch sees no CUDA device")
    if cfg.device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(cfg.device)
