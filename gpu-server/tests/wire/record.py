"""Records fixture.json: the answers of the server as it is to the raw requests of cases.py.
Run only when the wire is meant to change (test_wire.py compares against this file):

    .venv/bin/python gpu-server/tests/wire/record.py
"""

import json
import os
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from cases import GROUPS, SERVERS, run_group  # noqa: E402
from conftest import Server  # noqa: E402

FIXTURE = os.path.join(HERE, "fixture.json")


def answers():
    """-> {group: {case name: shape}}, each group on a fresh server."""
    out = {}
    for group, (args, env) in SERVERS.items():
        with tempfile.TemporaryDirectory() as ckpt:
            s = Server(["--threads", "1", *args], ckpt, env)
            try:
                host, port = urllib.parse.urlparse(s.url).netloc.split(":")
                out[group] = run_group(host, int(port), GROUPS[group])
            finally:
                s.stop()
    return out


if __name__ == "__main__":
    with open(FIXTURE, "w") as f:
        json.dump(answers(), f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {FIXTURE}: {sum(len(g) for g in GROUPS.values())} requests")
