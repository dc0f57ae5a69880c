"""A small partnership shaped like Bradford's, for the log's tests and the rights sweep."""

from accountability.models import BodyFunction, Function, OrganisationLead
from tests.factories import BodyFactory, OrganisationFactory, UserFactory, business_unit, member_of


def log_shape():
    """Bradford's shape, small: the Board; the BPG, which holds the log and reports to the Board; a sub group
    with its chair and a member; the police with a lead and a deputy; a business unit officer."""
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", reports_to=board)
    BodyFunction.objects.create(body=bpg, function=Function.HOLDS_LOG)
    sapp = BodyFactory(name="SAPP sub group", short_name="SAPP")
    police = OrganisationFactory(name="West Yorkshire Police")
    lead, deputy = UserFactory(full_name="Pat Lead"), UserFactory(full_name="Dee Deputy")
    OrganisationLead.objects.create(organisation=police, person=lead)
    OrganisationLead.objects.create(organisation=police, person=deputy, role="deputy")
    return {
        "board": board, "bpg": bpg, "sapp": sapp, "police": police, "lead": lead, "deputy": deputy,
        "chair": member_of(sapp, role="chair", person__full_name="Jo Chair"),
        "member": member_of(sapp, person__full_name="Mo Member"),
        "bpg_chair": member_of(bpg, role="chair", person__full_name="Bea Chair"),
        "bpg_member": member_of(bpg, person__full_name="Ben Member"),
        "board_member": member_of(board, person__full_name="Kay Board"),
        "bu": business_unit(person__full_name="Sam Patel"),
        "stranger": member_of(BodyFactory()),
    }
