"""python -m activesynth_server: see main.py."""

import sys

from .main import main

sys.exit(main())
