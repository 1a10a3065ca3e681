"""activesynth student server: an OpenAI-compatible HTTP server hosting the student model.

Run it with `npm run gpu-server -- --backend tiny --port 8765` or
`.venv/bin/python gpu-server/serve.py --backend tiny`. Layout (vLLM-style split):
config (flags), errors (the one error type), protocol (request parsing, response shapes),
serving (engine work), router (HTTP), with the model backends under tiny/ and hf/.
"""

__version__ = "0.1.0"
