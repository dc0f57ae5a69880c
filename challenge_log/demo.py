"""The demo's challenge/risk log, so that after `make run` each role finds something to do (issue 14 §6): a
challenge to the police awaiting its answer; one to a health trust awaiting the answer of the demo's agency lead;
one answered awaiting the judgement of the demo's sub group chair; one judged not assured and escalated to the
Board; a risk due for review, one whose review is long overdue (a persisting-risk alert), one tolerated; a
restricted concern.

Everything goes through challenge_log.services as the person who would take each step (the chairs and leads of
the load day), so the timelines name them. Idempotent: nothing is added once the log holds an entry."""

from django.utils import timezone

from accountability.models import Body, Organisation, User
from accountability.people import leads_of
from accountability.selectors import chair_of
from bscb.workdays import add_working_days

from . import services
from .models import Entry


def _lead(short_name: str, day):
    organisation = Organisation.objects.get(short_name=short_name)
    return organisation, User.objects.get(pk=leads_of([organisation], day)[organisation.pk][0])


def _challenge(body, chair, title, description, *, organisation=None, to_body=None, restricted=False):
    return services.entry_raise(data={
        "kind": "challenge", "title": title, "description": description, "raised_by_body": body,
        "organisation": organisation, "body": to_body, "restricted": restricted}, by=chair)


def demo_log_load(data: dict) -> None:
    if Entry.objects.exists():
        return
    today = timezone.localdate()
    bodies = {b.short_name: b for b in Body.objects.filter(short_name__in=["PMAE", "CSE", "BPG", "L&D", "SAPP"])}
    pmae, cse, bpg = bodies["PMAE"], bodies["CSE"], bodies["BPG"]
    pmae_chair, cse_chair, bpg_chair = chair_of(pmae, today), chair_of(cse, today), chair_of(bpg, today)
    police, police_lead = _lead("WYP", today)
    trust, trust_lead = _lead("BDCFT", today)
    council, council_lead = _lead("Children's Services", today)
    due = add_working_days(today, 8)

    waiting = _challenge(pmae, pmae_chair, "Return home interviews after missing episodes",
                         "The PMAE dataset shows fewer than half of return home interviews held within 72 hours.",
                         organisation=police)
    services.assurance_request(entry=waiting, asks="What proportion are held within 72 hours, and what is the plan "
                               "to improve it?", due_on=due, by=pmae_chair)

    to_answer = _challenge(cse, cse_chair, "Health assessments for young people at risk of exploitation",
                           "Health assessments are not recorded in the multi-agency exploitation meetings' actions.",
                           organisation=trust)
    services.assurance_request(entry=to_answer, asks="How are health assessments offered and recorded?",
                               due_on=add_working_days(today, 3), by=cse_chair)

    answered = _challenge(pmae, pmae_chair, "Mental health waiting times for children on protection plans",
                          "The audit found waits of more than 18 weeks for a first appointment.",
                          organisation=trust)
    request = services.assurance_request(entry=answered, asks="What are the waiting times now, and the plan?",
                                         due_on=add_working_days(today, 5), by=pmae_chair)
    services.assurance_answer(request=request, by=trust_lead, text=(
        "Median wait is now 11 weeks; children on protection plans are triaged within 2 weeks. A recovery plan "
        "is attached to our board report."))

    escalated = _challenge(cse, cse_chair, "Strategy discussions held within 24 hours",
                           "Strategy discussions for exploitation concerns are often held after 24 hours.",
                           organisation=council)
    request = services.assurance_request(entry=escalated, asks="How many were held within 24 hours last quarter?",
                                         due_on=add_working_days(today, 2), by=cse_chair)
    response = services.assurance_answer(request=request, by=council_lead,
                                         text="We do not hold the figure; a manual count is under way.")
    services.response_judge(response=response, assured=False, refer=True, by=cse_chair,
                            outcome="No figure and no date for one.")
    services.entry_escalate(entry=escalated, by=bpg_chair,
                            reason="No assurance after a referral; the Board's escalation policy applies.")

    def risk(title, description, likelihood, impact, owner, **more):
        return services.entry_raise(data={
            "kind": "risk", "title": title, "description": description, "raised_by_body": bpg,
            "likelihood": likelihood, "impact": impact, "target_likelihood": 2, "target_impact": impact,
            "owner_body": owner, **more}, by=bpg_chair)

    risk("Capacity of the front door as referrals rise", "Referrals to the front door rose by a fifth in a year.",
         4, 4, bpg, next_review_on=add_working_days(today, 3))
    risk("Uptake of multi-agency training", "Places on multi-agency courses went unfilled this year.", 3, 3,
         bodies["L&D"], next_review_on=add_working_days(today, -12))
    tolerated = risk("Turnover of social workers", "Agency staff fill a quarter of social work posts.", 3, 4, bpg)
    proposal = services.risk_treat(entry=tolerated, treatment="tolerate", by=pmae_chair,  # a BPG seat as a chair
                                   reason="Within the Board's appetite while the recruitment campaign runs.",
                                   expires_on=add_working_days(today, 40))
    services.tolerance_decide(decision=proposal, agree=True, by=bpg_chair, comment="Review it at the year's end.")

    services.entry_raise(data={
        "kind": "concern", "title": "Private fostering notifications are low",
        "description": "Schools notified no private fostering arrangements this year.",
        "raised_by_body": bodies["SAPP"], "restricted": True}, by=chair_of(bodies["SAPP"], today))
