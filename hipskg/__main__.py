import sys

from hipskg.cli import main

sys.exit(main())
