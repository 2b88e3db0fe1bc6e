"""Allow ``python -m clear_cli``."""

from clear_cli.cli.entry import main_cli as main

if __name__ == "__main__":
    main()
