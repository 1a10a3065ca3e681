"""Uploaded files (`POST /v1/files`): stored under <checkpoint-dir>/.files, kept across restarts.

Training files are JSONL, one example a line: {"prompt": ..., "completion": ...} or
{"messages": [...]} whose last message is the assistant's answer (the completion) and whose
earlier messages make the prompt. parse_training_jsonl names the line of any malformed example.
"""

import json
import os
import threading
import time
import uuid

from .errors import bad_request, not_found

PURPOSES = ("fine-tune", "fine-tune-results", "assistants", "batch", "user_data", "evals")


def parse_training_jsonl(data):
    """bytes -> [{"prompt", "completion"} or {"messages", "completion"}]: ValueError("line N: ...")
    for a malformed example. A chat example keeps the messages before the answer; the model's
    chat template turns them into the prompt (to_pairs)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"the file is not UTF-8 ({e})")
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"line {n}: not valid JSON ({e.msg})")
        if not isinstance(obj, dict):
            raise ValueError(f"line {n}: expected a JSON object")
        if "messages" in obj:
            msgs = obj["messages"]
            if not isinstance(msgs, list) or len(msgs) < 2:
                raise ValueError(f"line {n}: 'messages' must be a list of at least 2 messages")
            for k, m in enumerate(msgs):
                if not isinstance(m, dict) or not isinstance(m.get("role"), str) \
                        or not isinstance(m.get("content"), str):
                    raise ValueError(f"line {n}: messages[{k}] needs string 'role' and 'content'")
            if msgs[-1]["role"] != "assistant":
                raise ValueError(f"line {n}: the last message must have role 'assistant'")
            if not msgs[-1]["content"]:
                raise ValueError(f"line {n}: the last (assistant) message is empty")
            pairs.append({"messages": msgs[:-1], "completion": msgs[-1]["content"]})
        else:
            for key in ("prompt", "completion"):
                if not isinstance(obj.get(key), str):
                    raise ValueError(f"line {n}: '{key}' is missing or not a string")
            if not obj["completion"]:
                raise ValueError(f"line {n}: 'completion' is empty")
            pairs.append({"prompt": obj["prompt"], "completion": obj["completion"]})
    if not pairs:
        raise ValueError("the file holds no examples")
    return pairs


def to_pairs(lm, records):
    """Parsed records -> [(prompt, completion)] in the model's own prompt format."""
    return [(lm.render_chat(r["messages"]), lm.chat_answer(r["completion"])) if "messages" in r
            else (r["prompt"], r["completion"]) for r in records]


class FileStore:
    def __init__(self, root):
        self.dir = os.path.join(root, ".files")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.Lock()

    def add(self, filename, purpose, data):
        if purpose not in PURPOSES:
            raise bad_request(f"'purpose' must be one of {', '.join(PURPOSES)}", param="purpose")
        if purpose == "fine-tune":
            try:
                parse_training_jsonl(data)
            except ValueError as e:
                raise bad_request(f"{filename}: {e}", param="file", code="invalid_file")
        fid = "file-" + uuid.uuid4().hex[:24]
        meta = {"id": fid, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": filename, "purpose": purpose, "status": "processed",
                "status_details": None}
        with self.lock:
            with open(os.path.join(self.dir, fid + ".data"), "wb") as f:
                f.write(data)
            with open(os.path.join(self.dir, fid + ".json"), "w") as f:
                json.dump(meta, f)
        return meta

    def meta(self, fid, param="file_id"):
        path = os.path.join(self.dir, os.path.basename(str(fid)) + ".json")
        if not str(fid).startswith("file-") or not os.path.exists(path):
            raise not_found(f"No such file: {fid!r}", param=param, code="file_not_found")
        with open(path) as f:
            return json.load(f)

    def content(self, fid, param="file_id"):
        self.meta(fid, param)
        with open(os.path.join(self.dir, fid + ".data"), "rb") as f:
            return f.read()

    def list(self):
        metas = []
        for name in os.listdir(self.dir):
            if name.endswith(".json"):
                with open(os.path.join(self.dir, name)) as f:
                    metas.append(json.load(f))
        return sorted(metas, key=lambda m: (m["created_at"], m["id"]))

    def delete(self, fid):
        self.meta(fid)
        with self.lock:
            for ext in (".json", ".data"):
                os.remove(os.path.join(self.dir, fid + ext))
        return {"id": fid, "object": "file", "deleted": True}
