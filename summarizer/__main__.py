"""``python -m summarizer`` is the same program as the ``summarizer`` command."""

from summarizer.cli import main

raise SystemExit(main())
