"""The two interfaces the shared engine code relies on: Backend (a model family: loads, trains and
saves models) and LoadedModel (one model: encodes, decodes, runs forward).

    class MyBackend(Backend): ...        # must implement every abstract method
    backend = MyBackend(cfg)             # TypeError here, at start-up, when one is missing

Backends subclass both and must implement the abstract methods (a subclass that misses one fails
when it is built, not in the middle of a request); the engine never looks inside. Token ids are
plain Python lists.
"""

from abc import ABC, abstractmethod

from ..devices import pick_device


class LoadedModel(ABC):
    """One model as generation, scoring and training use it (from Backend.load_*)."""

    id = ""
    module = None        # the torch.nn.Module (train()/eval(), parameters())
    device = None
    max_len = 256        # context length in tokens
    vocab_size = 0       # token ids must be < vocab_size
    eos_id = 2
    pad_id = 0
    stop_ids = None      # token ids that end generation (None: {eos_id})
    chat_stops = ()      # extra stop strings for chat generation (tiny: the next "\nUser:")
    chat_template = False  # render_chat applies the model's own template (reward.py: judge_context)

    @abstractmethod
    def encode_prompt(self, text):
        """Token ids of a prompt (with BOS when the tokenizer adds one)."""
        ...

    @abstractmethod
    def encode_completion(self, text):
        """Token ids of a completion continuing a prompt (no specials)."""
        ...

    @abstractmethod
    def decode(self, ids):
        ...

    @abstractmethod
    def forward(self, ids, attention_mask, position_ids=None, past=None, want_hidden=False,
                use_cache=False):
        """-> (logits (B,T,V), hidden (B,T,H) or None, past). Mask covers past + T;
        use_cache asks for a KV cache to pass back as `past` (generation); then the logits may
        hold the last position only (B,1,V)."""
        ...

    def logits_at(self, ids, attention_mask, rows, cols):
        """Logits at positions (rows[k], cols[k]) only -> (K, V), for scoring and training, which
        need no logits at prompt positions. Default: the full forward, then index; a backend with
        a separable LM head computes the head at those positions alone."""
        logits, _, _ = self.forward(ids, attention_mask)
        return logits[rows, cols]

    def for_generation(self):
        """The model generation runs on: this one, or a copy in --gen-dtype (hf)."""
        return self

    def select_rows(self, past, rows):
        """The KV cache `past` (from forward with use_cache) cut to the batch rows `rows` (a
        LongTensor of row indexes, in order), so generation stops computing finished rows.
        Default: a list of (key, value) tensors with the batch first (tiny's)."""
        return [(k.index_select(0, rows), v.index_select(0, rows)) for k, v in past]

    def hidden(self, ids, attention_mask):
        """Final hidden states (B, T, H) before the LM head (embeddings)."""
        return self.forward(ids, attention_mask, want_hidden=True)[1]

    def chat_answer(self, content):
        """The completion text that follows render_chat's prompt for an assistant answer."""
        return content

    @abstractmethod
    def render_chat(self, messages):
        """[{role, content}] -> prompt text ending where the assistant's answer starts."""
        ...


class Backend(ABC):
    """A model family (--backend): the base models it serves and how checkpoints are made and read.

    The constructor takes the ServerConfig, sets torch's CPU threads and picks `device`
    (--device); a subclass calls it once its own start-up checks have passed."""

    name = ""            # --backend value; written into checkpoints, which load only under it
    device = None        # torch.device the models live on
    reward_kind = "yes-no"  # how a served model judges in /v1/reward (reward.py: REWARDS)
    cpu_token_budgets = (4096, 4096)  # tokens per batch on a CPU: (scoring, generation)
    train_autocast = None  # torch dtype fine-tuning runs under autocast in (--train-dtype, hf)

    def __init__(self, cfg):
        import torch
        if not self.name:
            raise TypeError(f"{type(self).__name__} does not set the backend's name")
        self.cfg = cfg
        torch.set_num_threads(cfg.threads)
        self.device = pick_device(cfg)

    @abstractmethod
    def base_ids(self):
        """Model ids served without a checkpoint (the base models)."""
        ...

    @abstractmethod
    def load_base(self, model_id):
        """-> LoadedModel of a base model (or a judge by model id), eval mode."""
        ...

    @abstractmethod
    def load_checkpoint(self, ckpt_dir, meta):
        """-> LoadedModel of a checkpoint written by save(); meta is its config.json."""
        ...

    @abstractmethod
    def trainable(self, base_id, ckpt_dir=None, meta=None):
        """-> a fresh LoadedModel in train mode: the base model, or the checkpoint of meta."""
        ...

    @abstractmethod
    def save(self, lm, ckpt_dir):
        """Writes lm's weights into ckpt_dir -> dict of extra facts for its config.json."""
        ...

    @abstractmethod
    def default_hparams(self):
        """-> {n_epochs, batch_size, learning_rate} for a job that names none."""
        ...

    def check_can_train(self):
        """Raises APIError 501 when training needs a package that is missing. Default: none."""

    def describe(self):
        """Extra facts for GET /health. Default: none."""
        return {}

    def reward_judge(self, model_id, registry):
        """-> (kind, judge) for /v1/reward's `model`: kind is a key of reward.REWARDS and judge
        what that function takes (a LoadedModel, or an object with rewards(items)). Default: the
        served model, judging by reward_kind (registry.get: 404 naming `model` when not served)."""
        return self.reward_kind, registry.get(model_id)
