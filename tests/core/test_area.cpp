// QTI areas: one reader and one hit test for the loader, `inside`, mapResponsePoint, the demo and
// the graphic widgets. The edge cases are those on which the three former copies disagreed.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "qti/area.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {
Area area(std::string_view shape, std::string_view coords) {
    std::string why;
    auto a = parseArea(shape, coords, &why);
    INFO(why);
    REQUIRE(a.has_value());
    return *a;
}
std::string refusal(std::string_view shape, std::string_view coords) {
    std::string why;
    CHECK_FALSE(parseArea(shape, coords, &why).has_value());
    return why;
}
}  // namespace

TEST_CASE("area: every shape - points on the border are inside") {
    const Area circle = area("circle", "50,50,10");
    CHECK(areaContains(circle, 50, 50));
    CHECK(areaContains(circle, 60, 50));  // on the border
    CHECK(areaContains(circle, 50, 40));
    CHECK_FALSE(areaContains(circle, 60.5, 50));
    CHECK_FALSE(areaContains(circle, 58, 58));  // inside the bounding box, outside the circle
    const Area rect = area("rect", "0,0,20,10");
    CHECK(areaContains(rect, 0, 0));
    CHECK(areaContains(rect, 20, 10));
    CHECK(areaContains(rect, 20, 5));
    CHECK_FALSE(areaContains(rect, 21, 5));
    CHECK_FALSE(areaContains(rect, 10, -1));
    const Area poly = area("poly", "100,0,120,0,110,20");
    CHECK(areaContains(poly, 110, 5));
    CHECK(areaContains(poly, 110, 0));   // on the top edge
    CHECK(areaContains(poly, 100, 0));   // a vertex
    CHECK(areaContains(poly, 105, 10));  // on a slanted edge
    CHECK(areaContains(poly, 115, 10));  // on the other slanted edge (the even-odd rule alone says no)
    CHECK_FALSE(areaContains(poly, 101, 10));
    CHECK_FALSE(areaContains(poly, 110, 21));
    // A concave polygon (a U shape): the notch is outside, its edges inside.
    const Area u = area("poly", "0,0,30,0,30,30,20,30,20,10,10,10,10,30,0,30");
    CHECK(areaContains(u, 5, 20));
    CHECK(areaContains(u, 25, 20));
    CHECK(areaContains(u, 10, 20));  // the notch's left edge
    CHECK_FALSE(areaContains(u, 15, 20));
    const Area ellipse = area("ellipse", "200,200,20,10");
    CHECK(areaContains(ellipse, 220, 200));  // on the border (x radius 20)
    CHECK(areaContains(ellipse, 200, 210));  // on the border (y radius 10)
    CHECK_FALSE(areaContains(ellipse, 200, 215));
    CHECK_FALSE(areaContains(ellipse, 215, 208));
    CHECK(areaContains(area("default", ""), -1000, 1e6));
}

TEST_CASE("area: shape names in any case and with spaces - coords with commas and or spaces") {
    CHECK(area(" Circle ", "50,50,10") == area("circle", "50, 50, 10"));
    CHECK(area("RECT", "0 0 20 10") == area("rect", "0,0,20,10"));
    CHECK(area("Poly", "0,0, 10,0, 5,5").coords == std::vector<double>{0, 0, 10, 0, 5, 5});
    CHECK(area("default", "1,2,3").coords.empty());
    // A rect written right-to-left is the same rect.
    CHECK(area("rect", "20,10,0,0").coords == std::vector<double>{0, 0, 20, 10});
}

TEST_CASE("area: a poly's repeated closing point is dropped - a triangle stays a triangle") {
    const Area closed = area("poly", "0,0,10,0,5,5,0,0");
    CHECK(closed.coords == std::vector<double>{0, 0, 10, 0, 5, 5});
    CHECK(closed == area("poly", "0,0,10,0,5,5"));
    // Two points and the first again is no polygon.
    CHECK(contains(refusal("poly", "0,0,10,0,0,0"), "at least 3 points"));
}

TEST_CASE("area: refused shapes say why") {
    CHECK(contains(refusal("square", "0,0,1,1"), "unknown shape 'square'"));
    CHECK(contains(refusal("circle", "1,2"), "needs 3 numbers"));
    CHECK(contains(refusal("circle", "1,2,0"), "radius above 0"));
    CHECK(contains(refusal("ellipse", "1,2,3,-1"), "radii above 0"));
    CHECK(contains(refusal("rect", "0,0,1"), "needs 4 numbers, not 3"));
    CHECK(contains(refusal("poly", "0,0,1,1,2"), "pairs of numbers"));
    CHECK(contains(refusal("rect", "0,0,a,1"), "'a' is not a number"));
    CHECK(contains(refusal("circle", "50%,50%,10"), "percentage"));
    CHECK(contains(refusal("circle", "1,2,inf"), "is not a number"));
}

TEST_CASE("area: bounds and centre and size - the default area is larger than any other") {
    const Area c = area("circle", "10,20,5");
    REQUIRE(areaBounds(c).has_value());
    CHECK(areaBounds(c)->left == 5);
    CHECK(areaBounds(c)->bottom == 25);
    CHECK(areaCenter(c) == std::make_pair(10.0, 20.0));
    const Area p = area("poly", "0,0,10,0,10,4");
    CHECK(areaCenter(p) == std::make_pair(5.0, 2.0));
    CHECK(areaSize(p) == doctest::Approx(40));
    CHECK_FALSE(areaBounds(area("default", "")).has_value());
    CHECK(areaSize(area("default", "")) > areaSize(area("rect", "0,0,100000,100000")));
}

TEST_CASE("area: the loader and inside and mapResponsePoint agree on a point on a polygon's edge") {
    const std::string xml =
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"a\">"
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"point\">"
        "<qti-area-mapping><qti-area-map-entry shape=\" Poly \" coords=\"100,0, 120,0, 110,20, 100,0\" "
        "mapped-value=\"1\"/></qti-area-mapping></qti-response-declaration>"
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>"
        "<qti-item-body><qti-select-point-interaction response-identifier=\"RESPONSE\" max-choices=\"1\">"
        "<img src=\"p.png\" width=\"200\" height=\"100\" alt=\"\"/></qti-select-point-interaction></qti-item-body>"
        "<qti-response-processing template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
        "map_response_point\"/></qti-assessment-item>";
    const Item item = parseItemXml(xml, "edge.xml");
    const AreaMapEntry& e = item.responses[0].areaMapping->entries[0];
    CHECK(e.area.shape == AreaShape::Poly);
    CHECK(e.area.coords.size() == 6);  // the closing point is gone
    const Value onEdge = Value::single(BaseType::Point, "115 10");
    CHECK(mapResponsePoint(item.responses[0], onEdge) == 1);
    CHECK(scoreOf(item, {{"RESPONSE", onEdge}}) == 1);

    VariableMap vars{{"P", onEdge}};
    ProcessingContext ctx{vars, &item};
    BodyNode inside;
    inside.name = "inside";
    inside.attributes = {{"shape", "POLY"}, {"coords", "100,0,120,0,110,20"}};
    BodyNode variable;
    variable.name = "variable";
    variable.attributes = {{"identifier", "P"}};
    inside.children.push_back(variable);
    CHECK(evaluateExpression(inside, ctx) == Value::single(BaseType::Boolean, "true"));
}

TEST_CASE("area: a hotspot or area map entry with a broken shape is refused at load with file and line") {
    const std::string head =
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"a\">"
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\"/>"
        "<qti-item-body>\n<qti-hotspot-interaction response-identifier=\"RESPONSE\">"
        "<img src=\"p.png\" width=\"200\" height=\"100\" alt=\"\"/>\n";
    const std::string tail = "</qti-hotspot-interaction></qti-item-body></qti-assessment-item>";
    const std::string bad = head + "<qti-hotspot-choice identifier=\"A\" shape=\"circle\" coords=\"10,10\"/>" + tail;
    const auto error = errorOf([&] { parseItemXml(bad, "hot.xml"); });
    REQUIRE(error.has_value());
    CHECK(contains(error->what(), "hot.xml:3:"));
    CHECK(contains(error->what(), "circle needs 3 numbers"));
    const std::string good =
        head + "<qti-hotspot-choice identifier=\"A\" shape=\"Circle\" coords=\"10, 10, 5\"/>" + tail;
    CHECK_NOTHROW(parseItemXml(good, "hot.xml"));
}
