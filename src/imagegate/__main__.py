"""``python -m imagegate`` is the ``imagegate`` command."""

from imagegate.cli.main import main

main()
