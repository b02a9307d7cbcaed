// The checks on raw XML before tinyxml2 parses it: character references, UTF-8, entity
// declarations, size and nesting (docs/data-flow.md, hostile input).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "core_test_helpers.h"
#include "qti/qti_loader.h"
#include "qti/xml_guard.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

// A minimal valid QTI 3.0 item whose body paragraph holds `bodyText` (on line 4).
std::string itemWithBody(const std::string& bodyText) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"g\" title=\"g\">\n"
           "<qti-item-body>\n"
           "<p>" +
           bodyText +
           "</p>\n"
           "</qti-item-body>\n"
           "</qti-assessment-item>\n";
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("xml guard: valid character references and plain text pass") {
    CHECK(xmlGuardProblem("<a>&#233;&#xE9;&#xe9;&amp;&lt;</a>").empty());
    CHECK(xmlGuardProblem("<a>&#9;&#10;&#13;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</a>").empty());
    CHECK(xmlGuardProblem("<a>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80</a>").empty());
    CHECK(xmlGuardProblem("").empty());
    // A reference survives into the item as the character it names.
    const Item item = parseItemXml(itemWithBody("caf&#233; &#x20AC;"), "ref.xml");
    CHECK(item.body.plainText() == "caf\xC3\xA9 \xE2\x82\xAC");
}

TEST_CASE("xml guard: character references outside XML's character range are refused") {
    for (const std::string ref : {"&#x110000;", "&#1114112;", "&#xFFFFFFFFFFFF;", "&#99999999999;"}) {
        CAPTURE(ref);
        CHECK(contains(xmlGuardProblem(std::string("<a>") + ref + "</a>"), "out of range"));
    }
    for (const std::string ref : {"&#0;", "&#x0;", "&#xD800;", "&#xDFFF;", "&#55296;", "&#xFFFE;", "&#xFFFF;", "&#1;",
                                  "&#x1F;", "&#x0000000000;"}) {
        CAPTURE(ref);
        const std::string problem = xmlGuardProblem(std::string("<a>") + ref + "</a>");
        CHECK(contains(problem, "does not allow"));
    }
}

TEST_CASE("xml guard: malformed character references are refused") {
    for (const std::string bad :
         {"&#;", "&#x;", "&#12a;", "&#xG1;", "&#-1;", "&# 65;", "&#65", "&#x41", "&#1234567890123;"}) {
        CAPTURE(bad);
        const std::string problem = xmlGuardProblem(std::string("<a>") + bad);
        CHECK_FALSE(problem.empty());
        CHECK(problem.starts_with("line 1:"));
    }
}

TEST_CASE("xml guard: problems name the line") {
    CHECK(xmlGuardProblem("<a>\n\n<b>&#0;</b></a>").starts_with("line 3:"));
    CHECK(xmlGuardProblem("<a>\r\n<b>\r\n\xFF</b></a>").starts_with("line 3:"));
    // Comments and CDATA hold literal text; line counting continues after them.
    CHECK(xmlGuardProblem("<a><!-- &#0; \n --><![CDATA[&#0;\n]]></a>").empty());
    CHECK(xmlGuardProblem("<a><!-- \n\n --><![CDATA[\n]]>\n&#0;</a>").starts_with("line 5:"));
    CHECK(contains(xmlGuardProblem("<a><!-- never closed </a>"), "unterminated comment"));
    CHECK(contains(xmlGuardProblem("<a><![CDATA[ never closed </a>"), "unterminated CDATA"));
}

TEST_CASE("xml guard: invalid UTF-8 is refused") {
    for (const std::string bad :
         {"\xFF", "\xC3\x28", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80"}) {
        CAPTURE(bad);
        CHECK(contains(xmlGuardProblem(std::string("<a>") + bad + "</a>"), "UTF-8"));
    }
}

TEST_CASE("xml guard: entity declarations are refused - a bare DOCTYPE is not") {
    const std::string laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>";
    CHECK(contains(xmlGuardProblem(laughs), "entity declarations are not allowed"));
    const std::string external =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<foo>&xxe;</foo>";
    CHECK(contains(xmlGuardProblem(external), "entity declarations are not allowed"));
    CHECK(xmlGuardProblem("<!DOCTYPE html>\n<html/>").empty());
}

TEST_CASE("xml guard: the item loader turns guard problems into file:line Parse errors") {
    auto e = errorOf([] { parseItemXml(itemWithBody("kapot &#x110000; teken"), "items/kapot.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(std::string(e->what()).starts_with("items/kapot.xml:4:"));
    CHECK(contains(e->what(), "out of range"));

    e = errorOf([] { parseItemXml(itemWithBody("\xC3\x28"), "utf8.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(std::string(e->what()).starts_with("utf8.xml:4:"));

    e = errorOf([] {
        parseItemXml("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<qti-assessment-item/>", "ent.xml");
    });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(std::string(e->what()).starts_with("ent.xml:2:"));
}

TEST_CASE("xml guard: text over 16 MiB is refused before it is scanned") {
    const std::string big(kMaxXmlBytes + 1, ' ');
    const auto t0 = std::chrono::steady_clock::now();
    const std::string problem = xmlGuardProblem(big);
    CHECK(secondsSince(t0) < 0.1);
    CHECK(problem.starts_with("line 1:"));
    CHECK(contains(problem, "16 MiB"));
    auto e = errorOf([&] { parseItemXml(big, "big.xml"); });
    REQUIRE(e);
    CHECK(std::string(e->what()).starts_with("big.xml:1:"));
}

TEST_CASE("xml guard: a file over 16 MiB is refused without being read") {
    dlk::test::TempDir dir;
    const std::string path = dir.file("huge.xml");
    dlk::test::writeFile(path, "<a>");
    std::filesystem::resize_file(path, kMaxXmlBytes + 1);  // sparse: nothing is written
    const auto t0 = std::chrono::steady_clock::now();
    auto e = errorOf([&] { (void)readTextFile(path); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(std::string(e->what()).starts_with(path + ":1:"));
    e = errorOf([&] { (void)loadItemFile(path); });
    REQUIRE(e);
    CHECK(contains(e->what(), "16 MiB"));
    CHECK(secondsSince(t0) < 0.5);

    // Exactly 16 MiB is still read.
    std::filesystem::resize_file(path, kMaxXmlBytes);
    CHECK(readTextFile(path).size() == kMaxXmlBytes);
    // A missing file is an Io error naming it.
    e = errorOf([&] { (void)readTextFile(dir.file("missing.xml")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "missing.xml"));
}

TEST_CASE("xml guard: 100000 nested elements give a clean error - not a crash") {
    std::string deep;
    deep.reserve(1000000);
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    for (int i = 0; i < 100000; ++i) deep += "</div>";
    const auto t0 = std::chrono::steady_clock::now();
    auto e = errorOf([&] { parseItemXml(itemWithBody(deep), "deep.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(std::string(e->what()).starts_with("deep.xml:"));
    // Unclosed nesting, as a fuzzer would write it.
    std::string open;
    for (int i = 0; i < 300000; ++i) open += "<a>";
    e = errorOf([&] { parseItemXml(open, "open.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(secondsSince(t0) < 5.0);
}

TEST_CASE("xml guard: moderate nesting in an item body loads with its structure intact") {
    std::string nested;
    for (int i = 0; i < 40; ++i) nested += "<span>";
    nested += "diep";
    for (int i = 0; i < 40; ++i) nested += "</span>";
    const Item item = parseItemXml(itemWithBody(nested), "nested.xml");
    const BodyNode* n = &item.body;
    int depth = 0;
    for (;;) {  // itemBody > p > span > ... ; whitespace text nodes sit beside <p>
        const BodyNode* next = nullptr;
        for (const auto& c : n->children)
            if (!c.isText) next = &c;
        if (!next) break;
        n = next;
        ++depth;
    }
    CHECK(depth == 41);  // p and 40 spans
    CHECK(n->name == "span");
    REQUIRE(n->children.size() == 1);
    CHECK(n->children[0].text == "diep");
    CHECK(item.body.plainText() == "diep");
}

namespace {
// An item whose body paragraph carries `attributes` (on line 4) and holds `text`.
std::string itemWithParagraph(const std::string& attributes, const std::string& text = "tekst") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"g\" title=\"g\">\n"
           "<qti-item-body>\n"
           "<p " +
           attributes + ">" + text +
           "</p>\n"
           "</qti-item-body>\n"
           "</qti-assessment-item>\n";
}
}  // namespace

TEST_CASE("xml guard: a comment or CDATA opener inside an attribute value hides no character reference") {
    // The attack: "<!--" in a value used to start a comment that ran to the next "-->", so the
    // &#0; between them reached tinyxml2 unchecked.
    for (const std::string opener : {"<!--", "<![CDATA["}) {
        CAPTURE(opener);
        const std::string closer = opener == "<!--" ? "<!-- x -->" : "<![CDATA[ x ]]>";
        const std::string attack = "<a title=\"" + opener + "\">\n&#0;" + closer + "</a>";
        const std::string problem = xmlGuardProblem(attack);
        CHECK(problem.starts_with("line 2:"));
        CHECK(contains(problem, "does not allow"));
        // A reference inside the value itself, after the opener, is checked too.
        CHECK(contains(xmlGuardProblem("<a title=\"" + opener + " &#x1;\">x</a>"), "does not allow"));
        auto e =
            errorOf([&] { parseItemXml(itemWithParagraph("title=\"" + opener + "\"", "&#0;" + closer), "a.xml"); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Parse);
        CHECK(std::string(e->what()).starts_with("a.xml:4:"));
    }
}

TEST_CASE("xml guard: legitimate comment openers and markup characters inside attribute values load as text") {
    const std::string value = "zie &lt;!-- en <!-- niet --> en <![CDATA[x]]> of a > b &amp; &#233;";
    CHECK(xmlGuardProblem("<a title=\"" + value + "\">x</a>").empty());
    CHECK(xmlGuardProblem("<a title='\"<!--\"'>x</a><!-- echt commentaar &#0; -->").empty());
    const Item item = parseItemXml(itemWithParagraph("title=\"" + value + "\"", "na &#233;"), "ok.xml");
    REQUIRE(!item.body.children.empty());
    const BodyNode* p = nullptr;
    for (const auto& c : item.body.children)
        if (!c.isText) p = &c;
    REQUIRE(p);
    CHECK(p->attributeOr("title", "") == "zie <!-- en <!-- niet --> en <![CDATA[x]]> of a > b & \xC3\xA9");
    CHECK(item.body.plainText() == "na \xC3\xA9");
}

TEST_CASE("xml guard: malformed tags are refused with their line") {
    CHECK(contains(xmlGuardProblem("<a>\n<b title=\"open>x</b></a>"), "line 2: not well-formed XML"));
    CHECK(contains(xmlGuardProblem("<a>\n<b title=x>y</b></a>"), "not in quotes"));
    CHECK(contains(xmlGuardProblem("<a>\n<b title>y</b></a>"), "has no value"));
    CHECK(contains(xmlGuardProblem("<a><?pi never closed </a>"), "unterminated processing instruction"));
    CHECK(contains(xmlGuardProblem("<a>1 < 2</a>"), "starts no element"));
}

TEST_CASE("xml guard: more attributes on one element than the limit are refused before parsing") {
    auto attributes = [](size_t n) {
        std::string s;
        s.reserve(n * 12);
        for (size_t i = 0; i < n; ++i) s += "a" + std::to_string(i) + "=\"1\" ";
        return s;
    };
    CHECK(xmlGuardProblem("<a " + attributes(kMaxAttributesPerElement) + "/>").empty());
    const std::string over = xmlGuardProblem("<a\n" + attributes(kMaxAttributesPerElement + 1) + "/>");
    CHECK(over.starts_with("line 1:"));
    CHECK(contains(over, "<a> has more than 256 attributes"));
    // 100,000 attributes used to take 48.7 s in tinyxml2's duplicate check.
    const std::string xml = itemWithParagraph(attributes(100000));
    const auto t0 = std::chrono::steady_clock::now();
    auto e = errorOf([&] { parseItemXml(xml, "attrs.xml"); });
    CHECK(secondsSince(t0) < 1.0);
    REQUIRE(e);
    CHECK(std::string(e->what()).starts_with("attrs.xml:4:"));
    CHECK(contains(e->what(), "attributes"));
}

TEST_CASE("xml guard: elements - text and attribute values beyond the limits are refused") {
    // Elements: an item may hold kMaxElementsPerItem, another document more.
    std::string spans;
    for (size_t i = 0; i < kMaxElementsPerItem; ++i) spans += "<b/>";
    auto e = errorOf([&] { parseItemXml(itemWithParagraph("", spans), "many.xml"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "more than 20000 elements"));
    CHECK(xmlGuardProblem("<a>" + spans + "</a>").empty());
    CHECK(contains(xmlGuardProblem("<a>" + spans + "</a>", kItemXmlLimits), "elements"));
    // Text: at most kMaxTextBytesPerItem in an item, CDATA included.
    const std::string text(kMaxTextBytesPerItem, 'x');
    CHECK(xmlGuardProblem("<a>" + text + "</a>", kItemXmlLimits).empty());
    e = errorOf([&] { parseItemXml(itemWithParagraph("", text), "text.xml"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "KiB of text"));
    CHECK(contains(xmlGuardProblem("<a><![CDATA[" + text + "]]>y</a>", kItemXmlLimits), "KiB of text"));
    // Attribute values: at most kMaxAttributeValueBytes.
    CHECK(xmlGuardProblem("<a t=\"" + std::string(kMaxAttributeValueBytes, 'v') + "\"/>").empty());
    const std::string longValue = xmlGuardProblem("<a\nt=\"" + std::string(kMaxAttributeValueBytes + 1, 'v') + "\"/>");
    CHECK(longValue.starts_with("line 2:"));
    CHECK(contains(longValue, "attribute values may be at most 64 KiB"));
}

TEST_CASE("xml guard: more attributes in all than the limit are refused - each element within its own limit") {
    std::string element = "<b";
    for (int i = 0; i < 100; ++i) element += " a" + std::to_string(i) + "=\"\"";
    element += "/>";
    std::string within, over;
    for (size_t i = 0; i < kMaxAttributesPerItem / 100; ++i) within += element;
    over = within + "\n" + element;
    CHECK(xmlGuardProblem("<a>" + within + "</a>", kItemXmlLimits).empty());
    const std::string problem = xmlGuardProblem("<a>" + over + "</a>", kItemXmlLimits);
    CHECK(problem.starts_with("line 2:"));
    CHECK(contains(problem, "more than 50000 attributes in all"));
    // An item is held to the item limits even when read as any document (the validator does).
    const std::string item = "<qti-assessment-item>" + over + "</qti-assessment-item>";
    CHECK(contains(xmlGuardProblem(item), "more than 50000 attributes in all"));
    CHECK(xmlGuardProblem("<manifest>" + over + "</manifest>").empty());
}
