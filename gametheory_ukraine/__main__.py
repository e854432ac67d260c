"""``python -m gametheory_ukraine``: see :mod:`gametheory_ukraine.cli`."""

from .cli import main

raise SystemExit(main())
