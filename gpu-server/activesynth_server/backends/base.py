"""LoadedModel: what the shared engine code (generation, scoring, training) needs of a model.

Backends subclass it and must implement the abstract methods (a subclass that misses one fails
when it is built, not in the middle of a request); the engine never looks inside. Token ids are
plain Python lists.
"""

from abc import ABC, abstractmethod


class LoadedModel(ABC):
    id = ""
    module = None        # the torch.nn.Module (train()/eval(), parameters())
    device = None
    max_len = 256        # context length in tokens
    vocab_size = 0       # token ids must be < vocab_size
    eos_id = 2
    pad_id = 0
    stop_ids = None      # token ids that end generation (None: {eos_id})
    chat_stops = ()      # extra stop strings for chat generation (tiny: the next "\nUser:")

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
