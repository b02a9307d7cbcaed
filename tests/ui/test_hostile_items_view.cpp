// Items at the limits of qti/limits.h still draw: the most choices an interaction may have, and a
// body with nearly the most elements an item may have, each draw a frame quickly (an interaction
// with 100,000 choices drew no frame in 100 s; such an item is now refused at load).
#include <doctest/doctest.h>

#include <ctime>
#include <fstream>

#include "qti/limits.h"
#include "test_support.h"
#include "widget_harness.h"

using namespace dlk;

namespace {

double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string item(const std::string& body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"h\" title=\"h\">\n"
           "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"identifier\"/>\n"
           "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>\n"
           "<qti-item-body>\n" +
           body + "\n</qti-item-body>\n</qti-assessment-item>\n";
}

// CPU seconds of one frame of the item in `xml`, after the first frames (fonts, layout) are done.
double secondsPerFrame(const std::string& xml) {
    dlk::test::TempDir dir;
    const std::string path = dir.file("item.xml");
    std::ofstream(path, std::ios::binary) << xml;
    dlk::test::WidgetHarness h(path);
    h.frames(2);
    const double t0 = cpuNow();
    h.frames(5);
    return (cpuNow() - t0) / 5;
}

}  // namespace

TEST_CASE("hostile items view: an interaction with the most choices allowed draws a frame in under 0.2 s") {
    std::string choices;
    for (size_t i = 0; i < kMaxChoicesPerInteraction; ++i)
        choices += "<qti-simple-choice identifier=\"C" + std::to_string(i) + "\">keuze " + std::to_string(i) +
                   "</qti-simple-choice>\n";
    const double s =
        secondsPerFrame(item("<qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"0\">\n" + choices +
                             "</qti-choice-interaction>"));
    const double ms = s * 1000;
    MESSAGE(kMaxChoicesPerInteraction << " choices: " << ms << " ms per frame");
    CHECK(s < 0.2);
}

TEST_CASE("hostile items view: a body with nearly the most elements allowed draws a frame in under 1 s") {
    std::string body;
    for (size_t p = 0; p + 1 < kMaxElementsPerItem / 100; ++p) {
        body += "<p>";
        for (int i = 0; i < 99; ++i) body += "<span>w</span>";
        body += "</p>\n";
    }
    const double s = secondsPerFrame(item(body));
    const size_t elements = (kMaxElementsPerItem / 100 - 1) * 100;
    const double ms = s * 1000;
    MESSAGE(elements << " elements: " << ms << " ms per frame");
    CHECK(s < 1.0);
}
