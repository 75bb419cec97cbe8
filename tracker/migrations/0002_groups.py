"""Groups for the people who use the tracker.

Editors add, change and delete every tracker record and see (and revert from)
its history; they also need "staff status" on their user to enter the admin.
Analysts view everything, unpublished negotiations included, and change nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Editors": ("add", "change", "delete", "view"),
    "Analysts": ("view",),
}
# History rows are written by the tracker itself; people read them and revert from them.
HISTORY_ACTIONS = {
    "Editors": ("change", "view"),
    "Analysts": ("view",),
}


def create_groups(apps, schema_editor):
    tracker = apps.get_app_config("tracker")
    # Permissions are normally made after all migrations; make them now so the groups get them.
    tracker.models_module = True
    create_permissions(tracker, apps=apps, verbosity=0)
    tracker.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = []
        for model in tracker.get_models():
            opts = model._meta
            is_history = opts.model_name.startswith("historical")
            for action in HISTORY_ACTIONS[name] if is_history else actions:
                codenames.append(f"{action}_{opts.model_name}")
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
