"""``python -m cchc_index`` runs the ``cchc-index`` command."""

import sys

from .cli import main

sys.exit(main())
