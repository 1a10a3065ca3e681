"""Model backends behind one interface (backends/base.py: Backend, LoadedModel): `tiny` (plain
torch, tiny/) and `hf` (transformers + peft, hf/).

    backend = load_backend(config)        # imports transformers only for --backend hf
"""

from ..errors import ConfigError


def load_backend(cfg):
    """ServerConfig -> the Backend named by --backend (ConfigError naming the flag otherwise)."""
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
