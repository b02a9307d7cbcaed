// The browser environment (sim/browser): its search engine, its pages and history as a pure model,
// its state as a QTI record that survives a restart, its scenario reader and its refusals, the
// responses it fills, and the whole way from an item through the loader, scoring and the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/browser/browser.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::browser;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/browser.xml";

const BrowserScenario& scenarioOf(const Item& item) {
    REQUIRE(item.environments.count("RESPONSE"));
    return static_cast<const BrowserScenario&>(*item.environments.at("RESPONSE").scenario);
}

// The test item, loaded once.
const Item& testItem() {
    static const Item item = loadItemFile(kItem);
    return item;
}
const BrowserScenario& sc() {
    return scenarioOf(testItem());
}

std::vector<std::string> ids(const std::vector<int>& pages) {
    std::vector<std::string> out;
    for (int i : pages) out.push_back(sc().pages[static_cast<size_t>(i)].id);
    return out;
}

using Ids = std::vector<std::string>;

// Every response an action stores for `s`, as the item's scoring sees them.
VariableMap answers(const State& s) {
    const auto all = sim::responsesFor(kType, testItem().environments.at("RESPONSE"), "RESPONSE", toResponse(sc(), s));
    return VariableMap(all.begin(), all.end());
}

std::string errorFor(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "b.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

// The test item with `from` (which must be in it) replaced by `to`.
std::string itemWith(const std::string& from, const std::string& to) {
    std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    x.replace(at, from.size(), to);
    return x;
}

// The line of the test item on which `text` first appears.
int lineOf(const std::string& text) {
    const std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(text);
    REQUIRE_MESSAGE(at != std::string::npos, text);
    return 1 + static_cast<int>(std::count(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST_CASE("browser: the scenario is read - pages - paragraphs with links - snippets - the engine") {
    const BrowserScenario& s = sc();
    REQUIRE(s.pages.size() == 5);
    CHECK(s.start == "search");
    CHECK(s.engine == "Zoekwijzer");
    CHECK(s.engineAddress == "https://www.zoekwijzer.nl");
    CHECK(s.chosenRule == ChosenRule::Last);
    const Page& w = *s.page("waterschap");
    CHECK(w.author == "Waterschap Groene Delta");
    CHECK(w.date == "3 juni 2025");
    CHECK_FALSE(w.advert);
    CHECK(s.page("knuffel")->advert);
    REQUIRE(w.blocks.size() == 3);
    CHECK(w.blocks[1].paragraph == 2);
    CHECK(w.blocks[1].text == "Haaien leven in de zee. Ze hebben zout water nodig.");
    // A link is one piece, with the spaces around it as written; the full stop after it sticks to it.
    const Block& third = w.blocks[2];
    CHECK(third.text == "De foto die rondgaat is bewerkt. Zo herken je een bewerkte foto.");
    const Piece& link = third.pieces[third.pieces.size() - 2];
    CHECK(link.text == "Zo herken je een bewerkte foto");
    CHECK(link.link == s.pageIndex("foto"));
    CHECK(link.spaceBefore);
    CHECK(third.pieces.back().text == ".");
    CHECK_FALSE(third.pieces.back().spaceBefore);
    CHECK(w.links == std::vector<int>{s.pageIndex("foto")});
    // Without a snippet of its own a result shows the start of its first paragraph.
    CHECK(w.snippet == "Er zit geen haai in De Groene Plas. Je kunt er gewoon zwemmen.");
    CHECK(s.page("flitz")->snippet == "Niemand durft nog te zwemmen! Deel dit met iedereen!!");
    // A picture keeps its file and words, as an <img> the item view can draw.
    const Block& picture = s.page("flitz")->blocks[1];
    CHECK(picture.picture);
    CHECK(picture.paragraph == 0);
    CHECK(picture.image.name == "img");
    CHECK(picture.image.attributeOr("alt", "") == "Een vin in het water van een meer");
    CHECK(s.page("flitz")->blocks[2].paragraph == 2);
}

TEST_CASE("browser: a search finds pages by keywords and title - adverts first - then by words matched") {
    // "haai" is in four pages' keywords; the labelled advert comes first, then by words matched.
    CHECK(ids(results(sc(), "haai")) == Ids{"knuffel", "flitz", "waterschap", "forum"});
    CHECK(ids(results(sc(), "haai zwemmen")) == Ids{"knuffel", "waterschap", "flitz", "forum"});
    // Case, accents, punctuation and small words do not matter; a word matches the longer word it starts.
    CHECK(ids(results(sc(), "Is er een HAAI in de plás?")) == ids(results(sc(), "haai plas")));
    CHECK(ids(results(sc(), "bewerkte")) == Ids{"foto"});  // "bewerkt" in its keywords
    CHECK(ids(results(sc(), "haaien")) == ids(results(sc(), "haai")));
    // A fixed search gives its own results in its own order, its words in any order.
    CHECK(ids(results(sc(), "haai NEPFOTO")) == Ids{"foto", "flitz"});
    CHECK(results(sc(), "pannenkoeken").empty());
    CHECK(results(sc(), "de het een").empty());
    CHECK(searchTerms("Wat doen bijen met ideeën? Bijen!") == Ids{"doen", "bijen", "ideeen"});
}

TEST_CASE("browser: searching - opening results - links - back and forward") {
    State s = startState(sc());
    CHECK(s.at == "search");
    CHECK(s.visited.empty());
    // Nothing typed: nothing happens.
    CHECK(search(sc(), s, "   ") == s);
    s = search(sc(), s, "  haai   groene plas ");
    CHECK(s.at == "results");
    CHECK(s.query == "haai groene plas");
    CHECK(s.back == Ids{"search"});
    // Only a result that is listed can be opened from the results page.
    CHECK(open(sc(), s, "foto", Via::Result) == s);
    s = open(sc(), s, "flitz", Via::Result);
    CHECK(s.at == "flitz");
    CHECK(s.chosen == "flitz");
    CHECK(s.visited == Ids{"flitz"});
    // Results can only be opened from the results page; links only from the page that has them.
    CHECK(open(sc(), s, "waterschap", Via::Result) == s);
    CHECK(open(sc(), s, "foto", Via::Link) == s);
    s = open(sc(), s, "knuffel", Via::Link);
    CHECK(s.at == "knuffel");
    CHECK(s.chosen == "flitz");  // a link is no result chosen
    CHECK(s.back == Ids{"search", "results", "flitz"});
    s = goBack(sc(), goBack(sc(), s));
    CHECK(s.at == "results");
    CHECK(s.forward == Ids{"flitz", "knuffel"});
    s = goForward(sc(), s);
    CHECK(s.at == "flitz");
    CHECK(s.forward == Ids{"knuffel"});
    s = goBack(sc(), s);
    // Another result: the last one opened is the chosen one, and the way forward is forgotten.
    s = open(sc(), s, "waterschap", Via::Result);
    CHECK(s.chosen == "waterschap");
    CHECK(s.forward.empty());
    CHECK(s.visited == Ids{"flitz", "knuffel", "waterschap"});
    s = open(sc(), s, "foto", Via::Link);
    s = open(sc(), s, "waterschap", Via::Link);
    CHECK(s.visited == Ids{"flitz", "knuffel", "waterschap", "foto"});  // each page once, in order
    // At the ends of the history back and forward do nothing.
    CHECK(goForward(sc(), s) == s);
    State fresh = startState(sc());
    CHECK(goBack(sc(), fresh) == fresh);
    // The home button goes to the engine's start page; its address goes there too.
    s = goHome(sc(), s);
    CHECK(s.at == "search");
    CHECK(resolveAddress(sc(), "zoekwijzer.nl") == std::optional<std::string>("search"));
}

TEST_CASE("browser: the first result chosen counts when the scenario says chosen-rule first") {
    const Item item =
        parseItemXml(itemWith("engine=\"Zoekwijzer\"", "engine=\"Zoekwijzer\" chosen-rule=\"first\""), "b.xml");
    const BrowserScenario& first = scenarioOf(item);
    CHECK(first.chosenRule == ChosenRule::First);
    State s = search(first, startState(first), "haai");
    s = open(first, s, "forum", Via::Result);
    s = goBack(first, s);
    s = open(first, s, "waterschap", Via::Result);
    CHECK(s.chosen == "forum");
}

TEST_CASE("browser: a new search on the results page replaces it - back goes to where searching began") {
    State s = search(sc(), startState(sc()), "haai");
    s = search(sc(), s, "haai");  // the same words again: nothing new
    CHECK(s.back == Ids{"search"});
    s = search(sc(), s, "nepfoto haai");
    CHECK(s.at == "results");
    CHECK(s.query == "nepfoto haai");
    CHECK(s.back == Ids{"search"});
    s = open(sc(), s, "foto", Via::Result);
    CHECK(s.chosen == "foto");
    // Searching from a page goes to the results page.
    s = search(sc(), s, "forum");
    CHECK(s.back == Ids{"search", "results", "foto"});
    CHECK(goBack(sc(), s).at == "foto");
}

TEST_CASE("browser: typed addresses - the address bar shows the real address") {
    CHECK(resolveAddress(sc(), "https://www.waterschap-groenedelta.nl/nieuws/geen-haai") ==
          std::optional<std::string>("waterschap"));
    CHECK(resolveAddress(sc(), "  WATERSCHAP-groenedelta.nl/nieuws/geen-haai/ ") ==
          std::optional<std::string>("waterschap"));
    CHECK_FALSE(resolveAddress(sc(), "waterschap-groenedelta.nl").has_value());
    CHECK_FALSE(resolveAddress(sc(), "haai groene plas").has_value());
    CHECK_FALSE(resolveAddress(sc(), "").has_value());
    State s = startState(sc());
    CHECK(addressOf(sc(), s) == "https://www.zoekwijzer.nl/");
    s = search(sc(), s, "haai één?");
    CHECK(addressOf(sc(), s) == "https://www.zoekwijzer.nl/search?q=haai+%C3%A9%C3%A9n%3F");
    s = open(sc(), s, "forum", Via::Address);
    CHECK(s.at == "forum");
    CHECK(s.chosen.empty());  // typed, not chosen from the results
    CHECK(addressOf(sc(), s) == "https://www.vraagmaarraak-forum.nl/vraag/8812");
    CHECK(open(sc(), s, "nergens", Via::Address) == s);
}

TEST_CASE("browser: bookmarks are added and taken away - and open only what is bookmarked") {
    State s = startState(sc());
    CHECK(toggleBookmark(sc(), s) == s);  // the engine's page cannot be bookmarked
    s = open(sc(), s, "waterschap", Via::Address);
    s = toggleBookmark(sc(), s);
    s = open(sc(), s, "foto", Via::Link);
    s = toggleBookmark(sc(), s);
    CHECK(s.bookmarks == Ids{"waterschap", "foto"});
    s = toggleBookmark(sc(), s);  // the star again: taken away
    CHECK(s.bookmarks == Ids{"waterschap"});
    CHECK(open(sc(), s, "forum", Via::Bookmark) == s);
    s = goHome(sc(), s);
    s = open(sc(), s, "waterschap", Via::Bookmark);
    CHECK(s.at == "waterschap");
}

TEST_CASE("browser: copying takes a paragraph of the page shown - the words come from the page") {
    State s = open(sc(), startState(sc()), "waterschap", Via::Address);
    CHECK(copy(sc(), s, "flitz", 1) == s);       // not the page shown
    CHECK(copy(sc(), s, "waterschap", 9) == s);  // no such paragraph
    CHECK(copiedText(sc(), s).empty());
    s = copy(sc(), s, "waterschap", 2);
    CHECK(s.copiedFrom == "waterschap 2");
    CHECK(copiedText(sc(), s) == "Haaien leven in de zee. Ze hebben zout water nodig.");
    // Paragraphs are counted without the pictures between them.
    s = open(sc(), s, "flitz", Via::Address);
    s = copy(sc(), s, "flitz", 2);
    CHECK(copiedText(sc(), s) == "Wil je een eigen haai? Koop hier een haaienknuffel.");
}

TEST_CASE("browser: the history is bounded however long a pupil clicks") {
    State s = open(sc(), startState(sc()), "waterschap", Via::Address);
    for (int i = 0; i < 150; ++i) s = open(sc(), s, i % 2 ? "waterschap" : "foto", Via::Link);
    CHECK(s.back.size() == kMaxHistory);
    for (int i = 0; i < 150; ++i) s = goBack(sc(), s);
    CHECK(s.back.empty());
    CHECK(s.forward.size() == kMaxHistory);
    CHECK(s.visited == Ids{"waterschap", "foto"});
}

TEST_CASE("browser: its state is a record that comes back whole through the store - anything odd is a fresh start") {
    State s = search(sc(), startState(sc()), "haai groene plas");
    s = open(sc(), s, "waterschap", Via::Result);
    s = toggleBookmark(sc(), s);
    s = copy(sc(), s, "waterschap", 2);
    s = open(sc(), s, "foto", Via::Link);
    s = goBack(sc(), s);
    const Value v = toResponse(sc(), s);
    CHECK(v.cardinality == Cardinality::Record);
    REQUIRE(v.field("at"));
    CHECK(v.field("at")->value == "waterschap");
    CHECK(v.field("query")->value == "haai groene plas");
    CHECK(v.field("back")->value == "search results");
    CHECK(v.field("forward")->value == "foto");
    CHECK(v.field("visited")->value == "waterschap foto");
    CHECK(v.field("chosen")->value == "waterschap");
    CHECK(v.field("bookmarks")->value == "waterschap");
    CHECK(v.field("copied")->value == "Haaien leven in de zee. Ze hebben zout water nodig.");
    CHECK(v.field("copiedFrom")->value == "waterschap 2");
    CHECK(fromResponse(sc(), v) == s);
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Record, BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    CHECK(fromResponse(sc(), stored) == s);
    CHECK(goForward(sc(), fromResponse(sc(), stored)).at == "foto");
    // A fresh browser's record too (empty fields).
    const Value start = toResponse(sc(), startState(sc()));
    CHECK(fromResponse(sc(), valueFromJson(valueToJson(start), Cardinality::Record, BaseType::Identifier, "R")) ==
          startState(sc()));

    // Nothing stored, or what this browser could not have come to: the start.
    CHECK(fromResponse(sc(), Value::null(Cardinality::Record, BaseType::String)) == startState(sc()));
    CHECK(fromResponse(sc(), Value::single(BaseType::String, "waterschap")) == startState(sc()));
    auto with = [&](const char* field, const std::string& value) {
        Value odd = v;
        for (auto& f : odd.fields)
            if (f.name == field) f.value = value;
        return fromResponse(sc(), odd);
    };
    CHECK(with("at", "nergens") == startState(sc()));
    CHECK(with("back", "search elders") == startState(sc()));
    CHECK(with("visited", "foto foto") == startState(sc()));
    CHECK(with("bookmarks", "zomaar") == startState(sc()));
    CHECK(with("chosen", "zomaar") == startState(sc()));
    CHECK(with("copiedFrom", "waterschap 7") == startState(sc()));
    CHECK(with("copiedFrom", "waterschap") == startState(sc()));
    CHECK(with("query", std::string(kMaxQueryBytes + 1, 'a')) == startState(sc()));
    // The words copied are always the page's, whatever the record says.
    Value forged = v;
    for (auto& f : forged.fields)
        if (f.name == "copied") f.value = "iets anders";
    CHECK(toResponse(sc(), fromResponse(sc(), forged)).field("copied")->value == v.field("copied")->value);
}

TEST_CASE("browser: an item with it loads - its outputs are filled from the state - and it scores") {
    const Item& item = testItem();
    CHECK(item.environments.at("RESPONSE").outputs == Ids{"VISITED", "CHOSEN", "COPIED", "BOOKMARKS"});
    State s = search(sc(), startState(sc()), "haai groene plas");
    s = open(sc(), s, "waterschap", Via::Result);
    VariableMap a = answers(s);
    CHECK(a.at("CHOSEN") == Value::single(BaseType::Identifier, "waterschap"));
    CHECK(a.at("VISITED") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"waterschap"}));
    CHECK(a.at("BOOKMARKS").isNull());
    CHECK(a.at("COPIED").isNull());
    CHECK(scoreOf(item, a) == 1);
    s = toggleBookmark(sc(), s);
    CHECK(scoreOf(item, answers(s)) == 2);
    s = copy(sc(), s, "waterschap", 2);
    CHECK(answers(s).at("COPIED") ==
          Value::single(BaseType::String, "Haaien leven in de zee. Ze hebben zout water nodig."));
    CHECK(scoreOf(item, answers(s)) == 3);
    s = open(sc(), s, "foto", Via::Link);
    CHECK(scoreOf(item, answers(s)) == 4);
    CHECK(item.maxScore() == 4);
    // Another result chosen last, another paragraph copied: those points go.
    s = goHome(sc(), s);
    s = search(sc(), s, "haai");
    s = open(sc(), s, "knuffel", Via::Result);
    s = copy(sc(), s, "knuffel", 1);
    CHECK(scoreOf(item, answers(s)) == 2);
    CHECK(scoreOf(item, {}) == 0);
}

TEST_CASE("browser: the outputs must be declared as the browser fills them - checked at load") {
    CHECK(contains(errorFor(itemWith("chosen-response=\"CHOSEN\"", "chosen-response=\"KEUZE\"")),
                   "chosen-response='KEUZE' names no declared response"));
    CHECK(contains(errorFor(itemWith("identifier=\"VISITED\" cardinality=\"multiple\"",
                                     "identifier=\"VISITED\" cardinality=\"ordered\"")),
                   "must be declared multiple identifier"));
    CHECK(contains(errorFor(itemWith("identifier=\"COPIED\" cardinality=\"single\" base-type=\"string\"",
                                     "identifier=\"COPIED\" cardinality=\"single\" base-type=\"uri\"")),
                   "must be declared single string"));
    CHECK(contains(errorFor(itemWith("identifier=\"RESPONSE\" cardinality=\"record\"",
                                     "identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"string\"")),
                   "the browser yields a record response"));
}

TEST_CASE("browser: a bad scenario is refused with file and line") {
    const int browserLine = lineOf("<dlk:browser");
    const int wLine = lineOf("<dlk:page id=\"waterschap\"");
    auto refused = [&](const std::string& from, const std::string& to, int line, const std::string& words) {
        const std::string e = errorFor(itemWith(from, to));
        CHECK_MESSAGE(contains(e, "b.xml:" + std::to_string(line) + ":"), e);
        CHECK_MESSAGE(contains(e, words), e);
    };
    refused("start=\"search\"", "start=\"nergens\"", browserLine, "start='nergens' is neither search nor a page");
    refused("start=\"search\"", "begin=\"search\"", browserLine, "has no attribute 'begin'");
    refused("engine=\"Zoekwijzer\"", "chosen-rule=\"soms\"", browserLine, "chosen-rule='soms' is not first or last");
    refused("engine=\"Zoekwijzer\"", "engine-address=\"zoekwijzer.nl\"", browserLine, "is not a web address");
    refused("<dlk:page id=\"waterschap\"", "<dlk:page id=\"flitz\"", wLine,
            "id='flitz' is also the id of the page on line");
    refused("<dlk:page id=\"waterschap\"", "<dlk:page id=\"search\"", wLine, "the name of the search engine's pages");
    refused("<dlk:page id=\"waterschap\"", "<dlk:page id=\"1 2\"", wLine, "is not an identifier");
    refused("<dlk:page id=\"waterschap\"", "<dlk:page", wLine, "needs id=");
    refused("address=\"https://www.waterschap-groenedelta.nl/nieuws/geen-haai\"",
            "address=\"waterschap-groenedelta.nl/nieuws\"", wLine, "is not a web address");
    refused("address=\"https://www.waterschap-groenedelta.nl/nieuws/geen-haai\"",
            "address=\"http://flitz-filmpjes.nl/video/haai-plas/\"", wLine, "is also the address of the page on line");
    refused("title=\"Geen haai in De Groene Plas: de foto is nep\"", "kop=\"Geen haai\"", wLine,
            "has no attribute 'kop'");
    refused("date=\"3 juni 2025\" keywords", "advert=\"ja\" keywords", wLine, "advert='ja' is not true or false");
    refused("<dlk:link to=\"foto\">", "<dlk:link to=\"elders\">", lineOf("<dlk:link to=\"foto\">"),
            "to='elders' names no page of this browser");
    refused("<dlk:link to=\"foto\">Zo herken je een bewerkte foto</dlk:link>", "<dlk:link to=\"foto\"> </dlk:link>",
            lineOf("<dlk:link to=\"foto\">"), "has no words to click on");
    refused("<dlk:p>Er zit geen haai", "<dlk:p><b>Er</b> zit geen haai", lineOf("<dlk:p>Er zit geen haai"),
            "cannot be in a paragraph");
    refused("<dlk:p>Er zit geen haai", "<dlk:alinea/><dlk:p>Er zit geen haai", lineOf("<dlk:p>Er zit geen haai"),
            "cannot be in a page");
    refused("<dlk:p>Er zit geen haai", "<dlk:p/><dlk:p>Er zit geen haai", lineOf("<dlk:p>Er zit geen haai"),
            "is empty");
    refused("<dlk:p>Er zit geen haai", "Losse tekst <dlk:p>Er zit geen haai", wLine, "holds text outside");
    refused("<dlk:snippet>", "<dlk:snippet>Twee</dlk:snippet><dlk:snippet>", lineOf("<dlk:snippet>"),
            "is the second snippet");
    refused("<dlk:img src=\"../../../items/m02-nepnieuws/media/haai.png\"",
            "<dlk:img src=\"https://example.com/haai.png\"", lineOf("<dlk:img"), "is not a file of the item's package");
    refused("alt=\"Een vin in het water van een meer\"", "", lineOf("<dlk:img"), "needs alt=");
    refused("alt=\"Een vin", "width=\"0\" alt=\"Een vin", lineOf("<dlk:img"), "width='0' is not 1 to 4096");
    const int queryLine = lineOf("<dlk:query");
    refused("results=\"foto flitz\"", "results=\"foto elders\"", queryLine, "names 'elders', which is no page");
    refused("results=\"foto flitz\"", "results=\"foto foto\"", queryLine, "names 'foto' twice");
    refused("results=\"foto flitz\"", "", queryLine, "needs results=");
    refused("text=\"nepfoto haai\"", "text=\"de een\"", queryLine, "has no words a search looks for");
    refused(
        "<dlk:query text=\"nepfoto haai\" results=\"foto flitz\"/>",
        "<dlk:query text=\"nepfoto haai\" results=\"foto flitz\"/><dlk:query text=\"haai, nepfoto!\" results=\"\"/>",
        queryLine, "is the same search as the one on line");
    refused("<dlk:query", "<page/><dlk:query", queryLine, "cannot be in a browser");
    // A browser without pages has nothing to show.
    std::string x = dlk::test::readFile(kItem);
    const auto from = x.find("<dlk:page id=\"flitz\"");
    x.erase(from, x.find("</dlk:browser>") - from);
    CHECK(contains(errorFor(x), "b.xml:" + std::to_string(browserLine) + ": <dlk:browser> has no pages"));
}

TEST_CASE("browser: too many pages - paragraphs - fixed searches - or too long a text are refused") {
    auto page = [](int n, const std::string& inside = "<dlk:p>Tekst.</dlk:p>") {
        return "<dlk:page id=\"p" + std::to_string(n) + "\" address=\"https://www.site" + std::to_string(n) +
               ".nl/\" title=\"Pagina " + std::to_string(n) + "\">" + inside + "</dlk:page>";
    };
    const std::string end = "<dlk:query text=\"nepfoto haai\"";
    std::string pages;
    for (size_t i = 0; i < kMaxPages - 5; ++i) pages += page(static_cast<int>(i));
    CHECK(errorFor(itemWith(end, pages + end)) == "accepted");  // exactly the most
    CHECK(contains(errorFor(itemWith(end, pages + page(99) + end)), "is more than 40 pages"));
    std::string paragraphs;
    for (size_t i = 0; i <= kMaxBlocksPerPage; ++i) paragraphs += "<dlk:p>Tekst.</dlk:p>";
    CHECK(contains(errorFor(itemWith(end, page(99, paragraphs) + end)), "paragraphs and pictures on one page"));
    std::string queries;
    for (size_t i = 0; i < kMaxQueries; ++i)
        queries += "<dlk:query text=\"woord" + std::to_string(i) + "\" results=\"\"/>";
    CHECK(contains(errorFor(itemWith(end, queries + end)), "fixed searches"));
    const std::string longText = "<dlk:p>" + std::string(kMaxTextBytes + 1, 'a') + "</dlk:p>";
    CHECK(contains(errorFor(itemWith(end, page(99, longText) + end)), "is longer than 2000 bytes"));
    CHECK(contains(errorFor(itemWith("title=\"Geen haai", "title=\"" + std::string(kMaxLineBytes, 'a') + " Geen haai")),
                   "title is longer than"));
}

TEST_CASE("browser: the demo chooses and bookmarks the right page and copies the right words - or goes elsewhere") {
    const Item& item = testItem();
    std::mt19937_64 rng(7);
    int some = 0;
    for (int i = 0; i < 30; ++i) {
        const VariableMap best = simulateResponse(item, 1.0, rng);
        CHECK(best.count("RESPONSE"));
        CHECK(best.count("CHOSEN"));
        CHECK(scoreOf(item, best) == 4);
        const VariableMap worst = simulateResponse(item, 0.0, rng);
        CHECK(scoreOf(item, worst) == 0);
        const double half = scoreOf(item, simulateResponse(item, 0.5, rng));
        some += half > 0 && half < 4;
    }
    CHECK(some > 5);
    // What the demo leaves is a state the browser can reach: it reads back as it is.
    const VariableMap best = simulateResponse(item, 1.0, rng);
    const State s = fromResponse(sc(), best.at("RESPONSE"));
    CHECK(s.chosen == "waterschap");
    CHECK(toResponse(sc(), s) == best.at("RESPONSE"));
}

namespace {
// The bank's browser items, nl and en; each is played by the model as a pupil would.
struct BankItem {
    const char* path;  // under items/, with LANG for nl or en
    const char* right;
    int rightParagraph;  // the paragraph to copy on the right page (0: nothing to copy)
    const char* trap;    // a page that scores nothing
    double max;
};
const BankItem kBankItems[] = {
    {"m00-oefenen/LANG/oefenen-09-browser.xml", "katten", 0, "voer", 1},
    {"m02-nepnieuws/LANG/nepnieuws-11-zoekmachine.xml", "waterschap", 2, "flitz", 2},
    {"m04-spreekbeurt/LANG/spreekbeurt-11-internet.xml", "bijenlab", 2, "honing", 3},
};

// Searches for `pageId`'s title, opens it from the results, bookmarks it and copies `paragraph`.
double played(const Item& item, const std::string& pageId, int paragraph) {
    const auto& bsc = scenarioOf(item);
    const Page* page = bsc.page(pageId);
    REQUIRE_MESSAGE(page, pageId);
    State s = search(bsc, startState(bsc), page->title);
    REQUIRE(s.at == kResults);
    s = open(bsc, s, pageId, Via::Result);
    REQUIRE(s.at == pageId);
    s = toggleBookmark(bsc, s);
    if (paragraph > 0) s = copy(bsc, s, pageId, paragraph);
    const auto all = sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE", toResponse(bsc, s));
    return scoreOf(item, VariableMap(all.begin(), all.end()));
}
}  // namespace

TEST_CASE("browser: the bank's browser items load in nl and en - play as a pupil would - and the demo scores them") {
    std::mt19937_64 rng(11);
    for (const BankItem& b : kBankItems) {
        for (const char* lang : {"nl", "en"}) {
            std::string path = b.path;
            path.replace(path.find("LANG"), 4, lang);
            CAPTURE(path);
            const Item item = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/" + path);
            CHECK(item.maxScore() == b.max);
            // The right page, found by its title among the results, bookmarked, its fact copied.
            CHECK(played(item, b.right, b.rightParagraph) == b.max);
            // The trap (an advert, a sensational video): nothing.
            CHECK(played(item, b.trap, 1) == 0);
            CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == b.max);
            CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
        }
    }
}
