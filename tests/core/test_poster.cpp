// The poster editor (sim/poster): its actions and Undo, typed text kept exactly, its state as a
// QTI record that survives a restart, its outputs, its scenario reader, and the whole way from an
// item through the loader, response processing (criteria of the machine and of the teacher) and
// the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/interactions.h"
#include "qti/qti_loader.h"
#include "qti/qti_writer.h"
#include "qti/response_processing.h"
#include "sim/poster/poster.h"
#include "util/json.h"

using namespace dlk;
using namespace dlk::sim::poster;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/poster.xml";

struct Fixture {
    Item item = loadItemFile(kItem);
    const EnvironmentBinding& binding = item.environments.at("RESPONSE");
    const PosterScenario& sc = static_cast<const PosterScenario&>(*binding.scenario);

    // The poster after actions written "name=argument", one after the other; every one must be known.
    State act(const std::vector<std::string>& actions, State s) const {
        for (const std::string& a : actions) {
            const auto eq = a.find('=');
            const sim::Action action{a.substr(0, eq), eq == std::string::npos ? "" : a.substr(eq + 1)};
            const auto next = apply(sc, s, action);
            REQUIRE_MESSAGE(next, a);
            s = *next;
        }
        return s;
    }
    State act(const std::vector<std::string>& actions) const { return act(actions, startState(sc)); }

    // Every response an action stores, as a map for scoring.
    VariableMap responses(const State& s) const {
        const auto all = sim::responsesFor(kType, binding, "RESPONSE", toResponse(s));
        return VariableMap(all.begin(), all.end());
    }
};

std::string parseError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "poster.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

std::string replaced(std::string xml, const std::string& from, const std::string& to) {
    const auto at = xml.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return xml.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("poster: a new poster has the first layout offered and nothing on it") {
    const Fixture f;
    CHECK(f.sc.layouts.size() == 3);
    CHECK(f.sc.pictures.size() == 3);
    CHECK(f.sc.sources.size() == 3);
    CHECK(f.sc.maxTitleBytes == 40);
    CHECK(f.sc.maxTextBytes == 200);
    const State s = startState(f.sc);
    CHECK(s.layout == "picture-left");
    CHECK(s.title.empty());
    CHECK(s.sources.empty());
    CHECK(s.pictures == std::array<std::string, kPictureSlots>{"", ""});
    CHECK(shownLayout(f.sc, s).pictureSlots() == 1);
    CHECK(shownLayout(f.sc, s).textBoxes() == 1);
    CHECK(reference(f.sc.sources[0]) == "Fatima Bakker, Waarom bijen zo belangrijk zijn, bijenlab-onderzoek.nl, 2024");
    CHECK(reference(f.sc.sources[2]) == "Onze honing, honingwinkel.nl");
}

TEST_CASE("poster: every action changes the poster - and Undo takes the changes back one by one") {
    const Fixture f;
    State s = f.act({"place-picture=P1:bij"});
    CHECK(s.pictures[0] == "bij");
    s = f.act({"layout=two-columns", "place-picture=P2:honing", "add-source=S1", "add-source=S2"}, s);
    CHECK(s.layout == "two-columns");
    CHECK(s.pictures == std::array<std::string, kPictureSlots>{"bij", "honing"});
    CHECK(s.sources == std::vector<std::string>{"S1", "S2"});
    // Another picture in a slot replaces the one there; removing empties it.
    s = f.act({"place-picture=P2:bloem"}, s);
    CHECK(s.pictures[1] == "bloem");
    s = f.act({"remove-picture=P1", "remove-source=S1"}, s);
    CHECK(s.pictures[0].empty());
    CHECK(s.sources == std::vector<std::string>{"S2"});
    CHECK(s.undo.size() == 8);

    // Undo, step by step, back to the start.
    s = f.act({"undo"}, s);
    CHECK(s.sources == std::vector<std::string>{"S1", "S2"});
    s = f.act({"undo"}, s);
    CHECK(s.pictures[0] == "bij");
    s = f.act({"undo", "undo", "undo", "undo"}, s);
    CHECK(s.layout == "two-columns");
    CHECK(s.pictures == std::array<std::string, kPictureSlots>{"bij", ""});
    s = f.act({"undo"}, s);
    CHECK(s.layout == "picture-left");
    s = f.act({"undo"}, s);
    CHECK(s == startState(f.sc));
    // Nothing left to undo: nothing changes.
    CHECK(f.act({"undo"}, s) == s);
}

TEST_CASE("poster: Undo keeps typed text - and an action that changes nothing is not a step to undo") {
    const Fixture f;
    State s = f.act({"add-source=S1"});
    s = setTitle(f.sc, s, "Bijen");
    s = setText(f.sc, s, 0, "Bijen maken honing.");
    s = f.act({"add-source=S1", "layout=picture-left", "place-picture=P1:bij", "place-picture=P1:bij"}, s);
    CHECK(s.undo.size() == 2);  // S1 once, bij once
    s = f.act({"undo", "undo"}, s);
    CHECK(s.sources.empty());
    CHECK(s.pictures[0].empty());
    CHECK(s.title == "Bijen");
    CHECK(s.texts[0] == "Bijen maken honing.");
}

TEST_CASE("poster: Undo remembers at most its bound of changes") {
    const Fixture f;
    State s = startState(f.sc);
    for (size_t i = 0; i < kMaxUndo + 5; ++i) s = f.act({i % 2 ? "remove-source=S2" : "add-source=S2"}, s);
    CHECK(s.undo.size() == kMaxUndo);
    for (size_t i = 0; i < kMaxUndo; ++i) s = f.act({"undo"}, s);
    CHECK(s.undo.empty());
    CHECK(s.sources == std::vector<std::string>{"S2"});  // the 5 oldest changes cannot be undone
}

TEST_CASE("poster: actions the scenario does not have are refused") {
    const Fixture f;
    const State s = startState(f.sc);
    auto refused = [&](const std::string& name, const std::string& arg) {
        return !apply(f.sc, s, sim::Action{name, arg}).has_value();
    };
    CHECK(refused("layout", "big-picture"));    // a built-in layout this item does not offer
    CHECK(refused("layout", "collage"));        // no layout at all
    CHECK(refused("place-picture", "P1:kat"));  // no such picture
    CHECK(refused("place-picture", "P2:bij"));  // picture-left has one slot
    CHECK(refused("place-picture", "P1"));      // no picture named
    CHECK(refused("remove-picture", "P3"));     // no such slot
    CHECK(refused("add-source", "S9"));         // no such source
    CHECK(refused("remove-source", "Fatima"));  // a source's words are not its id
    CHECK(refused("undo", "2"));                // undo takes no argument
    CHECK(refused("edit-title", ""));           // typing is not an action of apply
    CHECK(refused("delete-poster", ""));        // not in the vocabulary
    CHECK(!refused("remove-source", "S1"));     // known but not cited: allowed, changes nothing
    CHECK(*apply(f.sc, s, sim::Action{"remove-source", "S1"}) == s);
}

TEST_CASE("poster: typing is kept exactly as typed - cut at the limit but never inside a letter") {
    const Fixture f;
    State s = setTitle(f.sc, startState(f.sc), "  Bijen  zijn\tbelangrijk ");
    CHECK(s.title == "  Bijen  zijn\tbelangrijk ");
    s = setText(f.sc, s, 1, "Eerste regel.\nTweede regel met één ë.");
    CHECK(s.texts[1] == "Eerste regel.\nTweede regel met één ë.");
    // max-title is 40 bytes: 39 letters and an é (2 bytes) that would end at byte 41 stops at 39.
    s = setTitle(f.sc, s, std::string(39, 'a') + "éé");
    CHECK(s.title == std::string(39, 'a'));
    s = setTitle(f.sc, s, std::string(38, 'a') + "éé");
    CHECK(s.title == std::string(38, 'a') + "é");
    s = setText(f.sc, s, 0, std::string(500, 'x'));
    CHECK(s.texts[0].size() == 200);
    s = setOwnSource(s, std::string(kMaxOwnSourceBytes + 10, 'b'));
    CHECK(s.ownSource.size() == kMaxOwnSourceBytes);
    CHECK(setText(f.sc, s, kTextBoxes, "nergens") == s);  // no such box
}

TEST_CASE("poster: its state is a record of strings that comes back whole through the stored JSON") {
    const Fixture f;
    State s = f.act(
        {"layout=two-columns", "place-picture=P1:bij", "place-picture=P2:bloem", "add-source=S2", "add-source=S1"});
    s = setTitle(f.sc, s, "Red de bij!");
    s = setText(f.sc, s, 0, "Bijen \"bestuiven\" bloemen;\nzo groeit fruit.");
    s = setText(f.sc, s, 1, "Plant bloemen in je tuin. {ook} [in] een bak");
    s = setOwnSource(s, "Meester Jan, les over bijen, 2025");
    const Value v = toResponse(s);
    CHECK(v.cardinality == Cardinality::Record);
    for (const RecordField& field : v.fields) CHECK(field.baseType == BaseType::String);
    REQUIRE(v.field("sources"));
    CHECK(v.field("sources")->value == "S2 S1");
    CHECK(v.field("picture2")->value == "bloem");
    CHECK(v.field("layout")->value == "two-columns");
    CHECK(fromResponse(f.sc, v) == s);
    // Through the JSON the store keeps: the same value, the same poster, and Undo still works.
    const Value stored = valueFromJson(parseJson(dumpJson(valueToJson(v)), "test"), Cardinality::Record,
                                       BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    const State back = fromResponse(f.sc, stored);
    CHECK(back == s);
    CHECK(f.act({"undo"}, back).sources == std::vector<std::string>{"S2"});
    // Empty fields come back too.
    const Value fresh = toResponse(startState(f.sc));
    CHECK(fromResponse(f.sc, valueFromJson(valueToJson(fresh), Cardinality::Record, BaseType::Identifier, "R")) ==
          startState(f.sc));
}

TEST_CASE("poster: NULL or a response this scenario could not have made is a new poster") {
    const Fixture f;
    const State start = startState(f.sc);
    CHECK(fromResponse(f.sc, Value::null(Cardinality::Record, BaseType::String)) == start);
    CHECK(fromResponse(f.sc, Value::single(BaseType::String, "poster")) == start);
    const State s = setTitle(f.sc, f.act({"place-picture=P1:bij", "add-source=S1"}), "Bijen");
    const Value good = toResponse(s);
    auto with = [&](const std::string& name, const std::string& value) {
        Value v = good;
        for (auto& field : v.fields)
            if (field.name == name) field.value = value;
        return fromResponse(f.sc, v);
    };
    CHECK(with("title", "Bijen") == s);
    CHECK(with("layout", "big-picture") == start);  // not offered here
    CHECK(with("picture1", "kat") == start);
    CHECK(with("sources", "S1 S1") == start);
    CHECK(with("sources", "S1 S7") == start);
    CHECK(with("title", std::string(41, 'a')) == start);  // longer than max-title
    CHECK(with("text1", std::string("\xff\xfe", 2)) == start);
    CHECK(with("undo", "picture-left;bij;-;S9") == start);
    CHECK(with("undo", "picture-left;bij") == start);
    Value missing = good;
    missing.fields.pop_back();
    CHECK(fromResponse(f.sc, missing) == start);
    Value typed = good;
    typed.fields[1].baseType = BaseType::Float;
    CHECK(fromResponse(f.sc, typed) == start);
}

TEST_CASE("poster: the outputs hold what the poster shows - boxes and slots a layout hides are kept but not shown") {
    const Fixture f;
    State s = f.act({"layout=two-columns", "place-picture=P1:bij", "place-picture=P2:bij", "add-source=S1"});
    s = setTitle(f.sc, s, "Bijen");
    s = setText(f.sc, s, 0, "Links.");
    s = setText(f.sc, s, 1, "Rechts.");
    VariableMap r = f.responses(s);
    CHECK(r.at("TITLE") == Value::single(BaseType::String, "Bijen"));
    CHECK(r.at("TEXT") == Value::single(BaseType::String, "Links.\n\nRechts."));
    CHECK(r.at("PICTURES") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"bij"}));
    CHECK(r.at("SOURCES") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"S1"}));
    CHECK(r.at("LAYOUT") == Value::single(BaseType::Identifier, "two-columns"));
    // text-only: no pictures and one text box are shown; the rest is kept for a later layout.
    s = f.act({"layout=text-only"}, s);
    r = f.responses(s);
    CHECK(r.at("PICTURES").isNull());
    CHECK(r.at("TEXT") == Value::single(BaseType::String, "Links."));
    CHECK(s.pictures[0] == "bij");
    CHECK(s.texts[1] == "Rechts.");
    // A blank title or text is no title or text.
    s = setTitle(f.sc, s, "   ");
    s = setText(f.sc, s, 0, "\n ");
    r = f.responses(s);
    CHECK(r.at("TITLE").isNull());
    CHECK(r.at("TEXT").isNull());
    // NULL (nothing done yet): only the layout.
    const auto untouched = kType.project(f.sc, Value::null(Cardinality::Record, BaseType::String));
    REQUIRE(untouched.size() == 5);
    CHECK(untouched[0].isNull());
    CHECK(untouched[2].isNull());
    CHECK(untouched[4] == Value::single(BaseType::Identifier, "picture-left"));
}

TEST_CASE("poster: the item scores the machine's criteria from the outputs - the teacher's criterion waits") {
    const Fixture f;
    CHECK(f.item.maxScore() == 5);
    CHECK(scoreOf(f.item, {}) == 0);
    State s = f.act({"place-picture=P1:honing"});
    CHECK(scoreOf(f.item, f.responses(s)) == 1);  // a picture
    s = setTitle(f.sc, s, "Bijen");
    CHECK(scoreOf(f.item, f.responses(s)) == 2);  // and a title
    s = f.act({"add-source=S1", "add-source=S3"}, s);
    CHECK(scoreOf(f.item, f.responses(s)) == 2);  // two sources, but one is a shop's advert
    s = f.act({"remove-source=S3", "add-source=S2"}, s);
    CHECK(scoreOf(f.item, f.responses(s)) == 3);
    CHECK(awaitsTeacher(f.item));
    // With the teacher's score for the message: the whole credit.
    CHECK(scoreOf(f.item, f.responses(s), {{"CRIT_MESSAGE", Value::single(BaseType::Float, "2")}}) == 5);
}

TEST_CASE("poster: an item with it loads - keeps its namespace through the writer - and the outputs are bound") {
    const Fixture f;
    CHECK(f.binding.environment == "poster");
    CHECK(f.binding.outputs == std::vector<std::string>{"TITLE", "TEXT", "PICTURES", "SOURCES", "LAYOUT"});
    const std::string v3 = convertToQti3(dlk::test::readFile(kItem), "poster.xml");
    CHECK(contains(v3, "<dlk:picture id=\"bij\""));
    const Item again = parseItemXml(v3, "poster.xml");
    REQUIRE(again.environments.count("RESPONSE"));
    CHECK(static_cast<const PosterScenario&>(*again.environments.at("RESPONSE").scenario).sources.size() == 3);
}

TEST_CASE("poster: a bad scenario is refused at load with file and line") {
    const std::string xml = dlk::test::readFile(kItem);
    const std::string picture =
        R"(<dlk:picture id="bij" src="bij.png" alt="Een bij op een bloem" width="160" height="120"/>)";
    const std::string layout = R"(<dlk:layout id="two-columns"/>)";
    const std::string source =
        R"(<dlk:source id="S1" title="Waarom bijen zo belangrijk zijn" author="Fatima Bakker" url="bijenlab-onderzoek.nl" date="2024"/>)";
    auto at = [&](const std::string& from, const std::string& to) { return parseError(replaced(xml, from, to)); };

    // On the poster element (line 38).
    CHECK(contains(at("max-title=\"40\"", "max-title=\"500\""),
                   "poster.xml:38: <dlk:poster> max-title='500' is not a number from 10 to 120"));
    CHECK(contains(at("max-text=\"200\"", "max-text=\"veel\""), "poster.xml:38: <dlk:poster> max-text='veel'"));
    CHECK(contains(at("max-text=\"200\"", "colour=\"geel\""), "poster.xml:38: <dlk:poster> has no attribute 'colour'"));
    // A layout (line 41).
    CHECK(contains(
        at(layout, R"(<dlk:layout id="collage"/>)"),
        "poster.xml:41: <dlk:layout> id='collage' is no layout (picture-left, big-picture, two-columns, text-only)"));
    CHECK(contains(at(layout, R"(<dlk:layout id="picture-left"/>)"),
                   "poster.xml:41: <dlk:layout> id='picture-left' is offered twice"));
    CHECK(contains(at(layout, R"(<dlk:layout/>)"), "poster.xml:41: <dlk:layout> lacks the attribute 'id'"));
    // A picture (line 43).
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="bij.png"/>)"),
                   "poster.xml:43: <dlk:picture> lacks the attribute 'alt'"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bloem" src="b.png" alt="b"/>)"),
                   "poster.xml:44: <dlk:picture> id='bloem' is used by another picture"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="https://example.org/bij.png" alt="b"/>)"),
                   "poster.xml:43: <dlk:picture> src='https://example.org/bij.png' is not a file of the item bank"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="/etc/bij.png" alt="b"/>)"), "poster.xml:43:"));
    CHECK(contains(at(picture, R"(<dlk:picture id="2bij" src="b.png" alt="b"/>)"),
                   "poster.xml:43: <dlk:picture> id='2bij' is not an identifier"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="b.png" alt="b" width="-4"/>)"),
                   "poster.xml:43: <dlk:picture> width='-4' is not a size in pixels"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="b.png" alt=")" + std::string(201, 'a') + "\"/>"),
                   "poster.xml:43: <dlk:picture> alt is longer than 200 bytes"));
    CHECK(contains(at(picture, R"(<dlk:picture id="bij" src="b.png" alt="b">Bij</dlk:picture>)"),
                   "poster.xml:43: <dlk:picture> takes no content"));
    // A source (line 46).
    CHECK(contains(at(source, R"(<dlk:source id="S1" author="Fatima"/>)"),
                   "poster.xml:46: <dlk:source> lacks the attribute 'title'"));
    CHECK(contains(at(source, R"(<dlk:source id="S2" title="t"/>)"),
                   "poster.xml:47: <dlk:source> id='S2' is used by another source"));
    CHECK(contains(at(source, R"(<dlk:source id="S1" title="t" publisher="x"/>)"),
                   "poster.xml:46: <dlk:source> has no attribute 'publisher' (it takes id, title, author, url, date)"));
    // Something else inside the poster.
    CHECK(contains(at(source, R"(<dlk:video id="v"/>)"), "poster.xml:46: <dlk:video> is not a part of a poster"));
    CHECK(contains(at(source, R"(<p>Bronnen</p>)"), "poster.xml:46: <p> is not a part of a poster"));
    // More pictures and sources than a poster offers.
    std::string many;
    for (size_t i = 0; i < kMaxPictures; ++i)
        many += "<dlk:picture id=\"p" + std::to_string(i) + "\" src=\"p.png\" alt=\"p\"/>";
    CHECK(
        contains(at(picture, many), "poster.xml:44: <dlk:picture> is a picture too many: a poster offers at most 12"));
    many.clear();
    for (size_t i = 0; i < kMaxSources; ++i) many += "<dlk:source id=\"s" + std::to_string(i) + "\" title=\"t\"/>";
    CHECK(contains(at(source, many), "poster.xml:47: <dlk:source> is a source too many: a poster offers at most 12"));
    // Without layouts: all of them.
    std::string none = xml;
    for (const char* l :
         {R"(<dlk:layout id="picture-left"/>)", R"(<dlk:layout id="two-columns"/>)", R"(<dlk:layout id="text-only"/>)"})
        none = replaced(none, l, "");
    const Item all = parseItemXml(none, "poster.xml");
    CHECK(static_cast<const PosterScenario&>(*all.environments.at("RESPONSE").scenario).layouts.size() ==
          layouts().size());
}

TEST_CASE("poster: outputs are checked at load - each declared as the poster fills it") {
    const std::string xml = dlk::test::readFile(kItem);
    CHECK(contains(parseError(replaced(xml, "sources-response=\"SOURCES\"", "sources-response=\"BRONNEN\"")),
                   "poster.xml:38: sources-response='BRONNEN' names no declared response"));
    CHECK(contains(parseError(replaced(xml, R"(identifier="PICTURES" cardinality="multiple")",
                                       R"(identifier="PICTURES" cardinality="ordered")")),
                   "pictures-response='PICTURES' (the pictures on the poster) must be declared multiple identifier"));
    CHECK(contains(parseError(replaced(xml, R"(identifier="TITLE" cardinality="single" base-type="string")",
                                       R"(identifier="TITLE" cardinality="single" base-type="identifier")")),
                   "title-response='TITLE' (the poster's title) must be declared single string"));
    CHECK(contains(parseError(replaced(
                       xml, R"(<qti-response-declaration identifier="RESPONSE" cardinality="record"/>)",
                       R"(<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>)")),
                   "the poster yields a record response"));
    // Outputs are optional: without them only the state is stored.
    const Item bare = parseItemXml(replaced(xml, "layout-response=\"LAYOUT\"", ""), "poster.xml");
    CHECK(bare.environments.at("RESPONSE").outputs.back().empty());
}

TEST_CASE("poster: the demo makes a poster that earns the machine's criteria in full - or none of them") {
    const Fixture f;
    std::mt19937_64 rng(9);
    int partial = 0;
    for (int i = 0; i < 40; ++i) {
        const VariableMap best = simulateResponse(f.item, 1.0, rng);
        REQUIRE(best.count("RESPONSE"));
        CHECK(best.count("TITLE"));
        CHECK(scoreOf(f.item, best) == 3);  // every criterion the machine scores
        CHECK(scoreOf(f.item, best, {{"CRIT_MESSAGE", Value::single(BaseType::Float, "2")}}) == f.item.maxScore());
        // The state the demo leaves is one the editor could have made.
        CHECK(toResponse(fromResponse(f.sc, best.at("RESPONSE"))) == best.at("RESPONSE"));
        const VariableMap worst = simulateResponse(f.item, 0.0, rng);
        CHECK(scoreOf(f.item, worst) == 0);
        const double half = scoreOf(f.item, simulateResponse(f.item, 0.5, rng));
        partial += half > 0 && half < 3;
    }
    CHECK(partial > 5);
}

TEST_CASE("poster: its pictures are media of the item - a package export takes them along") {
    const std::string xml =
        dlk::test::readFile(std::string(DLK_SOURCE_ITEMS) + "/m04-spreekbeurt/nl/spreekbeurt-10-poster.xml");
    const auto files = referencedFiles(xml, "m04-spreekbeurt/nl/spreekbeurt-10-poster.xml");
    CHECK(files == std::vector<std::string>{"m04-spreekbeurt/media/bij.png", "m04-spreekbeurt/media/bloemen.png",
                                            "m04-spreekbeurt/media/honing.png",
                                            "m04-spreekbeurt/media/bijenkasten.png"});
    // A URL is no file of the package; a path out of it is refused with its line.
    const std::string url = replaced(xml, "src=\"../media/bij.png\"", "src=\"https://example.org/bij.png\"");
    CHECK(referencedFiles(url, "m04-spreekbeurt/nl/spreekbeurt-10-poster.xml").size() == 3);
    const std::string out = replaced(xml, "src=\"../media/bij.png\"", "src=\"../../../bij.png\"");
    const auto e = errorOf([&] { referencedFiles(out, "m04-spreekbeurt/nl/spreekbeurt-10-poster.xml"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "spreekbeurt-10-poster.xml:"));
}

TEST_CASE("poster: the bank's poster tasks score each criterion - the machine's at once and the teacher's when given") {
    for (const char* path : {"/m04-spreekbeurt/nl/spreekbeurt-10-poster.xml",
                             "/m02-nepnieuws/en/nepnieuws-10-poster.xml", "/m00-oefenen/nl/oefenen-15-poster.xml"}) {
        CAPTURE(path);
        const Item item = loadItemFile(std::string(DLK_SOURCE_ITEMS) + path);
        const EnvironmentBinding& binding = item.environments.at("RESPONSE");
        const auto& sc = static_cast<const PosterScenario&>(*binding.scenario);
        auto responses = [&](const State& s) {
            const auto all = sim::responsesFor(kType, binding, "RESPONSE", toResponse(s));
            return VariableMap(all.begin(), all.end());
        };
        // A blank poster earns nothing.
        CHECK(scoreOf(item, responses(startState(sc))) == 0);
        // The demo's pupils: all the machine can give, or nothing.
        for (uint64_t seed = 0; seed < 10; ++seed) {
            std::mt19937_64 rng(seed);
            CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == item.maxScore() - teacherMaxScore(item));
            CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
        }
        // A title and a picture; two reliable sources where the task asks for them.
        State s = setTitle(sc, startState(sc), "Mijn poster");
        s = *apply(sc, s, {"place-picture", "P1:" + sc.pictures[0].id});
        const bool sourced = !sc.sources.empty();
        if (sourced) {
            s = *apply(sc, s, {"add-source", "S1"});
            s = *apply(sc, s, {"add-source", "S2"});
        }
        const double machine = sourced ? 3 : 2;
        CHECK(scoreOf(item, responses(s)) == machine);
        if (!sourced) {
            CHECK(item.maxScore() == 2);
            CHECK_FALSE(awaitsTeacher(item));
            continue;
        }
        // An unreliable source costs the sources criterion.
        CHECK(scoreOf(item, responses(*apply(sc, s, {"add-source", "S3"}))) == machine - 1);
        CHECK(scoreOf(item, responses(*apply(sc, s, {"add-source", "S4"}))) == machine - 1);
        // The teacher's three criteria: waiting until scored, then part of SCORE; MAXSCORE is all of it.
        CHECK(awaitsTeacher(item));
        const VariableMap teacher = {{"CRIT_MESSAGE", Value::single(BaseType::Float, "2")},
                                     {"CRIT_OWNWORDS", Value::single(BaseType::Float, "1")},
                                     {"CRIT_AUDIENCE", Value::single(BaseType::Float, "0")}};
        CHECK_FALSE(awaitsTeacher(item, teacher));
        CHECK(scoreOf(item, responses(s), teacher) == machine + 3);
        CHECK(item.maxScore() == 7);
        CHECK(teacherMaxScore(item) == 4);
    }
}
