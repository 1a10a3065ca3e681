"""Runs the student server from a checkout without installing it (see activesynth_server/main.py).

    npm run gpu-server -- --backend tiny --port 8765
    .venv/bin/python gpu-server/serve.py --backend hf --model path/to/model.gguf
"""

import os
import sys

if __name__ == "__main__":
    # the package next to this file, whether or not it is installed (pip install -e gpu-server)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from activesynth_server.main import main
    sys.exit(main())
