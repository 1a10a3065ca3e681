"""Request bodies as pydantic models, each field with its type and limits; a body that does not
fit answers 400 naming the field (`parse(Model, body)` -> the model, or APIError).

Shapes follow OpenAI's API (completions, chat completions, embeddings, files, fine-tuning jobs)
plus our extensions /v1/score and /v1/reward. Unknown fields are ignored, as OpenAI-compatible
servers do, and a field sent as null counts as absent. Every check is a validator whose error
message names the field as `{param}` (its dotted path, e.g. items[3].completion), filled in by
`parse`; pydantic's own type and missing-field errors get the same wording.
"""

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, List, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, \
    PlainValidator, Strict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .errors import bad_request

ROLES = ("system", "developer", "user", "assistant", "tool")
EXPECTED = {"int_type": "an integer", "string_type": "a string", "bool_type": "a boolean",
            "float_type": "an integer or a number", "list_type": "an array",
            "dict_type": "an object"}


def invalid(message, code="invalid_value", sub=None, **ctx):
    """A validation error; `{param}` in message becomes the field's name (+ `.sub` if given)."""
    return PydanticCustomError(code, message, {"sub": sub, **ctx})


def _got(v):
    return "a boolean" if isinstance(v, bool) else type(v).__name__


def _param(loc, sub=None):
    out = ""
    for part in (*loc, *([] if sub is None else [sub])):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def parse(model, body):
    """body (a dict) -> model instance; the first problem as APIError 400 naming the field."""
    try:
        return model.model_validate(body)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        ctx = err.get("ctx") or {}
        param = _param(err["loc"], ctx.get("sub"))
        if err["type"] == "missing":
            raise bad_request(f"'{param}' is required", param=param,
                              code="missing_required_parameter") from None
        if err["type"] in EXPECTED:
            raise bad_request(f"'{param}' must be {EXPECTED[err['type']]}, got "
                              f"{_got(err['input'])}", param=param) from None
        if err["type"] == "model_type":
            raise bad_request(f"'{param}' must be an object", param=param) from None
        if "sub" not in ctx:  # a pydantic error this module did not word: a bug (500)
            raise
        raise bad_request(err["msg"].replace("{param}", param), param=param,
                          code=err["type"]) from None


# -- field types ---------------------------------------------------------------------------------
def Int(lo, hi):
    """An integer in [lo, hi] (not a boolean)."""
    def check(v):
        if not lo <= v <= hi:
            raise invalid(f"'{{param}}' must be between {lo} and {hi}, got {v}")
        return v
    return Annotated[int, Strict(), AfterValidator(check)]


def Num(lo, hi):
    """A number (integer or float, not a boolean) in [lo, hi], kept as sent."""
    def check(v):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise invalid(f"'{{param}}' must be an integer or a number, got {_got(v)}")
        if not lo <= v <= hi:
            raise invalid(f"'{{param}}' must be between {lo} and {hi}, got {v}")
        return v
    return Annotated[Any, PlainValidator(check)]


def _seed(v):
    if not 0 <= v < 2 ** 63:
        raise invalid(f"'{{param}}' must be an integer in [0, 2**63 - 1], got {v}")
    return v


def _text(v):
    if not isinstance(v, str):
        raise invalid("'{param}' must be a string")
    return v


def _texts_or_ids(empty_ids):
    """A string, token ids, or an array of strings / token-id lists -> a list of them
    (empty_ids: whether an inner token-id list may be empty)."""
    def check(v):
        if not isinstance(v, (str, list)):
            raise invalid(f"'{{param}}' must be a string or an array, got {_got(v)}")
        if isinstance(v, str):
            return [v]
        if v and all(isinstance(t, int) and not isinstance(t, bool) for t in v):
            return [v]
        if v and all(isinstance(x, str) or isinstance(x, list) and (empty_ids or x) and all(
                isinstance(t, int) for t in x) for x in v):
            return v
        raise invalid("'{param}' must be a string, an array of strings, or token ids")
    return PlainValidator(check)


def _stop(v):
    if not isinstance(v, (str, list)):
        raise invalid(f"'{{param}}' must be a string or an array, got {_got(v)}")
    v = [v] if isinstance(v, str) else v
    if len(v) > 4 or not all(isinstance(s, str) and s for s in v):
        raise invalid("'{param}' must be a non-empty string or up to 4 of them")
    return v


def _not_empty(v):
    if not v:
        raise invalid("'{param}' must not be empty")
    return v


Text = Annotated[Optional[str], PlainValidator(_text), Field(validate_default=True)]
Seed = Annotated[int, Strict(), AfterValidator(_seed)]
Bool = Annotated[bool, Strict()]
Obj = Annotated[dict, Strict()]


class Body(BaseModel):
    """A request body: unknown fields ignored, a null field is an absent one."""
    model_config = ConfigDict(extra="ignore", frozen=False)

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, v):
        return {k: x for k, x in v.items() if x is not None} if isinstance(v, dict) else v


# -- sampling (completions and chat) -------------------------------------------------------------
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


class SamplingBody(Body):
    DEFAULT_MAX_TOKENS: ClassVar[Optional[int]] = 16

    stop: Annotated[List[str], PlainValidator(_stop)] = []
    max_tokens: Optional[Int(1, 1 << 20)] = None
    max_completion_tokens: Optional[Int(1, 1 << 20)] = None  # OpenAI's newer name; max_tokens wins
    stream_options: Obj = {}
    temperature: Num(0.0, 2.0) = 0.0
    top_p: Num(0.0, 1.0) = 1.0
    n: Int(1, 128) = 1
    seed: Optional[Seed] = None
    stream: Bool = False

    @model_validator(mode="before")
    @classmethod
    def _max_tokens_wins(cls, v):
        if isinstance(v, dict) and v.get("max_tokens") is not None:
            v = {k: x for k, x in v.items() if k != "max_completion_tokens"}
        return v

    @property
    def sampling(self):
        max_tokens = self.max_tokens if self.max_tokens is not None else self.max_completion_tokens
        return Sampling(max_tokens=self.DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens,
                        temperature=float(self.temperature), top_p=float(self.top_p) or 1.0,
                        n=self.n, stop=self.stop, seed=self.seed, stream=self.stream,
                        include_usage=bool(self.stream_options.get("include_usage", False)))


def _no_echo(v):
    if v:
        raise invalid("'{param}' is not supported", code="unsupported_parameter")
    return v


class _CompletionFields(Body):
    model: str = Field(strict=True)
    prompt: Annotated[list, _texts_or_ids(empty_ids=True)]
    echo: Annotated[Bool, AfterValidator(_no_echo)] = False


class CompletionRequest(SamplingBody, _CompletionFields):  # fields: model, prompt, echo, sampling
    """POST /v1/completions. `prompts`: a list of strings or token-id lists."""

    @property
    def prompts(self):
        return self.prompt


# -- chat ----------------------------------------------------------------------------------------
def _role(v):
    if v not in ROLES:
        raise invalid(f"'{{param}}' must be one of {', '.join(ROLES)}")
    return v


class Message(BaseModel):
    """{role, content}: content a string or text parts (joined); an assistant's may be null."""
    role: Annotated[Optional[str], PlainValidator(_role), Field(validate_default=True)] = None
    content: Any = None

    @model_validator(mode="before")
    @classmethod
    def _object(cls, v):
        if not isinstance(v, dict):
            raise invalid(f"'{{param}}' must be one of {', '.join(ROLES)}", sub="role")
        return v

    @model_validator(mode="after")
    def _content(self):
        c = self.content
        if isinstance(c, list):  # content parts: only text is understood
            if not all(isinstance(x, dict) and x.get("type") == "text" and isinstance(
                    x.get("text"), str) for x in c):
                raise invalid("'{param}' parts must be text parts", sub="content")
            c = "".join(x["text"] for x in c)
        if c is None and self.role == "assistant":
            c = ""
        if not isinstance(c, str):
            raise invalid("'{param}' must be a string", sub="content")
        self.content = c
        return self


class _ChatFields(Body):
    model: str = Field(strict=True)
    messages: Annotated[List[Message], AfterValidator(_not_empty),
                        AfterValidator(lambda ms: [m.model_dump() for m in ms])]


class ChatRequest(SamplingBody, _ChatFields):  # fields: model, messages, sampling
    """POST /v1/chat/completions. `messages`: [{role, content: str}]."""
    DEFAULT_MAX_TOKENS: ClassVar[Optional[int]] = None  # up to the context


# -- scoring, rewards, embeddings ----------------------------------------------------------------
class Item(BaseModel):
    prompt: Text = None
    completion: Annotated[Text, AfterValidator(_not_empty)] = None


class ScoreRequest(Body):
    """POST /v1/score (and /v1/reward): `items` as (prompt, completion) pairs."""
    model: str = Field(strict=True)
    items: Annotated[List[Item], AfterValidator(_not_empty),
                     AfterValidator(lambda its: [(it.prompt, it.completion) for it in its])]
    logprobs: Bool = False


RewardRequest = ScoreRequest


def _non_empty_texts(v):
    for i, x in enumerate(v):
        if isinstance(x, str) and not x:
            raise invalid("'{param}' must not be empty", sub=i)
    return v


def _encoding(v):
    if v not in ("float", "base64"):
        raise invalid("'{param}' must be 'float' or 'base64'")
    return v


class EmbeddingRequest(Body):
    """POST /v1/embeddings. `inputs`: a list of strings or token-id lists."""
    model: str = Field(strict=True)
    input: Annotated[list, _texts_or_ids(empty_ids=False), AfterValidator(_non_empty_texts)]
    encoding_format: Annotated[str, Strict(), AfterValidator(_encoding)] = "float"

    @property
    def inputs(self):
        return self.input


# -- files ---------------------------------------------------------------------------------------
class FileUpload(Body):
    """POST /v1/files as JSON: {purpose, content, filename?}."""
    purpose: Text = None
    content: Text = None
    filename: Any = None


# -- fine-tuning jobs ----------------------------------------------------------------------------
def Hyper(lo, hi, integer):
    """A hyperparameter in [lo, hi]; null or "auto" is the backend's default (None)."""
    kind = "an integer" if integer else "a number"

    def check(v):
        if v is None or v == "auto":
            return None
        ok = isinstance(v, int) if integer else isinstance(v, (int, float))
        if isinstance(v, bool) or not ok or not lo <= v <= hi:
            raise invalid(f"'{{param}}' must be {kind} in [{lo}, {hi}], got {v!r}")
        return v
    return Annotated[Any, PlainValidator(check)]


class Hyperparameters(BaseModel):
    """The hyperparameters a job was given (`given()`: a dict without the defaulted ones)."""
    n_epochs: Hyper(1, 10000, True) = None
    batch_size: Hyper(1, 4096, True) = None
    n_steps: Hyper(1, 10_000_000, True) = None
    learning_rate: Hyper(1e-8, 1.0, False) = None
    learning_rate_multiplier: Hyper(1e-4, 100.0, False) = None

    @model_validator(mode="before")
    @classmethod
    def _known(cls, v):
        if not isinstance(v, dict):
            raise invalid(f"'{{param}}' must be an object, got {_got(v)}")
        for k in v:
            if k not in cls.model_fields:
                raise invalid(f"unknown hyperparameter {k!r} (known: {', '.join(cls.model_fields)})",
                              sub=k)
        return v

    def given(self):
        return self.model_dump(exclude_none=True)


def _suffix(v):
    if not v or len(v) > 64 or ":" in v:
        raise invalid("'{param}' must be 1-64 characters without ':'")
    return v


class FineTuneRequest(Body):
    """POST /v1/fine_tuning/jobs. `hyperparameters`: only those given (dict); OpenAI's newer
    method.supervised.hyperparameters are merged under them."""
    model: str = Field(strict=True)
    training_file: str = Field(strict=True)
    hyperparameters: Hyperparameters = Hyperparameters()
    method: Obj = {}
    seed: Seed = 42
    suffix: Optional[Annotated[str, Strict(), AfterValidator(_suffix)]] = None

    @model_validator(mode="before")
    @classmethod
    def _merge_method(cls, v):
        if not isinstance(v, dict) or not isinstance(v.get("hyperparameters", {}), dict):
            return v
        method = v.get("method")
        if isinstance(method, dict) and isinstance(method.get("supervised"), dict):
            nested = method["supervised"].get("hyperparameters", {})
            if not isinstance(nested, dict):
                raise invalid(f"'{{param}}' must be an object, got "
                              f"{_got(nested)}", sub="method.supervised.hyperparameters")
            v = {**v, "hyperparameters": {**nested, **v.get("hyperparameters", {})}}
        return v
