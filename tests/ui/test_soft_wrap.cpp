// Soft line breaks of the extended-text field (ui/widgets/interactions/soft_wrap.h), measured
// with a fixed-width font of 1 unit per byte so every break can be reasoned out by hand.
#include <doctest/doctest.h>

#include "ui/widgets/interactions/soft_wrap.h"

using namespace dlk::ui;

namespace {
float mono(std::string_view s) {
    return static_cast<float>(s.size());
}
}  // namespace

TEST_CASE("soft wrap: a line breaks at the space before the word that does not fit") {
    //                                  0123456789012345678901
    CHECK(softBreaksFor("de kat zit op de mat", 8, mono) == std::vector<int>{6, 13});
    std::vector<int> breaks;
    CHECK(wrapForDisplay("de kat zit op de mat", 8, mono, breaks) == "de kat\nzit op\nde mat");
    // A word longer than the line stays whole; a short text is left alone.
    CHECK(softBreaksFor("ontzettendlangwoord kort", 8, mono) == std::vector<int>{19});
    CHECK(softBreaksFor("kort", 8, mono).empty());
}

TEST_CASE("soft wrap: a typed line break starts a new line - it is never a soft one") {
    //                               0123456 789012345678
    CHECK(softBreaksFor("Beste Mo\nde kat zit op", 8, mono) == std::vector<int>{15});
    std::vector<int> breaks;
    const std::string shown = wrapForDisplay("Beste Mo\nde kat zit op", 8, mono, breaks);
    CHECK(shown == "Beste Mo\nde kat\nzit op");
    CHECK(typedText(shown, breaks) == "Beste Mo\nde kat zit op");
}

TEST_CASE("soft wrap: breaks follow an edit - before it they stay and after it they move") {
    std::vector<int> breaks;
    const std::string before = wrapForDisplay("de kat zit op de mat", 8, mono, breaks);
    REQUIRE(breaks == std::vector<int>{6, 13});
    // "zwarte " typed before "kat": the break in front of it stays, the one after it moves on.
    std::string after = before;
    after.insert(3, "zwarte ");
    CHECK(carrySoftBreaks(before, after, breaks) == std::vector<int>{13, 20});
    CHECK(typedText(after, carrySoftBreaks(before, after, breaks)) == "de zwarte kat zit op de mat");
    // The soft break itself deleted (Backspace at the start of a line): that space is gone too.
    std::string joined = before;
    joined.erase(6, 1);
    CHECK(carrySoftBreaks(before, joined, breaks) == std::vector<int>{12});
    CHECK(typedText(joined, carrySoftBreaks(before, joined, breaks)) == "de katzit op de mat");
}
