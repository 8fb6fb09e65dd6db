"""``python -m lstmlint.server``: run the language server on stdio."""

import sys

from lstmlint.server import main

sys.exit(main(sys.argv[1:]))
