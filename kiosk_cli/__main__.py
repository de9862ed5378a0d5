import sys

from kiosk_cli.main import main

sys.exit(main())
