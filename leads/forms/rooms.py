"""The rooms of a measurement visit, entered as rows (name, length, width, height, note) that can be added and
removed on a phone (issue 9: one strict line per room was hard to type). Without JavaScript the form shows a few
blank rows; static/js/room-rows.js adds and removes rows. A client that posts one room per line under the field's
own name (`measurement-rooms`) is still understood (parse_rooms)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COLUMNS = ("name", "length", "width", "height", "note")
BLANK_ROWS = 3
MAX_ROWS = 60
ROOM_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<numbers>[\d.,\s×xX*]+?)(?:\s*[#＃]\s*(?P<note>.*))?$")


def parse_rooms(text: str):
    """One room per line: name, length, width and (optionally) height in metres, e.g. `客厅 5.2 4.0 2.8` or
    `主卧 4×3.5`; a note may follow a #. Returns [{name, length_m, width_m, height_m?, note?}] or raises a
    ValidationError naming each bad line."""
    rooms, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = ROOM_LINE.match(line)
        values = re.split(r"[\s×xX*,]+", match["numbers"].strip()) if match else []
        try:
            sizes = [Decimal(v) for v in values if v]
        except InvalidOperation:
            sizes = []
        if not match or len(sizes) not in (2, 3) or any(s <= 0 or s >= 1000 for s in sizes):
            errors.append(
                _("Line %(n)d (“%(line)s”): write the room's name, then length and width (and height) in metres.")
                % {"n": number, "line": line[:40]}
            )
            continue
        room = {"name": match["name"].strip()[:50], "length_m": sizes[0], "width_m": sizes[1]}
        if len(sizes) == 3:
            room["height_m"] = sizes[2]
        if match["note"]:
            room["note"] = match["note"].strip()[:200]
        rooms.append(room)
    if errors:
        raise ValidationError(errors)
    return rooms


def _size(text):
    try:
        value = Decimal(text.replace(",", "."))
    except (InvalidOperation, AttributeError):
        return None
    return value if 0 < value < 1000 else None


def rooms_from_rows(rows):
    """[{name, length, width, height, note}] as typed -> the service's rooms; blank rows are skipped; each bad row
    is named by its number on the page."""
    rooms, errors = [], []
    for number, row in enumerate(rows, start=1):
        if not any(row.values()):
            continue
        length, width = _size(row["length"]), _size(row["width"])
        height = _size(row["height"]) if row["height"] else None
        if not row["name"] or length is None or width is None or (row["height"] and height is None):
            errors.append(
                _("Room %(n)d: give its name, and its length and width (and height) in metres, above 0.")
                % {"n": number}
            )
            continue
        room = {"name": row["name"][:50], "length_m": length, "width_m": width}
        if height is not None:
            room["height_m"] = height
        if row["note"]:
            room["note"] = row["note"][:200]
        rooms.append(room)
    if errors:
        raise ValidationError(errors)
    return rooms


class RoomRowsWidget(forms.Widget):
    """Rows of inputs `<name>-<i>-<column>` and a count `<name>-count`; rows may be missing (removed) or blank."""

    template_name = "leads/design/_room_rows.html"

    def value_from_datadict(self, data, files, name):
        if name in data:  # one room per line
            return data[name]
        try:
            count = min(int(data.get(f"{name}-count", 0)), MAX_ROWS)
        except (TypeError, ValueError):
            count = 0
        rows = [{column: (data.get(f"{name}-{i}-{column}") or "").strip() for column in COLUMNS} for i in range(count)]
        return [row for row in rows if any(row.values())]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}-count" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = value if isinstance(value, list) and value else []
        rows = [{column: row.get(column, "") for column in COLUMNS} for row in rows if isinstance(row, dict)]
        rows += [dict.fromkeys(COLUMNS, "") for _ in range(max(BLANK_ROWS - len(rows), 1))]
        context["widget"]["rows"] = rows
        context["widget"]["count"] = len(rows)
        return context

    def format_value(self, value):
        return value


class RoomsField(forms.Field):
    widget = RoomRowsWidget

    def to_python(self, value):
        if isinstance(value, str):
            return parse_rooms(value)
        return rooms_from_rows(value or [])

    def validate(self, value):
        if not value:
            raise ValidationError(_("Record at least one room with its dimensions."), code="required")

    def has_changed(self, initial, data):
        return bool(data)
