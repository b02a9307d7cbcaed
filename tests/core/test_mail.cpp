// The mail environment (sim/mail): its scenario reader and what it refuses, every action of the
// pupil and its undo, the state as a QTI record that survives the store and a restart, the
// outputs an item scores, and the whole way through the loader, response processing and the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/mail/mail.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::mail;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/mail.xml";

const MailScenario& scenarioOf(const Item& item) {
    REQUIRE(item.environments.count("RESPONSE"));
    return static_cast<const MailScenario&>(*item.environments.at("RESPONSE").scenario);
}

// Actions written as process data writes them: "open=m1 delete=m1 close".
State run(const MailScenario& sc, const std::string& actions, State s) {
    for (const auto& a : splitWhitespace(actions)) {
        const auto eq = a.find('=');
        s = apply(sc, s, sim::Action{a.substr(0, eq), eq == std::string::npos ? "" : a.substr(eq + 1)});
    }
    return s;
}
State run(const MailScenario& sc, const std::string& actions) {
    return run(sc, actions, start(sc));
}

const MessageState& msg(const MailScenario& sc, const State& s, const std::string& id) {
    const size_t i = sc.indexOf(id);
    REQUIRE(i < s.messages.size());
    return s.messages[i];
}

// The outputs an action stores with the state, by response identifier.
VariableMap responses(const Item& item, const State& s) {
    const auto all =
        sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE", toResponse(scenarioOf(item), s));
    return VariableMap(all.begin(), all.end());
}

std::string loadError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "mail.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

// The test item with `from` replaced by `to` (which must be there).
std::string replaced(const std::string& from, const std::string& to) {
    std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    x.replace(at, from.size(), to);
    return x;
}

}  // namespace

TEST_CASE("mail: the scenario holds folders - contacts - messages with paragraphs - links and attachments") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    CHECK(sc.user == "Sam de Vries");
    CHECK(sc.address == "sam@mijnschoolmail.nl");
    CHECK(sc.replyTo == "m1");
    REQUIRE(sc.folders.size() == 1);
    CHECK(sc.folders[0].id == "schoolreis");
    CHECK(sc.folders[0].name == "Schoolreis");
    CHECK(sc.folderOrder() == std::vector<std::string>{"inbox", "schoolreis", "sent", "spam", "trash"});
    REQUIRE(sc.contacts.size() == 2);
    CHECK(sc.contactWithAddress("ANNA@mijnschoolmail.nl") == sc.contact("juf"));
    REQUIRE(sc.messages.size() == 4);
    const Message& m1 = sc.messages[0];
    CHECK(m1.fromName == "Museum De Ontdekking");
    CHECK(m1.to == "sam@mijnschoolmail.nl");  // the user's address when the message names none
    CHECK(m1.folder == "inbox");
    CHECK_FALSE(m1.read);
    CHECK(sc.messages[2].read);
    REQUIRE(m1.paragraphs.size() == 2);
    CHECK(m1.paragraphs[0].size() == 1);
    CHECK(m1.paragraphs[0][0].text == "Beste Sam,");
    // Text, a link and text: whitespace collapsed, the spaces around the link kept.
    const auto& p = m1.paragraphs[1];
    REQUIRE(p.size() == 3);
    CHECK(p[0].text == "Hoeveel leerlingen komen er mee? Kijk op ");
    CHECK(p[1].link == "l1");
    CHECK(p[1].text == "www.museumdeontdekking.nl/groepen");
    CHECK(p[2].text == " voor het programma.");
    const Message* in = nullptr;
    const Link* l2 = sc.link("l2", &in);
    REQUIRE(l2);
    CHECK(in->id == "m2");
    CHECK(l2->href == "http://musea-betalen.xyz/inloggen");
    CHECK(l2->words == "Betaal via www.museumdeontdekking.nl");
    const Attachment* a2 = sc.attachment("a2");
    REQUIRE(a2);
    CHECK(a2->name == "factuur.pdf.exe");
    CHECK(a2->type == "EXE");  // the extension, in capitals
    CHECK(a2->size == 48213);
    CHECK(sc.attachment("l1") == nullptr);
}

TEST_CASE("mail: opening a message reads it - another folder shows its list - close goes back") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    const State s0 = start(sc);
    CHECK(s0.folder == "inbox");
    CHECK(s0.open.empty());
    CHECK(unreadIn(sc, s0, "inbox") == 2);
    CHECK(messagesIn(sc, s0, "inbox") == std::vector<size_t>{0, 1, 2, 3});
    const State s1 = run(sc, "open=m1");
    CHECK(s1.open == "m1");
    CHECK(msg(sc, s1, "m1").read);
    CHECK(msg(sc, s1, "m1").opened);
    CHECK_FALSE(msg(sc, s1, "m3").opened);  // read from the start, not opened by the pupil
    CHECK(unreadIn(sc, s1, "inbox") == 1);
    CHECK(run(sc, "close", s1).open.empty());
    const State s2 = run(sc, "folder=spam", s1);
    CHECK(s2.folder == "spam");
    CHECK(s2.open.empty());
    CHECK(run(sc, "folder=sent").folder == "sent");
    // Unknown ids change nothing.
    CHECK(run(sc, "folder=nergens open=m9 fly=m1") == s0);
}

TEST_CASE("mail: delete moves to the trash and restore brings it back where it was - move to a folder") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    const State moved = run(sc, "open=m3 move=m3:schoolreis");
    CHECK(msg(sc, moved, "m3").folder == "schoolreis");
    CHECK(moved.open.empty());  // it left the folder shown: back to the list, as webmail does
    CHECK(messagesIn(sc, moved, "schoolreis") == std::vector<size_t>{2});
    const State deleted = run(sc, "folder=schoolreis open=m3 delete=m3", moved);
    CHECK(msg(sc, deleted, "m3").folder == "trash");
    CHECK(msg(sc, deleted, "m3").deletedFrom == "schoolreis");
    CHECK(deleted.open.empty());
    // Deleting it again, or moving it to the trash, changes nothing.
    CHECK(run(sc, "delete=m3 move=m3:trash", deleted) == deleted);
    const State restored = run(sc, "restore=m3", deleted);
    CHECK(msg(sc, restored, "m3").folder == "schoolreis");
    CHECK(msg(sc, restored, "m3").deletedFrom.empty());
    CHECK(restored.messages == moved.messages);
    // Moved out of the trash instead, it forgets where it came from; restore of a message that is
    // not in the trash does nothing.
    const State out = run(sc, "move=m3:inbox", deleted);
    CHECK(msg(sc, out, "m3").folder == "inbox");
    CHECK(msg(sc, out, "m3").deletedFrom.empty());
    CHECK(run(sc, "restore=m3", out) == out);
    // Only to folders that hold messages.
    CHECK(run(sc, "move=m1:sent move=m1:nergens move=m1 move=m9:inbox") == start(sc));
    // The open message stays open when it does not leave the folder shown.
    const State stays = run(sc, "open=m1 move=m3:spam");
    CHECK(stays.open == "m1");
}

TEST_CASE("mail: report as phishing moves to spam and can be undone - blocking a sender moves their mail") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    const State reported = run(sc, "open=m2 report=m2");
    CHECK(msg(sc, reported, "m2").reported);
    CHECK(msg(sc, reported, "m2").folder == "spam");
    CHECK(reported.open.empty());
    const State undone = run(sc, "folder=spam open=m2 unreport=m2", reported);
    CHECK_FALSE(msg(sc, undone, "m2").reported);
    CHECK(msg(sc, undone, "m2").folder == "inbox");
    CHECK(run(sc, "unreport=m1") == start(sc));
    // A deleted message reported from the trash goes to spam too.
    CHECK(msg(sc, run(sc, "delete=m2 report=m2"), "m2").folder == "spam");

    const State blocked = run(sc, "open=m3 block=m3");
    CHECK(blocked.blocked == std::vector<std::string>{"anna@mijnschoolmail.nl"});
    CHECK(isBlocked(blocked, "Anna@MijnSchoolMail.nl"));
    CHECK(msg(sc, blocked, "m3").folder == "spam");
    CHECK(msg(sc, blocked, "m1").folder == "inbox");  // another sender's
    CHECK(run(sc, "block=m3", blocked) == blocked);   // once
    const State unblocked = run(sc, "unblock=m3", blocked);
    CHECK(unblocked.blocked.empty());
    CHECK(msg(sc, unblocked, "m3").folder == "spam");  // it stays where it went, as in a mail program
}

TEST_CASE("mail: links and attachments count in the message being read - each once") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    CHECK(run(sc, "link=l2 attachment=a2").clicked.empty());  // not open: nothing to click
    CHECK(run(sc, "open=m1 link=l2").clicked.empty());        // a link of another message
    const State s = run(sc, "open=m2 link=l2 link=l2 attachment=a2 attachment=a2 attachment=l2");
    CHECK(s.clicked == std::vector<std::string>{"l2"});
    CHECK(s.attachments == std::vector<std::string>{"a2"});
}

TEST_CASE("mail: a reply goes to the sender - a forward to contacts - one draft at a time - text kept as typed") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    State s = run(sc, "open=m1 reply=m1");
    REQUIRE(s.draft);
    CHECK(s.draft->kind == DraftKind::Reply);
    CHECK(s.draft->to == std::vector<std::string>{"groepen@museumdeontdekking.nl"});
    // A second reply or a forward waits until this one is sent or thrown away.
    CHECK(run(sc, "reply=m2 forward=m3", s) == s);
    const std::string typed = "Beste museum,\n\nWe komen met 24 leerlingen.  Tot dan!\n";
    s = withDraftText(s, typed);
    CHECK(s.draft->text == typed);
    s = run(sc, "send=m1", s);
    CHECK_FALSE(s.draft);
    REQUIRE(s.sent.size() == 1);
    CHECK(s.sent[0].text == typed);  // spaces and line breaks exactly as typed
    CHECK(s.sent[0].message == "m1");

    // A forward needs a recipient; "to" adds a contact and takes it away again.
    s = run(sc, "open=m3 forward=m3 send", s);
    REQUIRE(s.draft);
    CHECK(s.sent.size() == 1);
    s = run(sc, "to=juf to=mama to=mama to=nobody", s);
    CHECK(s.draft->to == std::vector<std::string>{"anna@mijnschoolmail.nl"});
    s = run(sc, "to=juf", s);
    CHECK(s.draft->to.empty());
    s = run(sc, "to=juf send=m3", s);
    REQUIRE(s.sent.size() == 2);
    CHECK(s.sent[1].kind == DraftKind::Forward);
    // Recipients only for a forward; thrown away, a draft is gone.
    s = run(sc, "reply=m4 to=juf", s);
    CHECK(s.draft->to == std::vector<std::string>{"nieuws@vvdeballen.nl"});
    s = run(sc, "discard", s);
    CHECK_FALSE(s.draft);
    CHECK(s.sent.size() == 2);
    // Typing without a draft does nothing; too long a text is cut at a character.
    CHECK(withDraftText(start(sc), "hallo") == start(sc));
    State big = run(sc, "reply=m1");
    std::string long_(kMaxTypedBytes - 1, 'a');
    long_ += "é";
    big = withDraftText(big, long_);
    CHECK(big.draft->text.size() == kMaxTypedBytes - 1);
}

TEST_CASE("mail: at most kMaxSent replies are sent") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    State s = start(sc);
    for (size_t i = 0; i < kMaxSent + 3; ++i) s = run(sc, "reply=m1 send", s);
    CHECK(s.sent.size() == kMaxSent);
    CHECK(s.draft);  // the one that could not be sent is kept
}

TEST_CASE("mail: the state is a record that comes back whole through the stored JSON") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    State s = run(sc,
                  "open=m2 link=l2 attachment=a2 report=m2 open=m3 block=m3 folder=inbox open=m1 "
                  "reply=m1");
    s = withDraftText(s, "Hallo,\nwe komen met 24.\n");
    s = run(sc, "send open=m4 delete=m4 folder=inbox open=m1 forward=m1 to=mama", s);
    s = withDraftText(s, "Kijk, \"het museum\" \\ schoolreis");
    const Value v = toResponse(sc, s);
    CHECK(v.cardinality == Cardinality::Record);
    REQUIRE(v.field("places"));
    CHECK(v.field("places")->value == "m1:inbox m2:spam m3:spam m4:trash");
    CHECK(v.field("deleted-from")->value == "m4:inbox");
    CHECK(v.field("reported")->value == "m2");
    CHECK(v.field("blocked")->value == "anna@mijnschoolmail.nl");
    CHECK(v.field("sent-1-kind")->value == "reply");
    CHECK(v.field("sent-1-text")->value == "Hallo,\nwe komen met 24.\n");
    CHECK(v.field("draft")->value == "forward");
    CHECK(v.field("draft-to")->value == "ellen.devries@thuismail.nl");
    CHECK(fromResponse(sc, v) == s);
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Record, BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    CHECK(fromResponse(sc, stored) == s);
    // And on from there: the draft resumes.
    const State resumed = run(sc, "send", fromResponse(sc, stored));
    REQUIRE(resumed.sent.size() == 2);
    CHECK(resumed.sent[1].text == "Kijk, \"het museum\" \\ schoolreis");
    // The mailbox at the start comes back too.
    CHECK(fromResponse(sc, toResponse(sc, start(sc))) == start(sc));
}

TEST_CASE("mail: nothing stored or a state this mailbox cannot be in gives the mailbox at the start") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    CHECK(fromResponse(sc, Value::null(Cardinality::Record, BaseType::String)) == start(sc));
    CHECK(fromResponse(sc, Value::single(BaseType::String, "m1:inbox")) == start(sc));
    const State s = run(sc, "open=m1 reply=m1");
    const Value good = toResponse(sc, s);
    REQUIRE(fromResponse(sc, good) == s);
    auto with = [&](const std::string& field, const std::string& value) {
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
    CHECK(with("folder", "kelder") == start(sc));
    CHECK(with("open", "m9") == start(sc));
    CHECK(with("open", "m2 m3") == start(sc));
    CHECK(with("places", "m1:inbox m2:inbox m3:inbox") == start(sc));                    // one missing
    CHECK(with("places", "m1:inbox m1:inbox m2:inbox m3:inbox m4:inbox") == start(sc));  // twice
    CHECK(with("places", "m1:inbox m2:zolder m3:inbox m4:inbox") == start(sc));          // no such folder
    CHECK(with("places", "m1:inbox m2:sent m3:inbox m4:inbox") == start(sc));            // sent holds no messages
    CHECK(with("deleted-from", "m2:inbox") == start(sc));                                // not in the trash
    CHECK(with("read", "m1 m7") == start(sc));
    CHECK(with("blocked", "iemand@ergens.nl") == start(sc));  // no sender of this mailbox
    CHECK(with("clicked", "a1") == start(sc));
    CHECK(with("draft", "letter") == start(sc));
    CHECK(with("draft-to", "iemand@ergens.nl") == start(sc));  // a reply goes to the sender
    CHECK(with("sent-1-kind", "forward") == start(sc));        // a forward without recipients
    CHECK(with("colour", "blue") == start(sc));                // no field of a mailbox
    CHECK(with("draft-text", std::string(kMaxTypedBytes + 1, 'x')) == start(sc));
}

TEST_CASE("mail: outputs give each scoring question one standard operator") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    CHECK(item.environments.at("RESPONSE").outputs == std::vector<std::string>{"REPORTED", "DELETED", "FOLDERS",
                                                                               "BLOCKED", "REPLY", "FORWARDED",
                                                                               "CLICKED", "ATTACHMENTS", "OPENED"});
    State s = run(sc,
                  "open=m2 link=l2 attachment=a2 report=m2 open=m4 delete=m4 open=m3 block=m3 "
                  "open=m1 reply=m1");
    s = withDraftText(s, "Eerste antwoord");
    s = run(sc, "send forward=m1 to=juf to=mama send reply=m1", s);
    s = withDraftText(s, "Tweede antwoord");
    s = run(sc, "send reply=m3", s);
    s = withDraftText(s, "Niet aan het museum");
    s = run(sc, "send", s);
    const VariableMap r = responses(item, s);
    CHECK(r.at("REPORTED") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"m2"}));
    CHECK(r.at("DELETED") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"m4"}));
    CHECK(r.at("FOLDERS") == Value::container(Cardinality::Multiple, BaseType::DirectedPair,
                                              {"m1 inbox", "m2 spam", "m3 spam", "m4 trash"}));
    CHECK(r.at("BLOCKED") == Value::container(Cardinality::Multiple, BaseType::String, {"anna@mijnschoolmail.nl"}));
    // The last reply to reply-to's message (m1), not the later one to m3.
    CHECK(r.at("REPLY") == Value::single(BaseType::String, "Tweede antwoord"));
    CHECK(r.at("FORWARDED") == Value::container(Cardinality::Multiple, BaseType::DirectedPair, {"m1 juf", "m1 mama"}));
    CHECK(r.at("CLICKED") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"l2"}));
    CHECK(r.at("ATTACHMENTS") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"a2"}));
    CHECK(r.at("OPENED") == Value::container(Cardinality::Multiple, BaseType::Identifier, {"m1", "m2", "m3", "m4"}));
    // Nothing done: NULL everywhere but the folders; a draft that was not sent is no reply.
    const VariableMap none = responses(item, run(sc, "reply=m1"));
    for (const char* id : {"REPORTED", "DELETED", "BLOCKED", "REPLY", "FORWARDED", "CLICKED", "ATTACHMENTS", "OPENED"})
        CHECK_MESSAGE(none.at(id).isNull(), id);
    CHECK(none.at("FOLDERS").items.size() == 4);
    // A reply of only spaces is no reply.
    State blank = run(sc, "reply=m1");
    blank = run(sc, "send", withDraftText(blank, "  \n "));
    CHECK(responses(item, blank).at("REPLY").isNull());
}

TEST_CASE("mail: an item scores the mailbox through its outputs") {
    const Item item = loadItemFile(kItem);
    const MailScenario& sc = scenarioOf(item);
    auto score = [&](const std::string& actions) { return scoreOf(item, responses(item, run(sc, actions))); };
    CHECK(scoreOf(item, {}) == 0);  // untouched
    CHECK(score("open=m1") == 0);
    CHECK(score("open=m2 report=m2") == 2);                    // reported, link not clicked
    CHECK(score("open=m2 link=l2 report=m2") == 1);            // clicked first
    CHECK(score("open=m1 report=m1 open=m2 report=m2") == 0);  // a real mail reported too
    CHECK(score("open=m2 report=m2 move=m1:schoolreis move=m3:schoolreis") == 3);
    CHECK(score("open=m2 report=m2 move=m1:schoolreis move=m3:schoolreis delete=m4") == 2);  // m4 belongs in the inbox
    CHECK(score("open=m2 report=m2 move=m1:schoolreis move=m3:schoolreis open=m3 forward=m3 to=juf send") == 4);
    CHECK(score("open=m3 forward=m3 to=mama send") == 0);  // to the wrong person
}

TEST_CASE("mail: a bad scenario is refused at load with file - line and what is wrong") {
    // The element's line: the <dlk:mail> starts on line 35 of the test item.
    CHECK(contains(loadError(replaced("address=\"sam@mijnschoolmail.nl\"", "address=\"sam.mijnschoolmail.nl\"")),
                   "mail.xml:35: <dlk:mail> address='sam.mijnschoolmail.nl' is not a mail address"));
    CHECK(contains(loadError(replaced("address=\"sam@mijnschoolmail.nl\" ", "")),
                   "mail.xml:35: <dlk:mail> needs an address attribute"));
    CHECK(
        contains(loadError(replaced(" from-address=\"nieuws@vvdeballen.nl\"", "")), "needs a from-address attribute"));
    CHECK(contains(loadError(replaced("reply-to=\"m1\"", "reply-to=\"m7\"")), "reply-to='m7' names no message"));
    CHECK(contains(loadError(replaced("reply-to=\"m1\"", "colour=\"blue\"")), "has no attribute 'colour'"));
    // Duplicate ids: messages, links and attachments share one set of ids.
    CHECK(contains(loadError(replaced("<dlk:message id=\"m2\"", "<dlk:message id=\"m1\"")),
                   "mail.xml:50: <dlk:message> id='m1' is used twice"));
    CHECK(contains(loadError(replaced("id=\"l2\"", "id=\"a1\"")), "<dlk:link> id='a1' is used twice"));
    CHECK(contains(loadError(replaced("id=\"mama\"", "id=\"juf\"")),
                   "mail.xml:41: <dlk:contact> id='juf' names a second"));
    CHECK(contains(loadError(replaced("id=\"m3\"", "id=\"3m\"")), "id='3m' is not an id"));
    CHECK(contains(loadError(replaced("<dlk:folder id=\"schoolreis\"", "<dlk:folder id=\"spam\"")),
                   "id='spam' is a folder every mailbox has already"));
    // Unknown folders, a malformed sender address, bad values.
    CHECK(contains(loadError(replaced("read=\"false\"", "folder=\"kelder\"")),
                   "mail.xml:42: <dlk:message> folder='kelder' is no folder of this mailbox"));
    CHECK(contains(loadError(replaced("from-address=\"kassa@musea-betalen.xyz\"", "from-address=\"kassa@musea\"")),
                   "from-address='kassa@musea' is not a mail address"));
    CHECK(contains(loadError(replaced("read=\"false\"", "read=\"nee\"")), "read='nee' is not true or false"));
    CHECK(contains(loadError(replaced("size=\"48213\"", "size=\"groot\"")), "size='groot' is not a number of bytes"));
    CHECK(contains(loadError(replaced("href=\"http://musea-betalen.xyz/inloggen\"", "href=\"\"")), "needs an href"));
    CHECK(contains(loadError(replaced("href=\"http://musea-betalen.xyz/inloggen\"", "href=\"http://a b\"")),
                   "holds a space"));
    CHECK(contains(loadError(replaced("<dlk:p>De bus", "<dlk:p><strong>x</strong>De bus")),
                   "<strong> is not part of a paragraph"));
    CHECK(contains(loadError(replaced("<dlk:p>De bus", "<dlk:folder id=\"x\" name=\"X\"/><dlk:p>De bus")),
                   "<dlk:folder> is not part of a message"));
    CHECK(contains(loadError(replaced("<dlk:folder id=\"schoolreis\" name=\"Schoolreis\"/>", "Losse tekst")),
                   "<dlk:mail> holds text outside a <dlk:message>"));
    CHECK(contains(loadError(replaced(">www.museumdeontdekking.nl/groepen<", "> <")), "<dlk:link> shows no words"));
}

TEST_CASE("mail: sizes are bounded - too many messages - folders - contacts - too long a text") {
    auto mailbox = [](const std::string& children) {
        return "<?xml version=\"1.0\"?>\n"
               "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" "
               "xmlns:dlk=\"https://dlkiosk.nl/ns/1\" identifier=\"x\" title=\"x\" adaptive=\"false\" "
               "time-dependent=\"false\">\n"
               "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"record\"/>\n"
               "<qti-item-body><qti-custom-interaction response-identifier=\"RESPONSE\">\n"
               "<dlk:mail address=\"sam@school.nl\">\n" +
               children + "</dlk:mail></qti-custom-interaction></qti-item-body></qti-assessment-item>\n";
    };
    auto message = [](int i, const std::string& body = "<dlk:p>Hallo</dlk:p>") {
        return "<dlk:message id=\"m" + std::to_string(i) + "\" from-address=\"a@b.nl\">" + body + "</dlk:message>\n";
    };
    std::string many;
    for (size_t i = 0; i < kMaxMessages; ++i) many += message(static_cast<int>(i));
    CHECK(loadError(mailbox(many)) == "accepted");
    CHECK(contains(loadError(mailbox(many + message(99))), "is one message too many (at most 30)"));
    CHECK(contains(loadError(mailbox("")), "holds no <dlk:message>"));
    std::string folders;
    for (size_t i = 0; i <= kMaxFolders; ++i) folders += "<dlk:folder id=\"f" + std::to_string(i) + "\" name=\"F\"/>\n";
    CHECK(contains(loadError(mailbox(folders + message(1))), "is one folder too many"));
    std::string contacts;
    for (size_t i = 0; i <= kMaxContacts; ++i)
        contacts +=
            "<dlk:contact id=\"c" + std::to_string(i) + "\" name=\"C\" address=\"c" + std::to_string(i) + "@b.nl\"/>\n";
    CHECK(contains(loadError(mailbox(contacts + message(1))), "is one contact too many"));
    CHECK(contains(loadError(mailbox("<dlk:contact id=\"a\" name=\"A\" address=\"x@b.nl\"/>"
                                     "<dlk:contact id=\"b\" name=\"B\" address=\"X@b.nl\"/>" +
                                     message(1))),
                   "belongs to another contact already"));
    const std::string longText = "<dlk:p>" + std::string(kMaxBodyBytes + 1, 'x') + "</dlk:p>";
    CHECK(contains(loadError(mailbox(message(1, longText))), "makes the message longer than 4000 bytes"));
    std::string paragraphs;
    for (size_t i = 0; i <= kMaxParagraphs; ++i) paragraphs += "<dlk:p>p</dlk:p>";
    CHECK(contains(loadError(mailbox(message(1, paragraphs))), "is one paragraph too many"));
    std::string attachments;
    for (size_t i = 0; i <= kMaxAttachments; ++i)
        attachments += "<dlk:attachment id=\"a" + std::to_string(i) + "\" name=\"a.pdf\"/>";
    CHECK(contains(loadError(mailbox(message(1, attachments))), "is one attachment too many"));
    CHECK(contains(loadError(mailbox("<dlk:message id=\"m1\" from-address=\"a@b.nl\" subject=\"" +
                                     std::string(kMaxLineBytes + 1, 's') + "\"/>")),
                   "subject is longer than 200 bytes"));
    // A folder may be declared after the message that starts in it.
    CHECK(loadError(mailbox("<dlk:message id=\"m1\" from-address=\"a@b.nl\" folder=\"later\"/>"
                            "<dlk:folder id=\"later\" name=\"Later\"/>")) == "accepted");
}

TEST_CASE("mail: outputs are checked at load - declared - of the kind they are filled with") {
    CHECK(contains(loadError(replaced("reported-response=\"REPORTED\"", "reported-response=\"PHISHING\"")),
                   "reported-response='PHISHING' names no declared response"));
    CHECK(contains(loadError(replaced("identifier=\"FOLDERS\" cardinality=\"multiple\" base-type=\"directedPair\"",
                                      "identifier=\"FOLDERS\" cardinality=\"multiple\" base-type=\"pair\"")),
                   "must be declared multiple directedPair"));
    CHECK(contains(loadError(replaced("identifier=\"REPLY\" cardinality=\"single\"",
                                      "identifier=\"REPLY\" cardinality=\"multiple\"")),
                   "must be declared single string"));
    CHECK(contains(loadError(replaced("identifier=\"RESPONSE\" cardinality=\"record\"",
                                      "identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"string\"")),
                   "the mail yields a record response"));
}

TEST_CASE("mail: the demo reaches every correct response at 1 and none at 0") {
    const Item item = loadItemFile(kItem);
    std::mt19937_64 rng(7);
    int some = 0;
    for (int i = 0; i < 30; ++i) {
        const VariableMap best = simulateResponse(item, 1.0, rng);
        CHECK(scoreOf(item, best) == 4);
        REQUIRE(best.count("RESPONSE"));
        CHECK(fromResponse(scenarioOf(item), best.at("RESPONSE")) != start(scenarioOf(item)));
        CHECK(best.at("REPLY") == Value::single(BaseType::String, best.at("REPLY").items.at(0)));
        CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
        const double half = scoreOf(item, simulateResponse(item, 0.5, rng));
        some += half > 0 && half < 4;
    }
    CHECK(some > 5);
}

TEST_CASE("mail: the bank's mail items score the intended answers - in both languages - and the demo") {
    const std::string bank = DLK_SOURCE_ITEMS;
    for (const char* lang : {"nl", "en"}) {
        CAPTURE(lang);
        const auto path = [&](const std::string& module, const std::string& file) {
            return bank + "/" + module + "/" + lang + "/" + file + ".xml";
        };
        const auto scorer = [](const Item& item) {
            return [&item](const std::string& actions) {
                return scoreOf(item, responses(item, run(scenarioOf(item), actions)));
            };
        };
        std::mt19937_64 rng(11);

        const Item practice = loadItemFile(path("m00-oefenen", "oefenen-10-mail"));
        auto p = scorer(practice);
        CHECK(p("") == 0);
        CHECK(p("open=m1") == 0);
        CHECK(p("open=m1 move=m1:oefenen") == 1);
        CHECK(p("open=m1 move=m1:spam") == 0);

        // Sorting mails into a folder: an item of the bank until the school-trip module needed its time
        // for the poster (items/README.md, m01), kept here as the test of moving mails.
        const Item folders = loadItemFile(std::string(DLK_TEST_DATA) + "/sim/mail_folders." + lang + ".xml");
        auto f = scorer(folders);
        CHECK(f("") == 0);
        CHECK(f("move=m1:schoolreis move=m3:schoolreis move=m5:schoolreis") == 2);
        CHECK(f("move=m1:schoolreis move=m3:schoolreis") == 1);
        CHECK(f("move=m1:schoolreis move=m3:schoolreis move=m5:schoolreis move=m2:schoolreis") == 1);
        CHECK(f("move=m1:schoolreis move=m2:schoolreis move=m4:schoolreis move=m6:schoolreis") == 0);

        const Item phishing = loadItemFile(path("m02-nepnieuws", "nepnieuws-14-phishing"));
        auto ph = scorer(phishing);
        CHECK(ph("") == 0);
        CHECK(ph("open=m2 report=m2") == 2);
        CHECK(ph("open=m2 link=l2 report=m2") == 1);
        CHECK(ph("open=m2 attachment=a1 report=m2") == 1);
        CHECK(ph("open=m1 link=l1 open=m2 report=m2") == 2);  // the real link is safe
        CHECK(ph("open=m1 report=m1 open=m2 report=m2") == 0);
        CHECK(ph("open=m2 block=m2") == 0);  // blocked, not reported

        for (const Item* item : {&practice, &folders, &phishing}) {
            CAPTURE(item->identifier);
            const double max = scoreOf(*item, simulateResponse(*item, 1.0, rng));
            CHECK(max == (item == &practice ? 1 : 2));
            CHECK(scoreOf(*item, simulateResponse(*item, 0.0, rng)) == 0);
        }

        // The reply is the teacher's to score: ANSWERED says whether one was sent to the museum.
        const Item reply = loadItemFile(path("m01-schoolreis", "schoolreis-09-antwoord"));
        const MailScenario& sc = scenarioOf(reply);
        const auto answered = [&](const State& s) {
            return processResponses(reply, responses(reply, s)).at("ANSWERED");
        };
        const Value yes = Value::single(BaseType::Boolean, "true");
        CHECK(answered(start(sc)) != yes);
        CHECK(answered(run(sc, "open=m1 reply=m1")) != yes);  // not sent
        State s = withDraftText(run(sc, "open=m1 reply=m1"), "Beste museum, we komen met 24 leerlingen.");
        CHECK(answered(run(sc, "send", s)) == yes);
        CHECK(answered(run(sc, "discard", s)) != yes);
        State other = withDraftText(run(sc, "open=m2 reply=m2"), "Doe ik!");
        CHECK(answered(run(sc, "send", other)) != yes);  // to juf Anna, not the museum
    }
}
