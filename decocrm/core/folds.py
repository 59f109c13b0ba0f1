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

from django.db import connection, models
from django.db.models.expressions import RawSQL

# The subquery is SQL written here from the models' metadata, once per Fold and parent table: the same
# JSONB_AGG(JSONB_BUILD_OBJECT(...)) Django's JSONBAgg / JSONObject / OuterRef expressions compile to, which took
# about 3 ms of CPU to compile per query on the lead page, whose three design queries run in under 3 ms (issue 13).


def _field(model, name):
    return model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)


def _json_sql(model, fields, alias):
    """JSONB_BUILD_OBJECT of the fields of `alias` (decimals as text, so that 5.20 stays 5.20)."""
    qn = connection.ops.quote_name
    pairs = []
    for name in fields:
        field = _field(model, name)
        column = f"{alias}.{qn(field.column)}"
        pairs.append(f"'{name}', {column}::text" if isinstance(field, models.DecimalField) else f"'{name}', {column}")
    return f"JSONB_BUILD_OBJECT({', '.join(pairs)})"


def _instance(model, values: dict, fields):
    """A model instance from its folded fields, as if read from the database (other fields deferred)."""
    names, row = [], []
    for name in fields:
        field = _field(model, name)
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
        self._built = {}  # parent model -> the annotation

    @property
    def annotation(self):
        return f"_folded_{self.cache_name}"

    def _order_sql(self, aliases):
        qn = connection.ops.quote_name
        parts = []
        for name in self.order_by:
            descending, name = name.startswith("-"), name.removeprefix("-")
            relation, _, attname = name.rpartition("__")
            model = self.model._meta.get_field(relation).related_model if relation else self.model
            field = model._meta.pk if attname == "pk" else _field(model, attname)
            parts.append(f"{aliases[relation]}.{qn(field.column)}{' DESC' if descending else ''}")
        return ", ".join(parts)

    def _subquery_sql(self, parent):
        """The children of the parent row as one JSON array, correlated on the parent's table (the base table of
        the parent queryset, which Django aliases by its name)."""
        qn = connection.ops.quote_name
        child = "fold_c"
        aliases, joins = {"": child}, []
        pairs = [f"'_', {_json_sql(self.model, self.fields, child)}"]
        for i, (name, fields) in enumerate(self.related.items()):
            field = self.model._meta.get_field(name)
            related, alias = field.related_model, f"fold_r{i}"
            aliases[name] = alias
            joins.append(
                f"LEFT OUTER JOIN {qn(related._meta.db_table)} {alias}"
                f" ON {alias}.{qn(field.target_field.column)} = {child}.{qn(field.column)}"
            )
            pairs.append(f"'{name}', {_json_sql(related, fields, alias)}")
        via = self.model._meta.get_field(self.via)
        # Identifiers and literals from the models' metadata only: no value from a request reaches this SQL.
        select = f"SELECT JSONB_AGG(JSONB_BUILD_OBJECT({', '.join(pairs)}) ORDER BY {self._order_sql(aliases)})"
        source = f"FROM {qn(self.model._meta.db_table)} {child} {' '.join(joins)}"
        where = f"WHERE {child}.{qn(via.column)} = {qn(parent._meta.db_table)}.{qn(parent._meta.pk.column)}"
        return f"({select} {source} {where})"

    def annotate(self, queryset):
        if queryset.model not in self._built:
            sql = self._subquery_sql(queryset.model)
            self._built[queryset.model] = RawSQL(sql, (), output_field=models.JSONField())  # noqa: S611
        return queryset.annotate(**{self.annotation: self._built[queryset.model]})

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
