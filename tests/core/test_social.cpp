// The social-media profile environment (sim/social): its scenario reader and the limits it keeps,
// every action of its model and undo, its state as a QTI record that survives the store, the
// outputs an item scores with one standard operator each, and the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "delivery/process_log.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/social/social.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::social;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/social.xml";

const SocialScenario& scenarioOf(const Item& item) {
    REQUIRE(item.environments.count("RESPONSE"));
    return static_cast<const SocialScenario&>(*item.environments.at("RESPONSE").scenario);
}

// The test item, loaded once.
const Item& testItem() {
    static const Item item = loadItemFile(kItem);
    return item;
}

State run(const std::vector<dlk::sim::Action>& actions, State s) {
    for (const auto& a : actions) s = apply(scenarioOf(testItem()), s, a);
    return s;
}

State run(const std::vector<dlk::sim::Action>& actions) {
    return run(actions, startState(scenarioOf(testItem())));
}

// Every response an action stores, by identifier.
VariableMap responsesOf(const State& s) {
    const auto all = dlk::sim::responsesFor(kType, testItem().environments.at("RESPONSE"), "RESPONSE", toResponse(s));
    return VariableMap(all.begin(), all.end());
}

std::string text(const Value& v) {
    return v.isNull() ? "NULL" : dumpJson(valueToJson(v));
}

// The item's XML with `from` replaced by `to` (which must be there).
std::string replaced(const std::string& from, const std::string& to) {
    std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    x.replace(at, from.size(), to);
    return x;
}

std::string loadError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "social.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

// The line of the first occurrence of `needle` in the test item (1-based).
int lineOf(const std::string& needle) {
    const std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(needle);
    REQUIRE_MESSAGE(at != std::string::npos, needle);
    return 1 + static_cast<int>(std::count(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST_CASE(
    "social: the scenario is read - profile and people and settings and reasons and posts with tags and comments") {
    const SocialScenario& sc = scenarioOf(testItem());
    CHECK(sc.app == "Flitz");
    CHECK(sc.me.id == "sanne");
    CHECK(sc.me.name == "Sanne de Vries");
    CHECK(sc.bio == "Groep 8. Ik hou van zwemmen en tekenen.");
    REQUIRE(sc.people.size() == 3);
    CHECK(sc.people[0].isFriend);
    CHECK_FALSE(sc.people[2].isFriend);
    REQUIRE(sc.settings.size() == 3);
    CHECK(sc.settings[0].options.size() == 3);
    CHECK(sc.settings[0].options[2].id == "only-me");
    CHECK(sc.settings[0].options[2].label.empty());  // the kiosk's own words
    CHECK(sc.settings[1].options[2].label == "Niemand, ook geen vrienden");
    CHECK(sc.settings[2].value == "on");
    REQUIRE(sc.reasons.size() == 3);
    CHECK(sc.reasons[2].label == "Maakt mensen bang");
    REQUIRE(sc.posts.size() == 5);
    const Post& p1 = sc.posts[0];
    CHECK(p1.text == "HAAI gezien in De Plas! Ga daar NIET zwemmen. Deel dit!");  // comments are not its text
    CHECK(p1.date == "3 uur geleden");
    CHECK(p1.audience == "everyone");
    REQUIRE(p1.picture);
    CHECK(p1.picture->attributeOr("alt", "") == "Een wazige foto van een vin in het water");
    REQUIRE(p1.comments.size() == 1);
    CHECK(p1.comments[0].author == "tim");
    CHECK(sc.posts[2].tags == std::vector<std::string>{"sanne", "noor"});
    CHECK(sc.own(sc.posts[1]));
    CHECK_FALSE(sc.own(sc.posts[2]));
    CHECK(knownOptionWord("only-me") == std::string("Alleen ik"));
    CHECK(knownOptionWord("maybe") == nullptr);
    CHECK(knownReasonWord("fake-news") == std::string("Nepnieuws"));
    // The start: every setting's value and every own post's audience.
    const State start = startState(sc);
    CHECK(start.settings == std::vector<std::pair<std::string, std::string>>{
                                {"posts", "everyone"}, {"tagging", "everyone"}, {"location", "on"}});
    CHECK(start.audiences ==
          std::vector<std::pair<std::string, std::string>>{{"p2", "everyone"}, {"p4", "friends"}, {"p5", "everyone"}});
}

TEST_CASE("social: without reasons of its own a scenario offers the known ones") {
    const Item item =
        parseItemXml(replaced("<dlk:reason id=\"fake-news\"/>\n        <dlk:reason id=\"fake-account\"/>\n"
                              "        <dlk:reason id=\"scary\" label=\"Maakt mensen bang\"/>",
                              ""),
                     "social.xml");
    const SocialScenario& sc = scenarioOf(item);
    REQUIRE(sc.reasons.size() == 8);
    for (const Reason& r : sc.reasons) CHECK(knownReasonWord(r.id));
    CHECK(sc.reason("other"));
}

TEST_CASE("social: set and audience change the profile - only to options that exist") {
    const State s = run({setAction("posts", "friends"), audienceAction("p2", "only-me")});
    CHECK(settingValue(s, "posts") == "friends");
    CHECK(audienceOf(scenarioOf(testItem()), s, *scenarioOf(testItem()).post("p2")) == "only-me");
    CHECK(s.history == std::vector<std::string>{"set:posts:everyone", "audience:p2:everyone"});
    const State before = s;
    // Unknown settings, options and audiences; someone else's post; the same value again: nothing.
    CHECK(run({setAction("posts", "nobody")}, before) == before);
    CHECK(run({setAction("colour", "red")}, before) == before);
    CHECK(run({setAction("posts", "friends")}, before) == before);
    CHECK(run({audienceAction("p2", "aliens")}, before) == before);
    CHECK(run({audienceAction("p3", "only-me")}, before) == before);
    CHECK(run({audienceAction("p2", "only-me")}, before) == before);
    CHECK(run({{"set", "posts"}, {"set", "posts:friends:extra"}, {"dance", "p2"}}, before) == before);
    // The post of someone else keeps the audience its author chose.
    CHECK(audienceOf(scenarioOf(testItem()), s, *scenarioOf(testItem()).post("p3")) == "friends");
}

TEST_CASE("social: untag report block unblock and delete - each only where it applies") {
    const SocialScenario& sc = scenarioOf(testItem());
    CHECK(canUntag(sc, startState(sc), *sc.post("p3")));
    CHECK_FALSE(canUntag(sc, startState(sc), *sc.post("p1")));  // not tagged there
    CHECK_FALSE(canUntag(sc, startState(sc), *sc.post("p2")));  // own post
    State s = run({untagAction("p3"), reportAction("p1", "fake-news"), reportAction("nieuwsflits", "fake-account"),
                   blockAction("nieuwsflits"), deleteAction("p5")});
    CHECK(s.untagged == std::vector<std::string>{"p3"});
    CHECK_FALSE(canUntag(sc, s, *sc.post("p3")));
    CHECK(reportReason(s, "p1") == "fake-news");
    CHECK(reportReason(s, "nieuwsflits") == "fake-account");
    CHECK_FALSE(reportReason(s, "p3"));
    CHECK(isBlocked(s, "nieuwsflits"));
    CHECK(isDeleted(s, "p5"));
    CHECK(s.history.size() == 5);
    const State before = s;
    // What does not apply changes nothing: a second time, an own post reported, oneself blocked,
    // an unknown reason, someone else's post deleted, a person who is not blocked unblocked.
    for (const auto& a : std::vector<dlk::sim::Action>{
             untagAction("p3"), untagAction("p1"), reportAction("p1", "spam"), reportAction("p2", "fake-news"),
             reportAction("sanne", "spam"), reportAction("p3", "boring"), blockAction("nieuwsflits"),
             blockAction("sanne"), blockAction("nobody"), deleteAction("p1"), deleteAction("p5"), unblockAction("tim"),
             audienceAction("p5", "friends")})
        CHECK_MESSAGE(run({a}, before) == before, a.name << "=" << a.argument);
    // Unblock.
    s = run({unblockAction("nieuwsflits")}, s);
    CHECK_FALSE(isBlocked(s, "nieuwsflits"));
    CHECK(lastUndoable(s) == "unblock:nieuwsflits");
}

TEST_CASE("social: undo takes back every kind of action in reverse order - and nothing when there is nothing") {
    const SocialScenario& sc = scenarioOf(testItem());
    const State start = startState(sc);
    CHECK(run({undoAction()}) == start);
    const std::vector<dlk::sim::Action> all = {setAction("posts", "friends"),
                                               setAction("posts", "only-me"),
                                               audienceAction("p2", "friends"),
                                               untagAction("p3"),
                                               reportAction("p1", "scary"),
                                               blockAction("tim"),
                                               unblockAction("tim"),
                                               deleteAction("p4")};
    // After each step, undo gives the state before it.
    State s = start;
    std::vector<State> seen{s};
    for (const auto& a : all) {
        s = apply(sc, s, a);
        seen.push_back(s);
    }
    for (size_t i = all.size(); i > 0; --i) {
        s = apply(sc, s, undoAction());
        CHECK_MESSAGE(s == seen[i - 1], "undo of " << all[i - 1].name);
    }
    CHECK(s == start);
    CHECK(apply(sc, s, undoAction()) == start);
}

TEST_CASE("social: undo remembers at most kMaxHistory actions") {
    const SocialScenario& sc = scenarioOf(testItem());
    State s = startState(sc);
    for (size_t i = 0; i < kMaxHistory + 10; ++i) s = apply(sc, s, setAction("location", i % 2 == 0 ? "off" : "on"));
    CHECK(s.history.size() == kMaxHistory);
    for (size_t i = 0; i < kMaxHistory + 5; ++i) s = apply(sc, s, undoAction());
    CHECK(s.history.empty());
    CHECK(settingValue(s, "location") == "on");  // an even number of switches was taken back
}

TEST_CASE("social: actions are short codes from the scenario as process data keeps them") {
    for (const auto& a : std::vector<dlk::sim::Action>{setAction("posts", "friends"), audienceAction("p2", "only-me"),
                                                       untagAction("p3"), reportAction("nieuwsflits", "fake-account"),
                                                       blockAction("nieuwsflits"), unblockAction("nieuwsflits"),
                                                       deleteAction("p5"), undoAction()}) {
        const std::string detail = dlk::sim::actionDetail("social", a);
        CHECK(processDetail(detail) == detail);
    }
    CHECK(dlk::sim::actionDetail("social", reportAction("p1", "fake-news")) == "social.report=p1:fake-news");
    CHECK(dlk::sim::actionDetail("social", undoAction()) == "social.undo");
    // The longest ids still fit a detail.
    const std::string id(kMaxIdBytes, 'x');
    CHECK(dlk::sim::actionDetail("social", reportAction(id, id)).size() <= ProcessLog::kMaxDetailBytes);
}

TEST_CASE("social: the state is a record that comes back whole through the stored JSON") {
    const SocialScenario& sc = scenarioOf(testItem());
    const State s = run({setAction("posts", "friends"), audienceAction("p2", "friends"), untagAction("p3"),
                         reportAction("p1", "fake-news"), blockAction("nieuwsflits"), deleteAction("p5")});
    const Value v = toResponse(s);
    CHECK(v.cardinality == Cardinality::Record);
    REQUIRE(v.field("settings"));
    CHECK(v.field("settings")->value == "posts:friends tagging:everyone location:on");
    CHECK(v.field("audiences")->value == "p2:friends p4:friends p5:everyone");
    CHECK(v.field("untagged")->value == "p3");
    CHECK(v.field("reported")->value == "p1:fake-news");
    CHECK(v.field("blocked")->value == "nieuwsflits");
    CHECK(v.field("deleted")->value == "p5");
    CHECK(v.field("history")->value ==
          "set:posts:everyone audience:p2:everyone untag:p3 report:p1 block:nieuwsflits delete:p5");
    for (const auto& f : v.fields) CHECK(f.baseType == BaseType::String);
    const Value stored = valueFromJson(parseJson(dumpJson(valueToJson(v)), "stored"), Cardinality::Record,
                                       BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    CHECK(fromResponse(sc, stored) == s);
    // The resumed profile goes on where it was: undo still takes back the last action.
    CHECK(isDeleted(fromResponse(sc, stored), "p5"));
    CHECK_FALSE(isDeleted(apply(sc, fromResponse(sc, stored), undoAction()), "p5"));
    // The start comes back too (empty lists are empty strings).
    const Value startValue = toResponse(startState(sc));
    CHECK(fromResponse(sc, valueFromJson(valueToJson(startValue), Cardinality::Record, BaseType::Identifier, "R")) ==
          startState(sc));
}

TEST_CASE("social: NULL or a malformed response is the profile as the scenario starts it") {
    const SocialScenario& sc = scenarioOf(testItem());
    const State start = startState(sc);
    CHECK(fromResponse(sc, Value::null(Cardinality::Record, BaseType::String)) == start);
    CHECK(fromResponse(sc, Value::single(BaseType::String, "hallo")) == start);
    const Value good = toResponse(run({setAction("posts", "friends"), blockAction("tim")}));
    CHECK(fromResponse(sc, good) != start);
    auto with = [&](const char* field, const std::string& value) {
        Value v = good;
        bool found = false;
        for (auto& f : v.fields)
            if (f.name == field) {
                f.value = value;
                found = true;
            }
        if (!found) v.fields.push_back({field, BaseType::String, value});
        return fromResponse(sc, v);
    };
    CHECK(with("settings", "posts:friends tagging:everyone") == start);                            // a setting missing
    CHECK(with("settings", "posts:maybe tagging:everyone location:on") == start);                  // no such option
    CHECK(with("settings", "posts:friends posts:friends tagging:everyone location:on") == start);  // twice
    CHECK(with("settings", "posts friends tagging everyone location on") == start);
    CHECK(with("audiences", "p2:friends p4:friends") == start);
    CHECK(with("audiences", "p2:friends p4:friends p3:friends") == start);  // not the pupil's post
    CHECK(with("untagged", "p1") == start);                                 // not tagged there
    CHECK(with("reported", "p1") == start);                                 // no reason
    CHECK(with("reported", "p2:spam") == start);                            // own post
    CHECK(with("reported", "p1:fake-news p1:scary") == start);              // twice
    CHECK(with("blocked", "sanne") == start);
    CHECK(with("blocked", "tim tim") == start);
    CHECK(with("deleted", "p1") == start);
    CHECK(with("history", "set:posts:sometimes") == start);
    CHECK(with("history", "format:c") == start);
    CHECK(with("history", std::string(3, ':')) == start);
    // Settings in another order are the same profile, in the scenario's order.
    CHECK(with("settings", "location:on tagging:everyone posts:friends") == fromResponse(sc, good));
    // A record without the list fields has empty lists.
    Value bare = Value::null(Cardinality::Record, BaseType::String);
    bare.fields.push_back({"settings", BaseType::String, "posts:only-me tagging:everyone location:off"});
    bare.fields.push_back({"audiences", BaseType::String, "p2:everyone p4:friends p5:only-me"});
    const State read = fromResponse(sc, bare);
    CHECK(settingValue(read, "posts") == "only-me");
    CHECK(read.blocked.empty());
}

TEST_CASE("social: the outputs are filled from the state - a deleted post has no audience") {
    const VariableMap start = responsesOf(startState(scenarioOf(testItem())));
    CHECK(text(start.at("SETTINGS")) == R"(["posts everyone","tagging everyone","location on"])");
    CHECK(text(start.at("AUDIENCE")) == R"(["p2 everyone","p4 friends","p5 everyone"])");
    for (const char* empty : {"UNTAGGED", "REPORTED", "REASONS", "BLOCKED", "DELETED"})
        CHECK_MESSAGE(start.at(empty).isNull(), empty);
    const VariableMap done = responsesOf(
        run({setAction("tagging", "nobody"), deleteAction("p2"), untagAction("p3"), reportAction("p1", "scary"),
             reportAction("nieuwsflits", "fake-account"), blockAction("nieuwsflits")}));
    CHECK(text(done.at("SETTINGS")) == R"(["posts everyone","tagging nobody","location on"])");
    CHECK(text(done.at("AUDIENCE")) == R"(["p4 friends","p5 everyone"])");
    CHECK(text(done.at("UNTAGGED")) == R"(["p3"])");
    CHECK(text(done.at("REPORTED")) == R"(["p1","nieuwsflits"])");
    CHECK(text(done.at("REASONS")) == R"(["p1 scary","nieuwsflits fake-account"])");
    CHECK(text(done.at("BLOCKED")) == R"(["nieuwsflits"])");
    CHECK(text(done.at("DELETED")) == R"(["p2"])");
    CHECK(done.at("SETTINGS").baseType == BaseType::DirectedPair);
    CHECK(done.at("UNTAGGED").cardinality == Cardinality::Multiple);
}

TEST_CASE("social: a bank-style item scores each task with one standard operator") {
    const Item& item = testItem();
    CHECK(item.maxScore() == 6);
    CHECK(scoreOf(item, {}) == 0);
    CHECK(scoreOf(item, responsesOf(startState(scenarioOf(item)))) == 0);
    // Each task alone earns its point.
    CHECK(scoreOf(item, responsesOf(run({setAction("posts", "friends"), setAction("tagging", "friends")}))) == 1);
    CHECK(scoreOf(item, responsesOf(run({setAction("posts", "friends")}))) == 0);  // half of it
    CHECK(scoreOf(item, responsesOf(run({audienceAction("p2", "friends")}))) == 1);
    CHECK(scoreOf(item, responsesOf(run({untagAction("p3")}))) == 1);
    CHECK(scoreOf(item, responsesOf(run({reportAction("p1", "fake-news")}))) == 1);
    CHECK(scoreOf(item, responsesOf(run({reportAction("p1", "scary")}))) == 0);  // another reason
    CHECK(scoreOf(item, responsesOf(run({reportAction("p1", "fake-news"), reportAction("p3", "fake-news")}))) ==
          0);  // an innocent post reported too
    CHECK(scoreOf(item, responsesOf(run({blockAction("nieuwsflits")}))) == 1);
    CHECK(scoreOf(item, responsesOf(run({blockAction("nieuwsflits"), blockAction("tim")}))) == 0);
    CHECK(scoreOf(item, responsesOf(run({deleteAction("p5")}))) == 1);
    // Deleting p2 instead of making it friends-only does not count for its audience.
    CHECK(scoreOf(item, responsesOf(run({deleteAction("p2"), audienceAction("p2", "friends")}))) == 0);
    // All of it; undoing the last one takes its point back.
    const State all =
        run({setAction("posts", "friends"), setAction("tagging", "friends"), audienceAction("p2", "friends"),
             untagAction("p3"), reportAction("p1", "fake-news"), blockAction("nieuwsflits"), deleteAction("p5")});
    CHECK(scoreOf(item, responsesOf(all)) == 6);
    CHECK(scoreOf(item, responsesOf(run({undoAction()}, all))) == 5);
}

TEST_CASE("social: the demo leaves full marks at fraction 1 - none at 0 - and some in between") {
    const Item& item = testItem();
    std::mt19937_64 rng(11);
    int some = 0;
    for (int i = 0; i < 40; ++i) {
        const VariableMap best = simulateResponse(item, 1.0, rng);
        CHECK(best.count("RESPONSE"));
        CHECK(best.count("BLOCKED"));
        CHECK(scoreOf(item, best) == 6);
        const VariableMap worst = simulateResponse(item, 0.0, rng);
        CHECK(scoreOf(item, worst) == 0);
        const double half = scoreOf(item, simulateResponse(item, 0.5, rng));
        some += half > 0 && half < 6;
    }
    CHECK(some > 10);
    // What the demo stores is a state the model reads back as it is.
    const VariableMap best = simulateResponse(item, 1.0, rng);
    CHECK(toResponse(fromResponse(scenarioOf(item), best.at("RESPONSE"))) == best.at("RESPONSE"));
}

TEST_CASE("social: a bad scenario is refused at load with file and line") {
    struct Case {
        std::string from, to, line, says;
    };
    const int profileLine = lineOf("<dlk:profile");
    const int post1Line = lineOf("<dlk:post id=\"p1\"");
    const int settingLine = lineOf("<dlk:setting id=\"posts\"");
    const int tagLine = lineOf("<dlk:tag person=\"tim\"/>");
    const int socialLine = lineOf("<dlk:social ");
    const std::vector<Case> cases = {
        {"<dlk:person id=\"noor\"", "<dlk:friend id=\"noor\"", "", "<dlk:friend> cannot be inside <dlk:social>"},
        {"<dlk:tag person=\"tim\"/>", "<dlk:tag person=\"kees\"/>", std::to_string(tagLine),
         "person='kees' is no person of this profile"},
        {"<dlk:tag person=\"tim\"/>", "<dlk:tag person=\"tim\"/><dlk:tag person=\"tim\"/>", std::to_string(tagLine),
         "tags 'tim' a second time"},
        {"id=\"p4\"", "id=\"p3\"", "", "id='p3' is used twice"},
        {"id=\"noor\"", "id=\"tim\"", "", "id='tim' is used twice"},
        {"<dlk:post id=\"p1\" author=\"nieuwsflits\"", "<dlk:post id=\"p1\" author=\"nieuwsflitz\"",
         std::to_string(post1Line), "author='nieuwsflitz' is no person of this profile"},
        {"<dlk:post id=\"p1\"", "<dlk:post", std::to_string(post1Line), "needs the attribute id"},
        {"<dlk:post id=\"p1\"", "<dlk:post id=\"1p\"", std::to_string(post1Line), "id='1p' is not an identifier"},
        {"<dlk:post id=\"p1\"", "<dlk:post id=\"p:1\"", std::to_string(post1Line), "is not an identifier"},
        {"<dlk:post id=\"p1\"", "<dlk:post colour=\"red\" id=\"p1\"", std::to_string(post1Line),
         "has no attribute 'colour'"},
        {"audience=\"friends\" date=\"2 dagen", "audience=\"class\" date=\"2 dagen", "",
         "audience='class' is not everyone, friends or only-me"},
        {"value=\"everyone\"/>", "value=\"nobody\"/>", std::to_string(settingLine),
         "value='nobody' is none of its options"},
        {"options=\"everyone friends only-me\"", "options=\"everyone\"", std::to_string(settingLine),
         "needs at least two options"},
        {"options=\"everyone friends only-me\"", "options=\"everyone friends maybe\"", std::to_string(settingLine),
         "option 'maybe' needs a label"},
        {"options=\"everyone friends only-me\"", "options=\"everyone friends friends\"", std::to_string(settingLine),
         "names the option 'friends' twice"},
        {"<dlk:option id=\"everyone\"/>", "<dlk:choice id=\"everyone\"/>", "", "<dlk:choice> cannot be inside"},
        {"<dlk:reason id=\"scary\" label=\"Maakt mensen bang\"/>", "<dlk:reason id=\"scary\"/>", "",
         "reason 'scary' needs a label"},
        {"<dlk:setting id=\"location\"", "<dlk:setting id=\"posts\"", "", "id='posts' is the id of another setting"},
        {"<dlk:profile id=\"sanne\" name=\"Sanne de Vries\">Groep 8. Ik hou van zwemmen en tekenen.</dlk:profile>", "",
         std::to_string(socialLine), "needs a <dlk:profile>"},
        {"<dlk:person id=\"tim\"", "<dlk:profile id=\"sanne2\" name=\"Twee\"/><dlk:person id=\"tim\"", "",
         "is the second profile (the first is on line " + std::to_string(profileLine) + ")"},
        {"<dlk:comment author=\"tim\">Echt waar?? Morgen gaan we daar zwemmen!</dlk:comment>",
         "<dlk:comment author=\"tim\"> </dlk:comment>", "", "has no text"},
        {"<dlk:post id=\"p4\" author=\"sanne\" audience=\"friends\" date=\"vorige week\">Mijn nieuwe tekening van een "
         "paard.</dlk:post>",
         "<dlk:post id=\"p4\" author=\"sanne\"/>", "", "has no text and no picture"},
        {"<dlk:post id=\"p4\" author=\"sanne\" audience=\"friends\" date=\"vorige week\">Mijn",
         "<dlk:post id=\"p4\" author=\"sanne\" audience=\"friends\" date=\"vorige week\"><p>x</p>Mijn", "",
         "<p> cannot be inside <dlk:post>"},
        {"alt=\"Een wazige foto van een vin in het water\"", "", "", "needs the attribute alt"},
        {"width=\"320\"", "width=\"huge\"", "", "width='huge' is not a size"},
        {"<dlk:person id=\"tim\" name=\"Tim Bakker\" relation=\"friend\"/>",
         "<dlk:person id=\"tim\" name=\"Tim Bakker\" relation=\"cousin\"/>", "", "relation='cousin' is not friend"},
        {"<dlk:person id=\"tim\" name=\"Tim Bakker\" relation=\"friend\"/>",
         "<dlk:person id=\"tim\" name=\"Tim Bakker\" relation=\"friend\">Tim</dlk:person>", "", "holds text"},
        {"<dlk:person id=\"noor\"", "Hallo <dlk:person id=\"noor\"", "", "holds text outside its elements ('Hallo')"},
        {"app=\"Flitz\"", "app=\"Flitz\" theme=\"dark\"", std::to_string(socialLine), "has no attribute 'theme'"},
        {"Ik woon op de Lindelaan 12, kom langs!", std::string(kMaxTextBytes + 1, 'a'), "",
         "longer than " + std::to_string(kMaxTextBytes) + " bytes"},
        {"name=\"Noor El Amrani\"", "name=\"" + std::string(kMaxLabelBytes + 1, 'N') + "\"", "", "name is longer than"},
    };
    for (const Case& c : cases) {
        const std::string e = loadError(replaced(c.from, c.to));
        CHECK_MESSAGE(contains(e, c.says), c.says << " <- " << e);
        if (!c.line.empty()) CHECK_MESSAGE(contains(e, "social.xml:" + c.line + ":"), e);
        CHECK_MESSAGE(contains(e, "social.xml:"), e);
    }
}

TEST_CASE("social: the scenario's sizes are bounded") {
    auto many = [](const std::string& element, size_t n) {
        std::string out;
        for (size_t i = 0; i < n; ++i) {
            std::string e = element;
            const auto at = e.find("#");
            e.replace(at, 1, std::to_string(i));
            out += e;
        }
        return out;
    };
    const std::string anchor = "<dlk:person id=\"noor\"";
    CHECK(contains(loadError(replaced(anchor, many("<dlk:person id=\"x#\" name=\"X\"/>", kMaxPeople) + anchor)),
                   "one person too many"));
    CHECK(contains(
        loadError(replaced("<dlk:post id=\"p1\"", many("<dlk:post id=\"x#\" author=\"tim\">Hoi</dlk:post>", kMaxPosts) +
                                                      "<dlk:post id=\"p1\"")),
        "one post too many"));
    CHECK(contains(
        loadError(replaced("<dlk:setting id=\"posts\"",
                           many("<dlk:setting id=\"s#\" label=\"S\" options=\"on off\" value=\"on\"/>", kMaxSettings) +
                               "<dlk:setting id=\"posts\"")),
        "one setting too many"));
    std::string tags = replaced(anchor, many("<dlk:person id=\"x#\" name=\"X\"/>", kMaxTagsPerPost) + anchor);
    tags.replace(tags.find("<dlk:tag person=\"tim\"/>"), 23,
                 "<dlk:tag person=\"tim\"/>" + many("<dlk:tag person=\"x#\"/>", kMaxTagsPerPost));
    CHECK(contains(loadError(tags), "one tag too many"));
    CHECK(contains(
        loadError(replaced("<dlk:option id=\"everyone\"/>",
                           "<dlk:option id=\"everyone\"/>" + many("<dlk:option id=\"o#\" label=\"O\"/>", kMaxOptions))),
        "more than " + std::to_string(kMaxOptions) + " options"));
    const std::string longId(kMaxIdBytes + 1, 'p');
    CHECK(contains(loadError(replaced("<dlk:post id=\"p1\"", "<dlk:post id=\"" + longId + "\"")),
                   "is not an identifier"));
    // At the limits it loads.
    CHECK(loadError(replaced(anchor, many("<dlk:person id=\"x#\" name=\"X\"/>", kMaxPeople - 3) + anchor)) ==
          "accepted");
}

TEST_CASE("social: outputs and the state's declaration are checked at load") {
    CHECK(contains(loadError(replaced("blocked-response=\"BLOCKED\"", "blocked-response=\"GEBLOKKEERD\"")),
                   "blocked-response='GEBLOKKEERD' names no declared response"));
    CHECK(contains(
        loadError(replaced("identifier=\"SETTINGS\" cardinality=\"multiple\" base-type=\"directedPair\"",
                           "identifier=\"SETTINGS\" cardinality=\"multiple\" base-type=\"pair\"")),
        "settings-response='SETTINGS' (every setting with its option) must be declared multiple directedPair"));
    CHECK(contains(loadError(replaced("identifier=\"UNTAGGED\" cardinality=\"multiple\" base-type=\"identifier\"",
                                      "identifier=\"UNTAGGED\" cardinality=\"multiple\" base-type=\"string\"")),
                   "must be declared multiple identifier"));
    CHECK(contains(loadError(replaced("identifier=\"REPORTED\" cardinality=\"multiple\"",
                                      "identifier=\"REPORTED\" cardinality=\"single\"")),
                   "must be declared multiple identifier"));
    CHECK(contains(loadError(replaced("identifier=\"RESPONSE\" cardinality=\"record\"",
                                      "identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"string\"")),
                   "the social yields a record response"));
    // Outputs are optional: an item may bind only what it scores.
    const Item few =
        parseItemXml(replaced("settings-response=\"SETTINGS\" audience-response=\"AUDIENCE\"", ""), "social.xml");
    const auto& outputs = few.environments.at("RESPONSE").outputs;
    CHECK(outputs[0].empty());
    CHECK(outputs[1].empty());
    CHECK(outputs[5] == "BLOCKED");
}

namespace {
// A bank item with a social profile, and what its pupil's actions store.
struct BankItem {
    Item item;
    explicit BankItem(const std::string& path) : item(loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/" + path)) {}
    const SocialScenario& scenario() const { return scenarioOf(item); }
    double score(const std::vector<dlk::sim::Action>& actions) const {
        State s = startState(scenario());
        for (const auto& a : actions) s = apply(scenario(), s, a);
        const auto all = dlk::sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE", toResponse(s));
        return scoreOf(item, VariableMap(all.begin(), all.end()));
    }
};
}  // namespace

TEST_CASE("social: the bank items load in both languages - the demo scores them full at 1 and nothing at 0") {
    for (const char* path :
         {"m00-oefenen/nl/oefenen-12-profiel.xml", "m00-oefenen/en/oefenen-12-profiel.xml",
          "m02-nepnieuws/nl/nepnieuws-12-melden.xml", "m02-nepnieuws/en/nepnieuws-12-melden.xml",
          "m02-nepnieuws/nl/nepnieuws-13-profiel.xml", "m02-nepnieuws/en/nepnieuws-13-profiel.xml"}) {
        CAPTURE(path);
        const BankItem b(path);
        REQUIRE(b.item.maxScore() > 0);
        CHECK(b.score({}) == 0);
        std::mt19937_64 rng(5);
        for (int i = 0; i < 20; ++i) {
            CHECK(scoreOf(b.item, simulateResponse(b.item, 1.0, rng)) == b.item.maxScore());
            CHECK(scoreOf(b.item, simulateResponse(b.item, 0.0, rng)) == 0);
        }
    }
}

TEST_CASE("social: the practice profile item - posts for friends and the tag off Mila's post") {
    const BankItem b("m00-oefenen/nl/oefenen-12-profiel.xml");
    CHECK(b.item.maxScore() == 2);
    CHECK(b.score({setAction("berichten", "friends")}) == 1);
    CHECK(b.score({untagAction("strand")}) == 1);
    CHECK(b.score({setAction("berichten", "only-me"), untagAction("strand")}) == 1);
    CHECK(b.score({setAction("berichten", "friends"), untagAction("strand")}) == 2);
    CHECK(b.score({setAction("berichten", "friends"), untagAction("strand"), undoAction()}) == 1);
}

TEST_CASE("social: the fake news item - report the shark post as fake news and block only its account") {
    const BankItem b("m02-nepnieuws/en/nepnieuws-12-melden.xml");
    CHECK(b.item.maxScore() == 2);
    CHECK(b.score({reportAction("haai", "fake-news")}) == 1);
    CHECK(b.score({reportAction("haai", "spam")}) == 0);                                            // another reason
    CHECK(b.score({reportAction("haai", "fake-news"), reportAction("uitleg", "fake-news")}) == 0);  // the truth too
    CHECK(b.score({reportAction("haai", "fake-news"), reportAction("uitleg", "spam"), undoAction()}) == 1);
    CHECK(b.score({blockAction("nieuwsflits")}) == 1);
    CHECK(b.score({blockAction("nieuwsflits"), blockAction("waterschap")}) == 0);  // the water board too
    CHECK(b.score({blockAction("waterschap")}) == 0);
    CHECK(b.score({reportAction("haai", "fake-news"), blockAction("nieuwsflits")}) == 2);
    CHECK(b.score({reportAction("haai", "fake-news"), blockAction("tim"), unblockAction("tim"),
                   blockAction("nieuwsflits")}) == 2);
}

TEST_CASE("social: the privacy item - posts and the old holiday post for friends and no tags by strangers") {
    const BankItem b("m02-nepnieuws/nl/nepnieuws-13-profiel.xml");
    CHECK(b.item.maxScore() == 3);
    CHECK(b.score({setAction("berichten", "friends")}) == 1);
    CHECK(b.score({setAction("berichten", "only-me")}) == 0);  // not what Sam wants
    CHECK(b.score({setAction("taggen", "friends")}) == 1);
    CHECK(b.score({setAction("taggen", "nobody")}) == 1);
    CHECK(b.score({audienceAction("vakantie", "friends")}) == 1);
    CHECK(b.score({audienceAction("vakantie", "only-me")}) == 1);
    CHECK(b.score({deleteAction("vakantie")}) == 0);
    CHECK(b.score({setAction("zoeken", "on")}) == 0);
    CHECK(b.score({setAction("berichten", "friends"), setAction("taggen", "nobody"),
                   audienceAction("vakantie", "friends")}) == 3);
}
