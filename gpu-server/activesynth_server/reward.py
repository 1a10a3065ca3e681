"""Reward scoring for the `reward` criterion: POST /v1/reward.

    curl -s localhost:8765/v1/reward -d '{"model":"tiny","items":[{"prompt":"Q: 2 + 3\nA:","completion":" 5"}]}'

A reward says how good a completion (the student's answer) is for its prompt; higher is better.
Three kinds of judge, picked by `model`:

- a sequence-classification checkpoint (hf backend; AutoModelForSequenceClassification with
  num_labels == 1, e.g. a reward model): reward = its logit for prompt + completion;
- a causal-LM judge (hf backend, any other transformers checkpoint, or a model this server
  already serves): reward = log p(" Yes") - log p(" No") after the fixed JUDGE_PROMPT;
- tiny backend (no transformers): reward = -mean NLL of the completion under the named model,
  a likelihood-based stand-in. Name a tiny checkpoint trained on gold answers and it prefers
  answers that look like the gold ones.

The backend picks the judge (Backend.reward_judge: a served model judges by its backend's
reward_kind; hf also loads other checkpoints, hf/judges.py); this module computes the rewards.
"""

from . import scoring

JUDGE_PROMPT = "\n\nIs the answer correct? Answer Yes or No.\nAnswer:"


def likelihood_rewards(lm, items, token_budget):
    """tiny stand-in: -mean NLL of each completion under lm. items: [(prompt, completion)]."""
    res = scoring.score(lm, scoring.encode_items(lm, items), False, token_budget)
    return [-r["mean_nll"] for r in res]


def judge_context(lm, prompt, completion):
    """-> (context text, yes text, no text). A model with a chat template is asked in a user turn
    and answers "Yes"/"No" as the assistant; a plain LM continues JUDGE_PROMPT with " Yes"/" No"."""
    if lm.chat_template:
        question = prompt + completion + JUDGE_PROMPT.rsplit("\n", 1)[0]
        return lm.render_chat([{"role": "user", "content": question}]), "Yes", "No"
    return prompt + completion + JUDGE_PROMPT, " Yes", " No"


def yes_no_rewards(lm, items, token_budget):
    """Causal-LM judge: log p(Yes) - log p(No) after the judge context (judge_context), each
    word's log-probability summed over its tokens (one token in most BPE vocabularies).
    Works with any LoadedModel; the context is cut from the left to fit."""
    pairs = []
    for p, c in items:
        text, yes_text, no_text = judge_context(lm, p, c)
        yes, no = lm.encode_completion(yes_text), lm.encode_completion(no_text)
        ctx = lm.encode_prompt(text)
        keep = lm.max_len - max(len(yes), len(no))
        pairs += [(ctx[-keep:], yes), (ctx[-keep:], no)]
    res = scoring.score(lm, pairs, False, token_budget)
    return [res[2 * i + 1]["sum_nll"] - res[2 * i]["sum_nll"] for i in range(len(items))]


def classifier_rewards(judge, items, token_budget):
    """A reward model's logit for each prompt + completion (hf/judges.py)."""
    return judge.rewards(items)


REWARDS = {"likelihood": likelihood_rewards, "yes-no": yes_no_rewards,
           "classifier": classifier_rewards}


def rewards(engine, req):
    """-> {object: "list", model, kind, data: [{index, reward}]} for a parsed RewardRequest."""
    with engine.lock:  # reward_judge: 404 naming `model` when it is neither served nor loadable
        kind, judge = engine.backend.reward_judge(req.model, engine.registry)
        values = REWARDS[kind](judge, req.items, engine.budget)
    return {"object": "list", "model": req.model, "kind": kind,
            "data": [{"index": i, "reward": v} for i, v in enumerate(values)]}
