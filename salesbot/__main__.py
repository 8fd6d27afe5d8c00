"""`python -m salesbot` is the `salesbot` command."""

from .cli import main

main()
