from .partnership import partnership_get


def partnership(request):
    return {"partnership": partnership_get()}
