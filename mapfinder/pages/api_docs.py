"""The browsable API reference (``/api/v1/docs``): the OpenAPI document as plain records for one server-rendered
page — operations grouped by tag, their parameters and answers, the data structures. No JavaScript, nothing from
another host; the page's own words are in the reader's language, the document's texts stay as written (English)."""

from dataclasses import dataclass

from ..i18n import _


@dataclass(frozen=True)
class Parameter:
    name: str
    in_path: bool
    location: str
    type: str
    rules: list[str]
    required: bool
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    media_types: list[str]
    schema: str
    schema_anchor: str | None


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    parameters: list[Parameter]
    answers: list[Answer]
    example_url: str | None


@dataclass(frozen=True)
class Group:
    tag: str
    title: str
    description: str
    operations: list[Operation]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class Structure:
    name: str
    type: str
    description: str
    fields: list[Field]


@dataclass(frozen=True)
class ApiReference:
    title: str
    version: str
    server: str
    groups: list[Group]
    structures: list[Structure]


def _group_texts() -> dict[str, tuple[str, str]]:
    return {
        "api": (
            _("Eigene API"),
            _("Angebote, Einrichtungen und Stadtteile als GeoJSON – dieselben Daten wie auf der Karte."),
        ),
        "ogc": (
            _("OGC API – Features"),
            _("Für GIS-Programme wie QGIS: Sammlungen von Objekten mit Filtern nach Ort, Zeit und Eigenschaften."),
        ),
        "hsds": (
            _("HSDS 3.0 (Open Referral)"),
            _("Für Wegweiser und Vermittlungsdienste: Angebote, Orte und Träger nach dem Standard Open Referral."),
        ),
    }


def api_reference(document: dict) -> ApiReference:
    """The page's records of one OpenAPI 3.0 document."""
    components = document.get("components", {})
    texts = _group_texts()
    groups = []
    for tag in (item["name"] for item in document.get("tags", [])):
        operations = [
            _operation(path, method, item, components)
            for path, methods in document["paths"].items()
            for method, item in methods.items()
            if tag in item.get("tags", [])
        ]
        title, description = texts.get(tag, (tag, ""))
        groups.append(Group(tag, title, description, operations))
    structures = [_structure(name, schema) for name, schema in components.get("schemas", {}).items()]
    server = document.get("servers", [{}])[0].get("url", "")
    return ApiReference(document["info"]["title"], document["info"]["version"], server, groups, structures)


def _operation(path: str, method: str, item: dict, components: dict) -> Operation:
    parameters = [_parameter(_resolve(parameter, components)) for parameter in item.get("parameters", [])]
    answers = [_answer(status, answer) for status, answer in sorted(item.get("responses", {}).items())]
    anchor = "-".join([method, *(part.strip("{}") for part in path.split("/") if part)])
    example = path if not any(parameter.in_path for parameter in parameters) else None
    return Operation(anchor, method.upper(), path, item.get("summary", ""), parameters, answers, example)


def _answer(status: str, answer: dict) -> Answer:
    content = answer.get("content", {})
    schema = next((item.get("schema", {}) for item in content.values()), {})
    anchor = f"schema-{schema['$ref'].rsplit('/', 1)[1]}" if "$ref" in schema else None
    return Answer(status, answer.get("description", ""), list(content), _schema_name(schema), anchor)


def _resolve(parameter: dict, components: dict) -> dict:
    if "$ref" in parameter:
        return components["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return parameter


def _parameter(parameter: dict) -> Parameter:
    schema = parameter.get("schema", {})
    return Parameter(
        parameter["name"],
        parameter["in"] == "path",
        _("Pfad") if parameter["in"] == "path" else _("Abfrage"),
        _type(schema),
        _rules(schema),
        bool(parameter.get("required")),
        parameter.get("description", ""),
    )


def _type(schema: dict) -> str:
    """``string``, ``integer``, ``string (uuid)``, ``array of string``, a schema's name …"""
    if "$ref" in schema:
        return _schema_name(schema)
    kind = schema.get("type", "")
    if kind == "array":
        return f"array<{_type(schema.get('items', {}))}>"
    if "oneOf" in schema:
        return " | ".join(_type(option) for option in schema["oneOf"])
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _rules(schema: dict) -> list[str]:
    """The constraints a value must meet, in the reader's language."""
    rules = []
    if "enum" in schema:
        rules.append(_("einer von: %(values)s", values=", ".join(map(str, schema["enum"]))))
    if "minimum" in schema and "maximum" in schema:
        rules.append(_("%(low)s bis %(high)s", low=schema["minimum"], high=schema["maximum"]))
    elif "minimum" in schema:
        rules.append(_("mindestens %(low)s", low=schema["minimum"]))
    if "maxLength" in schema:
        rules.append(_("höchstens %(count)s Zeichen", count=schema["maxLength"]))
    if "pattern" in schema:
        rules.append(_("Muster: %(pattern)s", pattern=schema["pattern"]))
    if "default" in schema:
        rules.append(_("Standardwert: %(value)s", value=schema["default"]))
    items = schema.get("items", {})
    if schema.get("type") == "array":
        rules.extend(_rules(items))
        if "minItems" in schema and schema.get("minItems") == schema.get("maxItems"):
            rules.append(_("genau %(count)s Werte", count=schema["minItems"]))
    return rules


def _schema_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        return f"array<{_schema_name(schema['items'])}>"
    return schema.get("type", "")


def _structure(name: str, schema: dict) -> Structure:
    required = set(schema.get("required", []))
    fields = [Field(key, _type(value), key in required) for key, value in schema.get("properties", {}).items()]
    return Structure(name, _type(schema), schema.get("description", ""), fields)
