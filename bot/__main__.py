"""`python -m bot` is the `salesbot` command."""

from .cli import main

main()
