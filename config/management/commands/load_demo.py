from django.core.management.base import BaseCommand

from config.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo partnership (Bradford). Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        # What the demo holds and who may sign in. Not how to reach or stop a server: this command starts
        # none (`make run` says where its server listens, and how to stop it).
        data = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {data['partnership']['name']}."))
        self.stdout.write("")
        self.stdout.write("Sign in as one of these:")
        for row in data["users"]:
            self.stdout.write(f"  {row['email']:<36} {row['job_title']}")
        self.stdout.write(f"Password for each: {data['password']}")
        self.stdout.write("")
