from django.core.management.base import BaseCommand

from config.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo partnership (Bradford). Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        data = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {data['partnership']['name']}."))
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in as one of these:")
        for row in data["users"]:
            self.stdout.write(f"  {row['email']:<36} {row['job_title']}")
        self.stdout.write(f"Password for each: {data['password']}")
        self.stdout.write("Press Ctrl-C to stop the web server, the worker and the scheduler.")
        self.stdout.write("")
