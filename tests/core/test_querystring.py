"""decocrm.core.querystring: what list pages pass on to their pager links and exports record."""

from django.http import QueryDict

from decocrm.core.querystring import query_without


def test_query_without_drops_every_value_of_the_named_parameters(rf):
    request = rf.get("/?q=%E5%BC%A0&page=2&state=new&state=contacted&export=csv")
    assert QueryDict(query_without(request, "page", "export")) == QueryDict("q=%E5%BC%A0&state=new&state=contacted")
    assert query_without(rf.get("/?page=3"), "page") == ""
