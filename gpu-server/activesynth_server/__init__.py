"""activesynth student server: an OpenAI-compatible HTTP server hosting the student model.

Run it with `npm run gpu-server -- --backend tiny --port 8765`,
`.venv/bin/python gpu-server/serve.py --backend tiny`, `python -m activesynth_server` or the
installed `activesynth-server`. Layout (vLLM-style split): config (flags), errors (the one error
type), protocol (request bodies as pydantic models), serving (engine work), app and http_server
(HTTP on aiohttp), routes (one handler per route), backends (the Backend and LoadedModel interfaces), with the
model backends under tiny/ and hf/. gpu-server/README.md lists every module.
"""

__version__ = "0.2.0"
