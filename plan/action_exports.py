"""An action plan as a business unit officer would otherwise keep it in Excel (issue 16 §5): one row an action,
with its outcomes, the action, owner and agency, due date, status, latest progress update and evidence of
impact. Written through the one spreadsheet module (bscb.spreadsheets: formula-like cells escaped)."""

from django.db.models import OuterRef, Prefetch, Subquery

from .action_models import Action, EvidenceOfImpact, ProgressUpdate

HEADER = ["Reference", "Outcomes", "Action", "Owner", "Owner's agency", "Due", "Status", "Progress",
          "Latest update", "Latest update on", "Measure of success", "Evidence of impact"]
WIDTHS = [12, 16, 60, 24, 30, 12, 26, 14, 60, 14, 40, 60]


def action_plan_rows(action_plan) -> list[list]:
    """The plan's actions in due-date order, in four queries however many there are."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-on", "-pk")
    actions = (Action.objects.filter(action_plan=action_plan).select_related("owner", "organisation")
               .prefetch_related("outcomes", Prefetch("impact_evidence",
                                                      queryset=EvidenceOfImpact.objects.order_by("created_on", "pk")))
               .annotate(latest_text=Subquery(latest.values("commentary")[:1]),
                         latest_on=Subquery(latest.values("on")[:1]))
               .order_by("due_on", "pk"))
    return [[action.reference, ", ".join(outcome.code for outcome in action.outcomes.all()), action.description,
             action.owner.full_name if action.owner else "", action.organisation.name if action.organisation else "",
             action.due_on, action.get_status_display(), action.progress_label, action.latest_text or "",
             action.latest_on, action.success_measure,
             "\n\n".join(evidence.text for evidence in action.impact_evidence.all())]
            for action in actions]
