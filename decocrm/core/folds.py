"""Children read in their parent's query: a page's rows with their small lists of children (a visit's photos, a
proposal's files, an appointment's attendees) in one query, not one prefetch query per kind of child that exists.

Django's prefetch_related runs a query per relation only when there are parents, so a page's query count grows
with the kinds of history a record holds (ENGINEERING.md rule 6: constant whatever the rows). A Fold instead
annotates the parent queryset with the children as a JSON array (a correlated subquery, PostgreSQL's jsonb_agg) and,
once the parents are read, puts the children into each parent's prefetch cache: `parent.photos.all()` then runs no
query, exactly as after prefetch_related.

    PHOTOS = Fold("photos", MeasurementPhoto, via="visit", fields=("id", "visit_id", "file", "original_name"))
    visits = PHOTOS.attach(list(PHOTOS.annotate(MeasurementVisit.objects.filter(...))))

`fields` are concrete field attnames of the child (the rest are deferred: reading one runs a query, as with
.only()); `related` folds a foreign key's row too ({"by": ("id", "username", ...)}) as select_related would;
`item` takes that related row as the child (an M2M's users, read through its through model)."""

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast, JSONObject


def _json_of(model, fields, prefix=""):
    """JSONObject of the fields (decimals as text, so that 5.20 stays 5.20)."""
    pairs = {}
    for name in fields:
        field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        lookup = prefix + name
        pairs[name] = Cast(lookup, models.TextField()) if isinstance(field, models.DecimalField) else models.F(lookup)
    return JSONObject(**pairs)


def _instance(model, values: dict, fields):
    """A model instance from its folded fields, as if read from the database (other fields deferred)."""
    names, row = [], []
    for name in fields:
        field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        value = values.get(name)
        if value is not None and not field.is_relation:
            value = field.to_python(value)
        names.append(field.attname)
        row.append(value)
    return model.from_db("default", names, row)


class Fold:
    def __init__(self, cache_name, model, *, via, fields, order_by=("pk",), related=None, item=None):
        self.cache_name, self.model, self.via = cache_name, model, via
        self.fields, self.order_by, self.related, self.item = tuple(fields), tuple(order_by), related or {}, item

    @property
    def annotation(self):
        return f"_folded_{self.cache_name}"

    def _subquery(self):
        pairs = {"_": _json_of(self.model, self.fields)}
        for name, fields in self.related.items():
            pairs[name] = _json_of(self.model._meta.get_field(name).related_model, fields, prefix=f"{name}__")
        rows = self.model._base_manager.filter(**{self.via: OuterRef("pk")}).values(self.via)
        rows = rows.annotate(folded=JSONBAgg(JSONObject(**pairs), order_by=self.order_by)).values("folded")
        return Subquery(rows.order_by(), output_field=models.JSONField())

    def annotate(self, queryset):
        return queryset.annotate(**{self.annotation: self._subquery()})

    def _children(self, folded):
        children = []
        for entry in folded or []:
            child = _instance(self.model, entry["_"], self.fields)
            for name, fields in self.related.items():
                field = self.model._meta.get_field(name)
                value = entry[name]
                missing = value is None or value.get("id") is None
                related = None if missing else _instance(field.related_model, value, fields)
                field.set_cached_value(child, related)
            children.append(self.model._meta.get_field(self.item).get_cached_value(child) if self.item else child)
        return children

    def attach(self, parents):
        """Put each parent's folded children into its prefetch cache; returns the parents."""
        for parent in parents:
            children = self._children(getattr(parent, self.annotation))
            queryset = getattr(parent, self.cache_name).all()
            queryset._result_cache, queryset._prefetch_done = children, True
            parent.__dict__.setdefault("_prefetched_objects_cache", {})[self.cache_name] = queryset
        return parents
