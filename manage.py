#!/usr/bin/env python
import os
import sys


def main():
    # manage.py is the developer's tool: the laptop's settings (debug unless DJANGO_DEBUG says
    # otherwise). The web server (config.wsgi) and the worker (config.celery) start with the
    # production settings, which need a secret key; the image sets DJANGO_SETTINGS_MODULE to them
    # for every command.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
