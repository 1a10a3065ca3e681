"""Request parsing and validation: JSON bodies -> dataclasses, or APIError 400 naming the field.

Shapes follow OpenAI's API (completions, chat completions, embeddings, fine-tuning jobs) plus
our one extension, /v1/score. Unknown fields are ignored, as OpenAI-compatible servers do.
"""

from dataclasses import dataclass, field

from .errors import bad_request

ROLES = ("system", "developer", "user", "assistant", "tool")


def _get(body, name, types, default=None, required=False):
    if name not in body or body[name] is None:
        if required:
            raise bad_request(f"'{name}' is required", param=name, code="missing_required_parameter")
        return default
    v = body[name]
    if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise bad_request(f"'{name}' must be {_tname(types)}, got a boolean", param=name)
    if not isinstance(v, types):
        raise bad_request(f"'{name}' must be {_tname(types)}, got {type(v).__name__}", param=name)
    return v


def _seed(body, default):
    """'seed': an integer torch accepts (0 .. 2**63 - 1)."""
    v = _get(body, "seed", int, default)
    if v is not None and not 0 <= v < 2 ** 63:
        raise bad_request(f"'seed' must be an integer in [0, 2**63 - 1], got {v}", param="seed")
    return v


def _tname(types):
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "an object"}
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def _num(body, name, default, lo, hi, integer=False):
    v = _get(body, name, int if integer else (int, float), default)
    if v is None:  # absent, and None is the default (chat's max_tokens: up to the context)
        return None
    if not lo <= v <= hi:
        raise bad_request(f"'{name}' must be between {lo} and {hi}, got {v}", param=name)
    return v


def _texts_or_ids(body, name, empty_ids):
    """Required `name`: a string, token ids, or an array of strings / token-id lists -> a list
    of them (empty_ids: whether an inner token-id list may be empty)."""
    v = _get(body, name, (str, list), required=True)
    if isinstance(v, str):
        return [v]
    if v and all(isinstance(t, int) and not isinstance(t, bool) for t in v):
        return [v]
    if v and all(isinstance(x, str) or isinstance(x, list) and (empty_ids or x) and all(
            isinstance(t, int) for t in x) for x in v):
        return v
    raise bad_request(f"'{name}' must be a string, an array of strings, or token ids", param=name)


@dataclass
class Sampling:
    max_tokens: int = 16
    temperature: float = 0.0
    top_p: float = 1.0
    n: int = 1
    stop: list = field(default_factory=list)
    seed: int = None
    stream: bool = False
    include_usage: bool = False


def parse_sampling(body, default_max_tokens):
    stop = _get(body, "stop", (str, list), [])
    stop = [stop] if isinstance(stop, str) else stop
    if len(stop) > 4 or not all(isinstance(s, str) and s for s in stop):
        raise bad_request("'stop' must be a non-empty string or up to 4 of them", param="stop")
    max_tokens = body.get("max_completion_tokens") if body.get("max_tokens") is None else None
    key = "max_completion_tokens" if max_tokens is not None else "max_tokens"
    opts = _get(body, "stream_options", dict, {})
    return Sampling(max_tokens=_num(body, key, default_max_tokens, 1, 1 << 20, integer=True),
                    temperature=float(_num(body, "temperature", 0.0, 0.0, 2.0)),
                    top_p=float(_num(body, "top_p", 1.0, 0.0, 1.0)) or 1.0,
                    n=_num(body, "n", 1, 1, 128, integer=True), stop=stop,
                    seed=_seed(body, None), stream=_get(body, "stream", bool, False),
                    include_usage=bool(opts.get("include_usage", False)))


@dataclass
class CompletionRequest:
    model: str
    prompts: list           # of str, or of token-id lists
    sampling: Sampling


def parse_completion(body):
    model = _get(body, "model", str, required=True)
    prompts = _texts_or_ids(body, "prompt", empty_ids=True)
    if _get(body, "echo", bool, False):
        raise bad_request("'echo' is not supported", param="echo", code="unsupported_parameter")
    return CompletionRequest(model, prompts, parse_sampling(body, 16))


@dataclass
class ChatRequest:
    model: str
    messages: list          # of {role, content: str}
    sampling: Sampling


def parse_chat(body):
    model = _get(body, "model", str, required=True)
    msgs = _get(body, "messages", list, required=True)
    if not msgs:
        raise bad_request("'messages' must not be empty", param="messages")
    out = []
    for i, m in enumerate(msgs):
        p = f"messages[{i}]"
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise bad_request(f"'{p}.role' must be one of {', '.join(ROLES)}", param=f"{p}.role")
        c = m.get("content")
        if isinstance(c, list):  # content parts: only text is understood
            if not all(isinstance(x, dict) and x.get("type") == "text" and isinstance(
                    x.get("text"), str) for x in c):
                raise bad_request(f"'{p}.content' parts must be text parts", param=f"{p}.content")
            c = "".join(x["text"] for x in c)
        if c is None and m["role"] == "assistant":
            c = ""
        if not isinstance(c, str):
            raise bad_request(f"'{p}.content' must be a string", param=f"{p}.content")
        out.append({"role": m["role"], "content": c})
    return ChatRequest(model, out, parse_sampling(body, None))


@dataclass
class ScoreRequest:
    model: str
    items: list             # of (prompt, completion)
    logprobs: bool = False


def parse_score(body):
    model = _get(body, "model", str, required=True)
    items = _get(body, "items", list, required=True)
    if not items:
        raise bad_request("'items' must not be empty", param="items")
    pairs = []
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise bad_request(f"'items[{i}]' must be an object", param=f"items[{i}]")
        for k in ("prompt", "completion"):
            if not isinstance(it.get(k), str):
                raise bad_request(f"'items[{i}].{k}' must be a string", param=f"items[{i}].{k}")
        if not it["completion"]:
            raise bad_request(f"'items[{i}].completion' must not be empty",
                              param=f"items[{i}].completion")
        pairs.append((it["prompt"], it["completion"]))
    return ScoreRequest(model, pairs, _get(body, "logprobs", bool, False))


@dataclass
class RewardRequest:
    model: str
    items: list             # of (prompt, completion)


def parse_reward(body):
    """/v1/reward: {model, items: [{prompt, completion}]} (the same items as /v1/score)."""
    req = parse_score(body)
    return RewardRequest(req.model, req.items)


@dataclass
class EmbeddingRequest:
    model: str
    inputs: list            # of str or token-id lists
    encoding_format: str = "float"


def parse_embedding(body):
    model = _get(body, "model", str, required=True)
    inputs = _texts_or_ids(body, "input", empty_ids=False)
    for i, x in enumerate(inputs):
        if isinstance(x, str) and not x:
            raise bad_request(f"'input[{i}]' must not be empty", param=f"input[{i}]")
    fmt = _get(body, "encoding_format", str, "float")
    if fmt not in ("float", "base64"):
        raise bad_request("'encoding_format' must be 'float' or 'base64'", param="encoding_format")
    return EmbeddingRequest(model, inputs, fmt)


@dataclass
class FineTuneRequest:
    model: str
    training_file: str
    hyperparameters: dict
    seed: int
    suffix: str = None


HP_LIMITS = {"n_epochs": (1, 10000, True), "batch_size": (1, 4096, True),
             "n_steps": (1, 10_000_000, True), "learning_rate": (1e-8, 1.0, False),
             "learning_rate_multiplier": (1e-4, 100.0, False)}


def parse_fine_tune(body):
    model = _get(body, "model", str, required=True)
    tf = _get(body, "training_file", str, required=True)
    raw = _get(body, "hyperparameters", dict, {})
    method = _get(body, "method", dict, {})
    if isinstance(method.get("supervised"), dict):  # OpenAI's newer nesting
        nested = method["supervised"].get("hyperparameters", {})
        if not isinstance(nested, dict):
            raise bad_request("'method.supervised.hyperparameters' must be an object, got "
                              f"{type(nested).__name__}", param="method.supervised.hyperparameters")
        raw = {**nested, **raw}
    hp = {}
    for k, v in raw.items():
        if k not in HP_LIMITS:
            raise bad_request(f"unknown hyperparameter {k!r} (known: {', '.join(HP_LIMITS)})",
                              param=f"hyperparameters.{k}")
        if v is None or v == "auto":
            continue
        lo, hi, integer = HP_LIMITS[k]
        ok = isinstance(v, int) if integer else isinstance(v, (int, float))
        if isinstance(v, bool) or not ok or not lo <= v <= hi:
            kind = "an integer" if integer else "a number"
            raise bad_request(f"'hyperparameters.{k}' must be {kind} in [{lo}, {hi}], got {v!r}",
                              param=f"hyperparameters.{k}")
        hp[k] = v
    seed = _seed(body, 42)
    suffix = _get(body, "suffix", str)
    if suffix is not None and (not suffix or len(suffix) > 64 or ":" in suffix):
        raise bad_request("'suffix' must be 1-64 characters without ':'", param="suffix")
    return FineTuneRequest(model, tf, hp, seed, suffix)
