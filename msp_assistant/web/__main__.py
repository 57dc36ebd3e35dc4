import sys

from msp_assistant.web.server import main

sys.exit(main())
