#!/usr/bin/env python3
"""Writes items/imsmanifest.xml from the modules, so that the manifest never drifts from them.

The modules (items/mNN-*/module.nl.xml and module.en.xml) are the truth: their
qti-assessment-item-ref elements, in order, name the items. Each module gets a test resource per
language that depends on its items, a resource per item file that depends on the pictures it
uses (any "media/<name>.<ext>" the item mentions), and one webcontent resource per picture.
Each item resource carries the ref's intended age (dlk-age-*) and estimated time (dlk-minutes-*)
as IEEE LOM metadata (educational/typicalAgeRange and typicalLearningTime), where other QTI
platforms look for them; the categories in the modules stay the truth dlkiosk reads.

    packaging/tools/make_manifest.py [items-dir]        rewrites <items-dir>/imsmanifest.xml
    packaging/tools/make_manifest.py --check [items-dir] exits 1 if the file is not what it would write
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

QTI = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
LANGS = [("nl", "Nederlands"), ("en", "English")]
MEDIA = re.compile(r'media/([A-Za-z0-9_.-]+\.(?:png|jpg|jpeg|svg|gif))')

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
    identifier="dlk-bank">
  <metadata>
    <schema>QTI Package</schema>
    <schemaversion>3.0.0</schemaversion>
  </metadata>
  <organizations/>
  <resources>
"""
TAIL = """  </resources>
</manifest>
"""


def iso_duration(minutes):
    """1.5 -> PT1M30S, 6 -> PT6M: an ISO 8601 duration, as LOM's typicalLearningTime has it."""
    seconds = int(round(float(minutes) * 60))
    return "PT%dM%s" % (seconds // 60, "%dS" % (seconds % 60) if seconds % 60 else "")


def lom(lang, categories):
    """The LOM metadata block of an item resource, or "" when its ref names neither age nor time."""
    age = next((c[len("dlk-age-"):] for c in categories if c.startswith("dlk-age-")), None)
    minutes = next((c[len("dlk-minutes-"):] for c in categories if c.startswith("dlk-minutes-")), None)
    if not age and not minutes:
        return ""
    out = ["      <metadata>\n", "        <imsmd:lom>\n",
           "          <imsmd:general><imsmd:language>%s</imsmd:language></imsmd:general>\n" % lang,
           "          <imsmd:educational>\n"]
    if age:
        out.append('            <imsmd:typicalAgeRange><imsmd:string language="en">%s</imsmd:string></imsmd:typicalAgeRange>\n' % age)
    if minutes:
        out.append("            <imsmd:typicalLearningTime><imsmd:duration>%s</imsmd:duration></imsmd:typicalLearningTime>\n" % iso_duration(minutes))
    out += ["          </imsmd:educational>\n", "        </imsmd:lom>\n", "      </metadata>\n"]
    return "".join(out)


def media_id(module, picture):
    return "%s-media-%s" % (module, os.path.splitext(picture)[0])


def manifest(items_dir):
    out = [HEAD]
    for module in sorted(d for d in os.listdir(items_dir) if re.match(r"m\d\d-", d)):
        pictures_used = []
        for lang, language in LANGS:
            test_href = "%s/module.%s.xml" % (module, lang)
            refs = [(r.get("href"), (r.get("category") or "").split())
                    for r in ET.parse(os.path.join(items_dir, test_href)).iter(QTI + "qti-assessment-item-ref")]
            out.append("    <!-- %s, %s -->\n" % (module, language))
            out.append('    <resource identifier="%s-%s" type="imsqti_test_xmlv3p0" href="%s">\n' % (module, lang, test_href))
            out.append('      <file href="%s"/>\n' % test_href)
            items = []
            for href, categories in refs:
                ident = os.path.splitext(os.path.basename(href))[0]
                items.append((ident, "%s/%s" % (module, href), categories))
                out.append('      <dependency identifierref="%s-%s"/>\n' % (ident, lang))
            out.append("    </resource>\n")
            for ident, path, categories in items:
                text = open(os.path.join(items_dir, path), encoding="utf-8").read()
                pictures = sorted(set(MEDIA.findall(text)))
                out.append('    <resource identifier="%s-%s" type="imsqti_item_xmlv3p0" href="%s">\n' % (ident, lang, path))
                out.append(lom(lang, categories))
                out.append('      <file href="%s"/>\n' % path)
                for p in pictures:
                    out.append('      <dependency identifierref="%s"/>\n' % media_id(module, p))
                    if p not in pictures_used:
                        pictures_used.append(p)
                out.append("    </resource>\n")
        if pictures_used:
            out.append("    <!-- %s, pictures (both languages) -->\n" % module)
            for p in sorted(pictures_used):
                href = "%s/media/%s" % (module, p)
                out.append('    <resource identifier="%s" type="webcontent" href="%s">\n' % (media_id(module, p), href))
                out.append('      <file href="%s"/>\n' % href)
                out.append("    </resource>\n")
    out.append(TAIL)
    return "".join(out)


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    items_dir = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "..", "items")
    path = os.path.join(items_dir, "imsmanifest.xml")
    text = manifest(items_dir)
    if check:
        if open(path, encoding="utf-8").read() != text:
            print("%s is not what packaging/tools/make_manifest.py writes from the modules: run it" % path)
            return 1
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
