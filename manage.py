#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bscb.settings")
    # manage.py is the developer's tool: debug unless DJANGO_DEBUG says otherwise. The web server
    # (bscb.wsgi) and the worker (bscb.celery) start in production mode, which needs a secret key;
    # the containers set DJANGO_DEBUG=false for every command.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
