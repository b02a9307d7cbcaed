// Typed text in the export: which answers hold it, and the screen that masks names, e-mail
// addresses, phone numbers and pupil codes in linear time.
#include <doctest/doctest.h>

#include <chrono>
#include <map>

#include "bank/item_bank.h"
#include "export/free_text.h"
#include "util/json.h"

using namespace dlk;

namespace {

TextScreen schoolScreen() {
    return TextScreen({"Sanne de Vries", "Mohammed El Amrani", "Jan-Willem van 't Hek", "Zoë Ünal", "Groep 8b"},
                      {"ABCD-EF23", "QRST-UV45"});
}

}  // namespace

TEST_CASE("free text: names from the school's lists are masked as whole words in any case") {
    const TextScreen s = schoolScreen();
    CHECK(s.screen("Ik heet Sanne de Vries.") == "Ik heet [naam] de [naam].");
    CHECK(s.screen("sanne en VRIES en Sanne's boek") == "[naam] en [naam] en [naam]'s boek");
    CHECK(s.screen("Mohammed zit naast Jan-Willem") == "[naam] zit naast [naam]-[naam]");
    CHECK(s.screen("Zoë en Ünal") == "[naam] en [naam]");
    // Parts of words stay, and particles, one-letter words and class words are no names.
    CHECK(s.screen("Sannes vriesvak van de groep") == "Sannes vriesvak van de groep");
    CHECK(s.screen("Het hek is open") == "Het [naam] is open");  // a name that is also a word: masked anyway
    CHECK(s.screen("") == "");
}

TEST_CASE("free text: e-mail addresses - phone numbers and pupil codes are masked") {
    const TextScreen s = schoolScreen();
    CHECK(s.screen("mail me: piet.puk+school@voorbeeld.nl.") == "mail me: [e-mail].");
    CHECK(s.screen("x@jan@school.nl") == "x@[e-mail]");
    CHECK(s.screen("a@b is geen adres, a@b.c wel") == "a@b is geen adres, [e-mail] wel");
    CHECK(s.screen("bel 06-12345678 of +31 6 1234 5678 of (020) 123 4567") ==
          "bel [telefoon] of +[telefoon] of ([telefoon]");
    CHECK(s.screen("ik ben 12 jaar en heb 3 katten, 1234 5678") == "ik ben 12 jaar en heb 3 katten, 1234 5678");
    // The school's own codes in every spelling; others in the code format when they hold a digit.
    CHECK(s.screen("ABCD-EF23 abcdef23 abcd ef23 QRST UV45") == "[code] [code] [code] [code]");
    CHECK(s.screen("mijn code is HJKM-NP67!") == "mijn code is [code]!");
    CHECK(s.screen("ZWEMBADS KAASBROODJE") == "ZWEMBADS KAASBROODJE");  // no digit: words
    CHECK(s.screen("ABCD-EF23X") == "ABCD-EF23X");                      // not a whole word
}

TEST_CASE("free text: the school's own codes are masked even when they hold no digit") {
    // A code of letters only (about 1 in 11 codes) looks like a word to the format rule: only the
    // school's list catches it. The list once never matched (it kept the dashed form), and such a
    // code went out in the export as typed.
    const TextScreen s({}, {"ZCBN-WYVB", "HJKM-PQRS"});
    CHECK(s.screen("(code ZCBN-WYVB).") == "(code [code]).");
    CHECK(s.screen("zcbnwyvb en zcbn wyvb, hjkm-pqrs") == "[code] en [code], [code]");
    CHECK(s.screen("ZWEMBADS") == "ZWEMBADS");  // a word that is no code of the school stays
}

TEST_CASE("free text: JSON answers are screened string by string - long numbers too") {
    const TextScreen s = schoolScreen();
    Json j = parseJson(
        R"({"RESPONSE":"hoi Sanne","NUM":612345678,"SMALL":42,"LIST":["Vries","x"],"R":{"f":"ABCD-EF23"}})", "test");
    s.screenJson(j);
    CHECK(dumpJson(j) ==
          R"({"RESPONSE":"hoi [naam]","NUM":"[telefoon]","SMALL":42,"LIST":["[naam]","x"],"R":{"f":"[code]"}})");
}

TEST_CASE("free text: hostile text is screened in linear time") {
    const TextScreen s = schoolScreen();
    const size_t n = 2'000'000;
    std::vector<std::string> inputs;
    auto repeat = [&](const std::string& unit) {
        std::string t;
        while (t.size() < n) t += unit;
        return t;
    };
    inputs.push_back(repeat("a."));                // every letter starts a word and an address that never comes
    inputs.push_back(repeat("a@"));                // an @ after every letter
    inputs.push_back(repeat("1 "));                // a phone number that never reaches 9 digits? no: masked once
    inputs.push_back(repeat("1-a "));              // digits cut short over and over
    inputs.push_back(repeat("ABCD-"));             // codes that never complete
    inputs.push_back(std::string(n, 'a') + "@");   // one long local part, no domain
    inputs.push_back("x@" + std::string(n, 'b'));  // one long domain without a dot
    const auto start = std::chrono::steady_clock::now();
    for (const auto& t : inputs) {
        const std::string out = s.screen(t);
        CHECK(out.size() <= t.size() + 16);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // About 14 MB in all: linear work takes well under a second even in a debug build under a
    // sanitizer; a quadratic scan would take hours.
    CHECK(seconds < 20.0);
}

TEST_CASE("free text: which answers hold typed text") {
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* m01 = bank.findModule("m01-schoolreis");
    REQUIRE(m01);
    std::map<std::string, bool> holds;
    for (const auto& item : m01->variant("nl").items) holds[item->identifier] = holdsFreeText(*item);
    CHECK(holds.at("schoolreis-01-bestandstype") == false);  // a choice
    CHECK(holds.at("schoolreis-06-delen") == true);          // a text entry
    CHECK(holds.at("schoolreis-07-rekenmachine") == true);   // a number keyed in: a phone number, perhaps
    CHECK(holds.at("schoolreis-09-antwoord") == true);       // a mail reply
    CHECK(holds.at("schoolreis-04-filmpje") == false);       // a choice
    const Module* m03 = bank.findModule("m03-robot");
    REQUIRE(m03);
    for (const auto& item : m03->variant("nl").items)
        if (item->identifier == "robot-09-herhaal") CHECK(holdsFreeText(*item));  // a number typed in a text entry
}
