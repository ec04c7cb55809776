#!/usr/bin/env python3
"""Derive the ISO 20022 XSDs of the platform's message versions.

Writes gateway/src/standards/iso20022/xsd/<version>.xsd for every message
version the gateway generates (gateway/src/standards/iso20022/message.ts).

Why derived: no package registry (npm, PyPI, Maven) ships the ISO 20022
securities XSDs; iso20022.org publishes them only as downloads behind its
catalogue pages. The closest registry package is PyPI python-iso20022 0.3.0
(MIT), xsdata-generated Python dataclasses for every message version,
generated from the published message definition XSDs. xsdata keeps in each
field's metadata the element name, its order (field order), minOccurs and
maxOccurs ("required", "min_occurs", "max_occurs"), the facets (pattern,
min_length, max_length, total_digits, fraction_digits, min_inclusive) and
whether it is an attribute; code lists are Enum classes. This script turns
that metadata back into XSD.

How the published structure is recovered:
- Each dataclass is a complexType named as in the published XSD (the class
  name without its version suffix, e.g. Sese02500111); its fields, in order,
  are an xs:sequence.
- Choices: the published XSDs make every ISO 20022 choice component (type
  names ending in "...<n>Choice") an xs:choice of exactly one alternative.
  xsdata flattens a choice to a class whose fields are all optional; a class
  whose name contains "Choice" is emitted as xs:choice, each alternative
  minOccurs 1 (a list alternative keeps its maxOccurs, "unbounded" if none).
- A class with a text "value" field has simple content: its value type is a
  named simpleType "<Type>_SimpleType" (the published naming) extended with
  its attributes (e.g. Ccy of ActiveCurrencyAndAmount).
- Code lists (Enum classes) are named simpleTypes of xs:string enumerations.
- Built-in types: str -> xs:string, Decimal -> xs:decimal, bool -> xs:boolean,
  XmlDate (ISODate) -> xs:date, XmlDateTime (ISODateTime) -> xs:dateTime,
  XmlTime (ISOTime) -> xs:time, XmlPeriod -> xs:gYearMonth.

What cannot be recovered faithfully (and how it is handled):
- Names of the published simple types (Max35Text, ISINOct2015Identifier,
  ActiveCurrencyCode, ...): xsdata inlines their facets into each field, so
  each element gets an anonymous simpleType with the same facets. The value
  space is the same; only the type names are lost.
- XmlPeriod stands for every xs:g* type; in these messages its only use is
  ISOYearMonth (reda.006 ContrctSttlmMnth), hence xs:gYearMonth.
- The wildcard of SupplementaryDataEnvelope1 is emitted as
  xs:any namespace="##any" processContents="lax" minOccurs="0" (xsdata keeps
  neither processContents nor its minOccurs).
- Textual rules and cross-element constraints of the message definitions
  are not in the published XSDs either, and are not checked.
- Type ordering: types are written alphabetically (as the published XSDs
  are), Document first.

Regenerate (from the repository root): npm run iso20022:xsd
which runs gateway/scripts/derive-iso20022-xsd.sh (pip-installs
python-iso20022==0.3.0 into a temporary directory and runs this script).
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
import typing
from decimal import Decimal
from enum import Enum
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from xsdata.models.datatype import XmlDate, XmlDateTime, XmlPeriod, XmlTime

SOURCE_PACKAGE = "python-iso20022"
SOURCE_VERSION = "0.3.0"

# The message versions of gateway/src/standards/iso20022/message.ts.
MESSAGE_VERSIONS = [
    "sese.023.001.11",
    "sese.024.001.12",
    "sese.025.001.11",
    "semt.013.001.06",
    "semt.002.001.11",
    "semt.017.001.12",
    "seev.031.001.14",
    "seev.036.001.15",
    "reda.006.001.01",
]

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "src" / "standards" / "iso20022" / "xsd"

BUILTIN_TYPES: dict[type, str] = {
    str: "xs:string",
    Decimal: "xs:decimal",
    bool: "xs:boolean",
    XmlDate: "xs:date",
    XmlDateTime: "xs:dateTime",
    XmlTime: "xs:time",
    XmlPeriod: "xs:gYearMonth",
}

# xsdata facet metadata keys, as XSD facet names.
FACETS = [
    ("pattern", "pattern"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("min_inclusive", "minInclusive"),
    ("max_inclusive", "maxInclusive"),
    ("min_exclusive", "minExclusive"),
    ("max_exclusive", "maxExclusive"),
    ("total_digits", "totalDigits"),
    ("fraction_digits", "fractionDigits"),
    ("length", "length"),
]


def header_comment(version: str) -> str:
    return f"""<!--
  ISO 20022 {version}, derived from {SOURCE_PACKAGE} {SOURCE_VERSION} (PyPI, MIT licence),
  xsdata dataclasses generated from the ISO 20022 published message definition XSDs.
  Why derived: no package registry (npm, PyPI, Maven) ships the ISO 20022 securities XSDs.
  Choices are recovered from the "...Choice" component types; published simple type names
  are not recoverable (their facets are inlined). Details: gateway/scripts/derive-iso20022-xsd.py.
  Regenerate: npm run iso20022:xsd   (do not edit by hand)
-->"""


def unwrap(hint: typing.Any) -> tuple[typing.Any, bool]:
    """The field's item type, and whether the field is a list."""
    origin = typing.get_origin(hint)
    if origin is list:
        return typing.get_args(hint)[0], True
    if origin is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise ValueError(f"unsupported union {hint}")
        return unwrap(args[0])
    return hint, False


def facets_of(metadata: typing.Mapping[str, typing.Any]) -> list[tuple[str, str]]:
    out = []
    for key, facet in FACETS:
        if key in metadata:
            value = metadata[key]
            out.append((facet, str(value)))
    return out


class SchemaWriter:
    """Collects the named types of one message version and writes them as XSD."""

    def __init__(self, version: str, suffix: str) -> None:
        self.version = version
        self.namespace = f"urn:iso:std:iso:20022:tech:xsd:{version}"
        self.suffix = suffix
        self.types: dict[str, list[str]] = {}

    def type_name(self, cls: type) -> str:
        name = cls.__name__
        if issubclass(cls, Enum):
            return name
        if not name.endswith(self.suffix):
            raise ValueError(f"{name} lacks the version suffix {self.suffix}")
        return name[: -len(self.suffix)]

    def type_ref(self, item: typing.Any) -> str:
        """The name of a field's type, adding named types as they are met."""
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return self.add_complex_type(item)
        if isinstance(item, type) and issubclass(item, Enum):
            return self.add_code_list(item)
        if item in BUILTIN_TYPES:
            return BUILTIN_TYPES[item]
        raise ValueError(f"unsupported field type {item!r}")

    def simple_type_body(self, base: str, facets: list[tuple[str, str]], indent: str) -> list[str]:
        lines = [f"{indent}<xs:simpleType>", f'{indent}  <xs:restriction base="{base}">']
        lines += [f"{indent}    <xs:{facet} value={quoteattr(value)}/>" for facet, value in facets]
        lines += [f"{indent}  </xs:restriction>", f"{indent}</xs:simpleType>"]
        return lines

    def add_code_list(self, enum: type[Enum]) -> str:
        name = self.type_name(enum)
        if name not in self.types:
            lines = [f'  <xs:simpleType name="{name}">', '    <xs:restriction base="xs:string">']
            lines += [f"      <xs:enumeration value={quoteattr(str(m.value))}/>" for m in enum]
            lines += ["    </xs:restriction>", "  </xs:simpleType>"]
            self.types[name] = lines
        return name

    def element(self, field: dataclasses.Field, hint: typing.Any, in_choice: bool, indent: str) -> list[str]:
        md = field.metadata
        item, is_list = unwrap(hint)
        if md.get("type") == "Wildcard":
            return [f'{indent}<xs:any minOccurs="0" namespace={quoteattr(md.get("namespace", "##any"))} processContents="lax"/>']
        if md.get("type") != "Element":
            raise ValueError(f"unsupported field kind {md.get('type')} of {field.name}")
        occurs = ""
        if is_list:
            low = 1 if in_choice else md.get("min_occurs", 0)
            high = md.get("max_occurs", "unbounded")
            occurs = f' maxOccurs="{high}" minOccurs="{low}"'
        elif not in_choice and not md.get("required"):
            occurs = ' minOccurs="0"'
        base = self.type_ref(item)
        facets = facets_of(md)
        name = md["name"]
        if not facets:
            return [f'{indent}<xs:element{occurs} name="{name}" type="{base}"/>']
        if not base.startswith("xs:"):
            raise ValueError(f"facets on a named type for {name}")
        lines = [f'{indent}<xs:element{occurs} name="{name}">']
        lines += self.simple_type_body(base, facets, indent + "  ")
        lines.append(f"{indent}</xs:element>")
        return lines

    def attribute(self, field: dataclasses.Field, hint: typing.Any, indent: str) -> list[str]:
        md = field.metadata
        item, _ = unwrap(hint)
        base = self.type_ref(item)
        use = ' use="required"' if md.get("required") else ""
        facets = facets_of(md)
        if not facets:
            return [f'{indent}<xs:attribute name="{md["name"]}" type="{base}"{use}/>']
        lines = [f'{indent}<xs:attribute name="{md["name"]}"{use}>']
        lines += self.simple_type_body(base, facets, indent + "  ")
        lines.append(f"{indent}</xs:attribute>")
        return lines

    def add_complex_type(self, cls: type) -> str:
        name = self.type_name(cls)
        if name in self.types:
            return name
        self.types[name] = []  # reserve the name: a component may refer to itself
        hints = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        value = [f for f in fields if f.name == "value" and "type" not in f.metadata]
        attributes = [f for f in fields if f.metadata.get("type") == "Attribute"]
        children = [f for f in fields if f not in value and f not in attributes]
        lines = [f'  <xs:complexType name="{name}">']
        if value:
            if children:
                raise ValueError(f"{name} mixes text and elements")
            base = self.simple_content_base(name, value[0], hints[value[0].name])
            lines += ["    <xs:simpleContent>", f'      <xs:extension base="{base}">']
            for a in attributes:
                lines += self.attribute(a, hints[a.name], "        ")
            lines += ["      </xs:extension>", "    </xs:simpleContent>"]
        else:
            group = "choice" if "Choice" in name else "sequence"
            lines.append(f"    <xs:{group}>")
            for f in children:
                lines += self.element(f, hints[f.name], group == "choice", "      ")
            lines.append(f"    </xs:{group}>")
            for a in attributes:
                lines += self.attribute(a, hints[a.name], "    ")
        lines.append("  </xs:complexType>")
        self.types[name] = lines
        return name

    def simple_content_base(self, owner: str, field: dataclasses.Field, hint: typing.Any) -> str:
        item, _ = unwrap(hint)
        base = self.type_ref(item)
        facets = facets_of(field.metadata)
        if not facets:
            return base
        name = f"{owner}_SimpleType"
        lines = [f'  <xs:simpleType name="{name}">', f'    <xs:restriction base="{base}">']
        lines += [f"      <xs:{facet} value={quoteattr(value)}/>" for facet, value in facets]
        lines += ["    </xs:restriction>", "  </xs:simpleType>"]
        self.types[name] = lines
        return name

    def render(self, document: type) -> str:
        """The XSD: the Document element and type, then every named type alphabetically."""
        hints = typing.get_type_hints(document)
        (message,) = dataclasses.fields(document)
        message_type = self.type_ref(unwrap(hints[message.name])[0])
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            header_comment(self.version),
            f'<xs:schema xmlns="{self.namespace}" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            f' elementFormDefault="qualified" targetNamespace="{self.namespace}">',
            '  <xs:element name="Document" type="Document"/>',
            '  <xs:complexType name="Document">',
            "    <xs:sequence>",
            f'      <xs:element name="{escape(message.metadata["name"])}" type="{message_type}"/>',
            "    </xs:sequence>",
            "  </xs:complexType>",
        ]
        for name in sorted(self.types):
            out += self.types[name]
        out.append("</xs:schema>")
        return "\n".join(out) + "\n"


def derive(version: str) -> str:
    area = version.split(".")[0]
    module = importlib.import_module(f"python_iso20022.{area}.{version.replace('.', '_')}.models")
    suffix = area.capitalize() + "".join(version.split(".")[1:])  # e.g. Sese02500111
    document = getattr(module, suffix)
    return SchemaWriter(version, suffix).render(document)


def main() -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for version in MESSAGE_VERSIONS:
        path = OUTPUT_DIR / f"{version}.xsd"
        path.write_text(derive(version), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
