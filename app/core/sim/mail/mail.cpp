#include "sim/mail/mail.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::mail {

namespace {

// The responses the scenario element can name, in the order of kType.outputs and project().
enum Output { Reported, Deleted, Folders, Blocked, Reply, Forwarded, Clicked, Attachments, Opened, kOutputCount };
constexpr const char* kOutputAttributes[kOutputCount] = {
    "reported-response",  "deleted-response", "folders-response",     "blocked-response", "reply-response",
    "forwarded-response", "clicked-response", "attachments-response", "opened-response"};

constexpr const char* kDraftKinds[] = {"reply", "forward"};

// ---- reading the scenario -----------------------------------------------------------------------

[[noreturn]] void fail(const BodyNode& at, const std::string& what) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + what);
}

bool isId(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdBytes) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(s[0])) return false;
    return std::all_of(s.begin(), s.end(),
                       [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
}

// An address as a mail program takes it: one @, something before it, a domain with a dot, no
// spaces or characters that end an address. Letters beyond ASCII are allowed: a look-alike
// domain is a phishing trick an item may show.
bool isAddress(std::string_view s) {
    if (s.empty() || s.size() > kMaxLineBytes) return false;
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view domain = s.substr(at + 1);
    if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.find("..") != std::string_view::npos)
        return false;
    return std::none_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c <= ' ' || c == 0x7F || std::string_view("<>()[]\\,;:\"").find(ch) != std::string_view::npos;
    });
}

// Whitespace collapsed to single spaces.
std::string oneLine(std::string_view s) {
    std::string out;
    for (const auto& w : splitWhitespace(s)) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

// "needs an address attribute"
std::string needs(const std::string& attribute) {
    const bool vowel = std::string_view("aeiou").find(attribute.front()) != std::string_view::npos;
    return std::string("needs ") + (vowel ? "an " : "a ") + attribute + " attribute";
}

void checkAttributes(const BodyNode& e, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : e.attributes) {
        if (name.starts_with("xmlns")) continue;
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(e, "has no attribute '" + name + "' (it takes " + list + ")");
    }
}

// An attribute of one line (a name, a subject): whitespace collapsed, at most kMaxLineBytes.
std::string lineAttribute(const BodyNode& e, const std::string& name, bool required) {
    const std::string* v = e.attribute(name);
    const std::string text = v ? oneLine(*v) : std::string();
    if (required && text.empty()) fail(e, needs(name));
    if (text.size() > kMaxLineBytes) fail(e, name + " is longer than " + std::to_string(kMaxLineBytes) + " bytes");
    return text;
}

std::string idAttribute(const BodyNode& e) {
    const std::string id = trim(e.attributeOr("id", ""));
    if (id.empty()) fail(e, "needs an id attribute");
    if (!isId(id))
        fail(e, "id='" + id + "' is not an id (a letter, then letters, digits, - or _, at most " +
                    std::to_string(kMaxIdBytes) + ")");
    return id;
}

std::string addressAttribute(const BodyNode& e, const std::string& name, bool required) {
    const std::string* v = e.attribute(name);
    if (!v || trim(*v).empty()) {
        if (required) fail(e, needs(name));
        return {};
    }
    const std::string a = trim(*v);
    if (!isAddress(a)) fail(e, name + "='" + a + "' is not a mail address (name@domain.nl)");
    return a;
}

bool isDlk(const BodyNode& n) {
    return !n.isText && n.ns == kNamespace;
}

// The paragraphs, links and attachments of a message.
void readMessageBody(const BodyNode& e, Message& m, std::set<std::string>& ids, size_t& bodyBytes) {
    auto claim = [&](const BodyNode& at, const std::string& id) {
        if (!ids.insert(id).second) fail(at, "id='" + id + "' is used twice in this mailbox");
    };
    for (const BodyNode& c : e.children) {
        if (c.isText) {
            if (!trim(c.text).empty()) fail(e, "holds text outside a <dlk:p>");
            continue;
        }
        const std::string local = environmentName(c);
        if (!isDlk(c) || (local != "p" && local != "attachment"))
            fail(c, "is not part of a message (it holds dlk:p and dlk:attachment)");
        if (local == "attachment") {
            checkAttributes(c, {"id", "name", "type", "size"});
            if (m.attachments.size() >= kMaxAttachments)
                fail(c, "is one attachment too many (at most " + std::to_string(kMaxAttachments) + ")");
            Attachment a;
            a.id = idAttribute(c);
            claim(c, a.id);
            a.name = lineAttribute(c, "name", true);
            a.type = lineAttribute(c, "type", false);
            if (a.type.empty()) {
                const auto dot = a.name.rfind('.');
                if (dot != std::string::npos && dot + 1 < a.name.size()) a.type = a.name.substr(dot + 1);
                for (char& ch : a.type)
                    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
            }
            if (a.type.size() > 8) fail(c, "type='" + a.type + "' is longer than 8 bytes (a label such as PDF)");
            if (const std::string* size = c.attribute("size")) {
                int64_t n = 0;
                if (!parseInt64(trim(*size), n) || n < 0 || n > 1'000'000'000'000)
                    fail(c, "size='" + *size + "' is not a number of bytes");
                a.size = n;
            }
            m.attachments.push_back(std::move(a));
            continue;
        }
        checkAttributes(c, {});
        if (m.paragraphs.size() >= kMaxParagraphs)
            fail(c, "is one paragraph too many (at most " + std::to_string(kMaxParagraphs) + " in a message)");
        std::vector<Run> runs;
        for (const BodyNode& r : c.children) {
            if (r.isText) {
                std::string t = oneLine(r.text);
                if (t.empty()) {
                    if (!r.text.empty() && !runs.empty()) runs.push_back({" ", ""});
                    continue;
                }
                if (std::isspace(static_cast<unsigned char>(r.text.front()))) t = " " + t;
                if (std::isspace(static_cast<unsigned char>(r.text.back()))) t += " ";
                bodyBytes += t.size();
                runs.push_back({std::move(t), ""});
                continue;
            }
            if (!isDlk(r) || environmentName(r) != "link")
                fail(r, "is not part of a paragraph (it holds text and dlk:link)");
            checkAttributes(r, {"id", "href"});
            for (const BodyNode& w : r.children)
                if (!w.isText) fail(w, "is not part of a link (it holds only the words shown)");
            if (m.links.size() >= kMaxLinks)
                fail(r, "is one link too many (at most " + std::to_string(kMaxLinks) + " in a message)");
            Link link;
            link.id = idAttribute(r);
            claim(r, link.id);
            link.href = trim(r.attributeOr("href", ""));
            if (link.href.empty()) fail(r, "needs an href attribute (where the link really goes)");
            if (link.href.size() > kMaxHrefBytes)
                fail(r, "href is longer than " + std::to_string(kMaxHrefBytes) + " bytes");
            if (std::any_of(link.href.begin(), link.href.end(),
                            [](char ch) { return static_cast<unsigned char>(ch) <= ' '; }))
                fail(r, "href='" + link.href + "' holds a space");
            link.words = oneLine(r.plainText());
            if (link.words.empty()) fail(r, "shows no words");
            bodyBytes += link.words.size();
            runs.push_back({link.words, link.id});
            m.links.push_back(std::move(link));
        }
        // No space before the first word or after the last.
        if (!runs.empty() && runs.front().link.empty())
            runs.front().text.erase(0, runs.front().text.find_first_not_of(' '));
        if (!runs.empty() && runs.back().link.empty())
            while (!runs.back().text.empty() && runs.back().text.back() == ' ') runs.back().text.pop_back();
        std::erase_if(runs, [](const Run& r) { return r.text.empty(); });
        if (!runs.empty()) m.paragraphs.push_back(std::move(runs));
        if (bodyBytes > kMaxBodyBytes)
            fail(c, "makes the message longer than " + std::to_string(kMaxBodyBytes) + " bytes");
    }
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<MailScenario>();
    checkAttributes(element, {"user", "address", "reply-to", kOutputAttributes[0], kOutputAttributes[1],
                              kOutputAttributes[2], kOutputAttributes[3], kOutputAttributes[4], kOutputAttributes[5],
                              kOutputAttributes[6], kOutputAttributes[7], kOutputAttributes[8]});
    sc->user = lineAttribute(element, "user", false);
    sc->address = addressAttribute(element, "address", true);
    std::set<std::string> ids;  // messages, links and attachments: what actions name
    std::set<std::string> contactAddresses;
    for (const BodyNode& c : element.children) {
        if (c.isText) {
            if (!trim(c.text).empty()) fail(element, "holds text outside a <dlk:message>");
            continue;
        }
        const std::string local = environmentName(c);
        if (!isDlk(c) || (local != "folder" && local != "contact" && local != "message"))
            fail(c, "is not part of a mailbox (it holds dlk:folder, dlk:contact and dlk:message)");
        if (local == "folder") {
            checkAttributes(c, {"id", "name"});
            if (sc->folders.size() >= kMaxFolders)
                fail(c, "is one folder too many (at most " + std::to_string(kMaxFolders) + ")");
            Folder f{idAttribute(c), lineAttribute(c, "name", true)};
            if (f.id == kInbox || f.id == kSent || f.id == kSpam || f.id == kTrash)
                fail(c, "id='" + f.id + "' is a folder every mailbox has already");
            for (const Folder& g : sc->folders)
                if (g.id == f.id) fail(c, "id='" + f.id + "' names a second folder");
            sc->folders.push_back(std::move(f));
        } else if (local == "contact") {
            checkAttributes(c, {"id", "name", "address"});
            if (sc->contacts.size() >= kMaxContacts)
                fail(c, "is one contact too many (at most " + std::to_string(kMaxContacts) + ")");
            Contact k{idAttribute(c), lineAttribute(c, "name", true), addressAttribute(c, "address", true)};
            if (sc->contact(k.id)) fail(c, "id='" + k.id + "' names a second contact");
            if (!contactAddresses.insert(toLowerAscii(k.address)).second)
                fail(c, "address='" + k.address + "' belongs to another contact already");
            sc->contacts.push_back(std::move(k));
        } else {
            checkAttributes(c, {"id", "from-name", "from-address", "to", "date", "subject", "read", "folder"});
            if (sc->messages.size() >= kMaxMessages)
                fail(c, "is one message too many (at most " + std::to_string(kMaxMessages) + ")");
            Message m;
            m.line = c.line;
            m.id = idAttribute(c);
            if (!ids.insert(m.id).second) fail(c, "id='" + m.id + "' is used twice in this mailbox");
            m.fromAddress = addressAttribute(c, "from-address", true);
            m.fromName = lineAttribute(c, "from-name", false);
            if (m.fromName.empty()) m.fromName = m.fromAddress;
            m.to = addressAttribute(c, "to", false);
            if (m.to.empty()) m.to = sc->address;
            m.date = lineAttribute(c, "date", false);
            m.subject = lineAttribute(c, "subject", false);
            const std::string read = trim(c.attributeOr("read", "false"));
            if (read != "true" && read != "false") fail(c, "read='" + read + "' is not true or false");
            m.read = read == "true";
            m.folder = trim(c.attributeOr("folder", std::string(kInbox)));
            size_t bodyBytes = 0;
            readMessageBody(c, m, ids, bodyBytes);
            sc->messages.push_back(std::move(m));
        }
    }
    if (sc->messages.empty()) fail(element, "holds no <dlk:message>: a mailbox needs one at least");
    // Folders may be declared after the messages that start in them.
    for (const Message& m : sc->messages)
        if (!sc->holdsMessages(m.folder) || m.folder == kTrash) {
            BodyNode at;
            at.line = m.line;
            at.name = "dlk:message";
            fail(at, "folder='" + m.folder + "' is no folder of this mailbox (inbox, spam or a <dlk:folder> id)");
        }
    if (const std::string* r = element.attribute("reply-to")) {
        sc->replyTo = trim(*r);
        if (!sc->message(sc->replyTo)) fail(element, "reply-to='" + *r + "' names no message of this mailbox");
    }
    return sc;
}

// ---- the state ----------------------------------------------------------------------------------

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
    return out;
}

void addOnce(std::vector<std::string>& items, const std::string& item) {
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
}

// Cuts UTF-8 text to at most `bytes`, never inside a character.
std::string cutUtf8(std::string s, size_t bytes) {
    if (s.size() <= bytes) return s;
    size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s.resize(end);
    return s;
}

}  // namespace

// ---- the scenario's look-ups ----------------------------------------------------------------------

const Message* MailScenario::message(std::string_view id) const {
    for (const Message& m : messages)
        if (m.id == id) return &m;
    return nullptr;
}
size_t MailScenario::indexOf(std::string_view id) const {
    for (size_t i = 0; i < messages.size(); ++i)
        if (messages[i].id == id) return i;
    return messages.size();
}
const Contact* MailScenario::contact(std::string_view id) const {
    for (const Contact& c : contacts)
        if (c.id == id) return &c;
    return nullptr;
}
const Contact* MailScenario::contactWithAddress(std::string_view a) const {
    for (const Contact& c : contacts)
        if (toLowerAscii(c.address) == toLowerAscii(a)) return &c;
    return nullptr;
}
const Link* MailScenario::link(std::string_view id, const Message** in) const {
    for (const Message& m : messages)
        for (const Link& l : m.links)
            if (l.id == id) {
                if (in) *in = &m;
                return &l;
            }
    return nullptr;
}
const Attachment* MailScenario::attachment(std::string_view id, const Message** in) const {
    for (const Message& m : messages)
        for (const Attachment& a : m.attachments)
            if (a.id == id) {
                if (in) *in = &m;
                return &a;
            }
    return nullptr;
}
bool MailScenario::holdsMessages(std::string_view folder) const {
    if (folder == kInbox || folder == kSpam || folder == kTrash) return true;
    return std::any_of(folders.begin(), folders.end(), [&](const Folder& f) { return f.id == folder; });
}
std::vector<std::string> MailScenario::folderOrder() const {
    std::vector<std::string> out{std::string(kInbox)};
    for (const Folder& f : folders) out.push_back(f.id);
    out.insert(out.end(), {std::string(kSent), std::string(kSpam), std::string(kTrash)});
    return out;
}

// ---- actions --------------------------------------------------------------------------------------

State start(const MailScenario& sc) {
    State s;
    for (const Message& m : sc.messages) s.messages.push_back(MessageState{m.folder, "", m.read, false, false});
    return s;
}

bool isBlocked(const State& s, std::string_view address) {
    const std::string a = toLowerAscii(address);
    return std::find(s.blocked.begin(), s.blocked.end(), a) != s.blocked.end();
}

std::vector<size_t> messagesIn(const MailScenario& sc, const State& s, std::string_view folder) {
    std::vector<size_t> out;
    for (size_t i = 0; i < sc.messages.size() && i < s.messages.size(); ++i)
        if (s.messages[i].folder == folder) out.push_back(i);
    return out;
}

int unreadIn(const MailScenario& sc, const State& s, std::string_view folder) {
    int n = 0;
    for (size_t i : messagesIn(sc, s, folder)) n += s.messages[i].read ? 0 : 1;
    return n;
}

State apply(const MailScenario& sc, State s, const Action& a) {
    if (s.messages.size() != sc.messages.size()) s = start(sc);
    const std::string& arg = a.argument;
    const size_t i = sc.indexOf(arg);
    const bool isMessage = i < sc.messages.size();
    // Into another folder: out of the trash it forgets where it came from.
    auto moveTo = [&](size_t k, std::string_view folder) {
        MessageState& m = s.messages[k];
        if (folder == kTrash && m.folder != kTrash) m.deletedFrom = m.folder;
        if (folder != kTrash) m.deletedFrom.clear();
        m.folder = std::string(folder);
    };
    const std::string& name = a.name;
    if (name == "folder") {
        if (sc.holdsMessages(arg) || arg == kSent) {
            s.folder = arg;
            s.open.clear();
        }
    } else if (name == "open") {
        if (isMessage) {
            s.open = arg;
            s.folder = s.messages[i].folder;
            s.messages[i].read = true;
            s.messages[i].opened = true;
        }
    } else if (name == "close") {
        s.open.clear();
    } else if (name == "link" || name == "attachment") {
        const Message* in = nullptr;
        const bool known = name == "link" ? sc.link(arg, &in) != nullptr : sc.attachment(arg, &in) != nullptr;
        // Only in the message being read.
        if (known && in->id == s.open) addOnce(name == "link" ? s.clicked : s.attachments, arg);
    } else if (name == "delete") {
        if (isMessage && s.messages[i].folder != kTrash) moveTo(i, kTrash);
    } else if (name == "restore") {
        if (isMessage && s.messages[i].folder == kTrash) {
            const std::string back =
                s.messages[i].deletedFrom.empty() ? std::string(kInbox) : s.messages[i].deletedFrom;
            moveTo(i, back);
        }
    } else if (name == "move") {
        const auto colon = arg.find(':');
        const size_t k = colon == std::string::npos ? sc.messages.size() : sc.indexOf(arg.substr(0, colon));
        const std::string folder = colon == std::string::npos ? "" : arg.substr(colon + 1);
        if (k < sc.messages.size() && sc.holdsMessages(folder) && folder != kTrash && s.messages[k].folder != folder)
            moveTo(k, folder);
    } else if (name == "report") {
        if (isMessage) {
            s.messages[i].reported = true;
            moveTo(i, kSpam);
        }
    } else if (name == "unreport") {
        if (isMessage && s.messages[i].reported) {
            s.messages[i].reported = false;
            if (s.messages[i].folder == kSpam) moveTo(i, kInbox);
        }
    } else if (name == "block") {
        if (isMessage && !isBlocked(s, sc.messages[i].fromAddress)) {
            const std::string address = toLowerAscii(sc.messages[i].fromAddress);
            s.blocked.push_back(address);
            // As mail programs do: what that sender sent goes to spam.
            for (size_t k = 0; k < sc.messages.size(); ++k)
                if (toLowerAscii(sc.messages[k].fromAddress) == address && s.messages[k].folder == kInbox)
                    moveTo(k, kSpam);
        }
    } else if (name == "unblock") {
        if (isMessage) {
            const std::string address = toLowerAscii(sc.messages[i].fromAddress);
            s.blocked.erase(std::remove(s.blocked.begin(), s.blocked.end(), address), s.blocked.end());
        }
    } else if (name == "reply" || name == "forward") {
        // One at a time: the one being written is sent or thrown away first.
        const bool forward = name == "forward";
        if (isMessage && !s.draft && (!forward || !sc.contacts.empty())) {
            Draft d;
            d.kind = forward ? DraftKind::Forward : DraftKind::Reply;
            d.message = arg;
            if (!forward) d.to.push_back(sc.messages[i].fromAddress);
            s.draft = d;
        }
    } else if (name == "to") {
        if (const Contact* c = sc.contact(arg); c && s.draft && s.draft->kind == DraftKind::Forward) {
            auto& to = s.draft->to;
            if (const auto at = std::find(to.begin(), to.end(), c->address); at != to.end())
                to.erase(at);
            else
                to.push_back(c->address);
        }
    } else if (name == "send") {
        if (s.draft && !s.draft->to.empty() && s.sent.size() < kMaxSent) {
            s.sent.push_back(*s.draft);
            s.draft.reset();
        }
    } else if (name == "discard") {
        s.draft.reset();
    }
    // A message that left the folder shown is no longer shown: back to the list.
    if (!s.open.empty()) {
        const size_t k = sc.indexOf(s.open);
        if (k >= sc.messages.size() || s.messages[k].folder != s.folder) s.open.clear();
    }
    return s;
}

State withDraftText(State s, std::string text) {
    if (s.draft) s.draft->text = cutUtf8(std::move(text), kMaxTypedBytes);
    return s;
}

// ---- the response record --------------------------------------------------------------------------
//
//   folder        string  the folder shown: inbox, sent, spam, trash or a scenario folder's id
//   open          string  the message shown (absent: the folder's list)
//   places        string  every message and its folder: "m1:inbox m2:spam m3:trash"
//   deleted-from  string  for messages in the trash, where they were: "m3:inbox"
//   read, opened, reported   string  message ids: read (also those that started read), opened by
//                                    the pupil, reported as phishing
//   blocked       string  sender addresses blocked
//   clicked       string  link ids clicked;  attachments  string  attachment ids opened
//   sent-N-kind, sent-N-message, sent-N-to, sent-N-text   string  the Nth reply or forward sent
//                         (N from 1): reply or forward, the message, the addresses, the text as typed
//   draft, draft-message, draft-to, draft-text            string  the one being written, likewise
// A list field is absent when it is empty, as is a text that is empty.

Value toResponse(const MailScenario& sc, const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    auto put = [&](const std::string& name, const std::string& text) {
        if (!text.empty()) v.fields.push_back({name, BaseType::String, text});
    };
    put("folder", s.folder);
    put("open", s.open);
    std::vector<std::string> places, deletedFrom, read, opened, reported;
    for (size_t i = 0; i < sc.messages.size() && i < s.messages.size(); ++i) {
        const std::string& id = sc.messages[i].id;
        const MessageState& m = s.messages[i];
        places.push_back(id + ":" + m.folder);
        if (m.folder == kTrash && !m.deletedFrom.empty()) deletedFrom.push_back(id + ":" + m.deletedFrom);
        if (m.read) read.push_back(id);
        if (m.opened) opened.push_back(id);
        if (m.reported) reported.push_back(id);
    }
    put("places", joined(places));
    put("deleted-from", joined(deletedFrom));
    put("read", joined(read));
    put("opened", joined(opened));
    put("reported", joined(reported));
    put("blocked", joined(s.blocked));
    put("clicked", joined(s.clicked));
    put("attachments", joined(s.attachments));
    auto putDraft = [&](const std::string& prefix, const std::string& kindField, const Draft& d) {
        put(kindField, kDraftKinds[static_cast<int>(d.kind)]);
        put(prefix + "message", d.message);
        put(prefix + "to", joined(d.to));
        put(prefix + "text", d.text);
    };
    for (size_t n = 0; n < s.sent.size(); ++n) {
        const std::string prefix = "sent-" + std::to_string(n + 1) + "-";
        putDraft(prefix, prefix + "kind", s.sent[n]);
    }
    if (s.draft) putDraft("draft-", "draft", *s.draft);
    return v;
}

State fromResponse(const MailScenario& sc, const Value& response) {
    const State fresh = start(sc);
    if (response.cardinality != Cardinality::Record || response.isNull()) return fresh;
    size_t used = 0;
    auto text = [&](const std::string& name) {
        const RecordField* f = response.field(name);
        if (!f) return std::string();
        ++used;
        return f->value;
    };
    State s = fresh;
    s.folder = text("folder");
    s.open = text("open");
    if (!sc.holdsMessages(s.folder) && s.folder != kSent) return fresh;
    // Every message in one folder, each once.
    std::set<std::string> placed;
    for (const auto& entry : splitWhitespace(text("places"))) {
        const auto colon = entry.find(':');
        const size_t i = colon == std::string::npos ? sc.messages.size() : sc.indexOf(entry.substr(0, colon));
        if (i >= sc.messages.size() || !placed.insert(sc.messages[i].id).second) return fresh;
        s.messages[i].folder = entry.substr(colon + 1);
        if (!sc.holdsMessages(s.messages[i].folder)) return fresh;
    }
    if (placed.size() != sc.messages.size()) return fresh;
    for (const auto& entry : splitWhitespace(text("deleted-from"))) {
        const auto colon = entry.find(':');
        const size_t i = colon == std::string::npos ? sc.messages.size() : sc.indexOf(entry.substr(0, colon));
        if (i >= sc.messages.size() || s.messages[i].folder != kTrash) return fresh;
        s.messages[i].deletedFrom = entry.substr(colon + 1);
        if (!sc.holdsMessages(s.messages[i].deletedFrom) || s.messages[i].deletedFrom == kTrash) return fresh;
    }
    auto flags = [&](const std::string& field, bool MessageState::*flag) {
        for (auto& m : s.messages) m.*flag = false;
        for (const auto& id : splitWhitespace(text(field))) {
            const size_t i = sc.indexOf(id);
            if (i >= sc.messages.size()) return false;
            s.messages[i].*flag = true;
        }
        return true;
    };
    if (!flags("read", &MessageState::read) || !flags("opened", &MessageState::opened) ||
        !flags("reported", &MessageState::reported))
        return fresh;
    if (!s.open.empty()) {
        const size_t i = sc.indexOf(s.open);
        if (i >= sc.messages.size() || s.messages[i].folder != s.folder) return fresh;
    }
    for (const auto& a : splitWhitespace(text("blocked"))) {
        const bool sender = std::any_of(sc.messages.begin(), sc.messages.end(),
                                        [&](const Message& m) { return toLowerAscii(m.fromAddress) == a; });
        if (!sender || isBlocked(s, a)) return fresh;
        s.blocked.push_back(a);
    }
    for (const auto& id : splitWhitespace(text("clicked"))) {
        if (!sc.link(id)) return fresh;
        addOnce(s.clicked, id);
    }
    for (const auto& id : splitWhitespace(text("attachments"))) {
        if (!sc.attachment(id)) return fresh;
        addOnce(s.attachments, id);
    }
    // A reply goes to the sender; a forward to contacts.
    auto readDraft = [&](const std::string& prefix, const std::string& kindField) -> std::optional<Draft> {
        Draft d;
        const std::string kind = text(kindField);
        if (kind == kDraftKinds[0])
            d.kind = DraftKind::Reply;
        else if (kind == kDraftKinds[1])
            d.kind = DraftKind::Forward;
        else
            return std::nullopt;
        d.message = text(prefix + "message");
        d.to = splitWhitespace(text(prefix + "to"));
        d.text = text(prefix + "text");
        const Message* m = sc.message(d.message);
        if (!m || d.text.size() > kMaxTypedBytes) return std::nullopt;
        if (d.kind == DraftKind::Reply && d.to != std::vector<std::string>{m->fromAddress}) return std::nullopt;
        if (d.kind == DraftKind::Forward) {
            std::set<std::string> seen;
            for (const auto& a : d.to)
                if (!sc.contactWithAddress(a) || !seen.insert(a).second) return std::nullopt;
        }
        return d;
    };
    for (size_t n = 1; response.field("sent-" + std::to_string(n) + "-kind"); ++n) {
        const std::string prefix = "sent-" + std::to_string(n) + "-";
        auto d = readDraft(prefix, prefix + "kind");
        if (!d || d->to.empty() || s.sent.size() >= kMaxSent) return fresh;
        s.sent.push_back(std::move(*d));
    }
    if (response.field("draft")) {
        auto d = readDraft("draft-", "draft");
        if (!d) return fresh;
        s.draft = std::move(d);
    }
    // Anything else is no field of this mailbox.
    if (used != response.fields.size()) return fresh;
    return s;
}

// ---- outputs and the demo --------------------------------------------------------------------------

namespace {

std::vector<Value> project(const Scenario& scenario, const Value& stateValue) {
    const auto& sc = static_cast<const MailScenario&>(scenario);
    const State s = fromResponse(sc, stateValue);
    std::vector<std::string> reported, deleted, folders, opened, forwarded;
    for (size_t i = 0; i < sc.messages.size(); ++i) {
        const std::string& id = sc.messages[i].id;
        const MessageState& m = s.messages[i];
        if (m.reported) reported.push_back(id);
        if (m.folder == kTrash) deleted.push_back(id);
        folders.push_back(id + " " + m.folder);
        if (m.opened) opened.push_back(id);
    }
    std::string reply;
    bool replied = false;
    for (const Draft& d : s.sent) {
        if (d.kind == DraftKind::Reply && (sc.replyTo.empty() || d.message == sc.replyTo)) {
            reply = d.text;
            replied = true;
        }
        if (d.kind == DraftKind::Forward)
            for (const auto& a : d.to)
                if (const Contact* c = sc.contactWithAddress(a)) addOnce(forwarded, d.message + " " + c->id);
    }
    auto ids = [](std::vector<std::string> v) {
        return Value::container(Cardinality::Multiple, BaseType::Identifier, std::move(v));
    };
    std::vector<Value> out(kOutputCount);
    out[Reported] = ids(reported);
    out[Deleted] = ids(deleted);
    out[Folders] = Value::container(Cardinality::Multiple, BaseType::DirectedPair, folders);
    out[Blocked] = Value::container(Cardinality::Multiple, BaseType::String, s.blocked);
    out[Reply] = replied && !trim(reply).empty() ? Value::single(BaseType::String, reply)
                                                 : Value::null(Cardinality::Single, BaseType::String);
    out[Forwarded] = Value::container(Cardinality::Multiple, BaseType::DirectedPair, forwarded);
    out[Clicked] = ids(s.clicked);
    out[Attachments] = ids(s.attachments);
    out[Opened] = ids(opened);
    return out;
}

// A simulated pupil (demo school): for each response the item binds, with probability
// `fraction` what its correct response asks, otherwise the slip a pupil makes (nothing done, or
// for what an item wants left alone, such as links in a phishing mail: every link clicked and every
// attachment opened). A reply without a correct text gets a short text of its own.
Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const MailScenario&>(scenario);
    State s = start(sc);
    auto act = [&](const std::string& name, const std::string& arg = {}) { s = apply(sc, s, Action{name, arg}); };
    auto openThen = [&](const std::string& message, const std::string& name, const std::string& arg) {
        act("open", message);
        act(name, arg);
    };
    std::uniform_real_distribution<double> u(0, 1);
    bool right[kOutputCount];
    const Value* correct[kOutputCount];
    bool bound[kOutputCount];
    for (int o = 0; o < kOutputCount; ++o) {
        right[o] = u(rng) < fraction;
        const ResponseDeclaration* d =
            static_cast<size_t>(o) < target.outputs.size() ? target.outputs[static_cast<size_t>(o)] : nullptr;
        bound[o] = d != nullptr;
        correct[o] = d && d->correctResponse && !d->correctResponse->isNull() ? &*d->correctResponse : nullptr;
    }
    auto wants = [&](Output o) { return correct[o] && right[o]; };
    if (wants(Opened))
        for (const auto& id : correct[Opened]->items) act("open", id);
    if (wants(Reported))
        for (const auto& id : correct[Reported]->items) openThen(id, "report", id);
    if (wants(Blocked))
        for (const auto& address : correct[Blocked]->items)
            for (const Message& m : sc.messages)
                if (toLowerAscii(m.fromAddress) == toLowerAscii(address)) {
                    openThen(m.id, "block", m.id);
                    break;
                }
    if (wants(Deleted))
        for (const auto& id : correct[Deleted]->items) openThen(id, "delete", id);
    // A task of several parts (messages to file, contacts to forward to) that the pupil does not
    // get wholly right may be partly done: each part on its own with probability `fraction`
    // (forwarding always; filing with probability `fraction`, else the slip below).
    auto partOf = [&](Output o) { return wants(o) || u(rng) < fraction; };
    if (correct[Forwarded]) {
        std::map<std::string, std::vector<std::string>> to;
        const bool all = wants(Forwarded);
        for (const auto& pair : correct[Forwarded]->items)
            if (const auto p = splitWhitespace(pair); p.size() == 2 && (all || partOf(Forwarded)))
                to[p[0]].push_back(p[1]);
        for (const auto& [message, contacts] : to) {
            openThen(message, "forward", message);
            for (const auto& c : contacts) act("to", c);
            act("send");
        }
    }
    if (bound[Reply] && right[Reply]) {
        const std::string message = sc.replyTo.empty() ? sc.messages.front().id : sc.replyTo;
        openThen(message, "reply", message);
        s = withDraftText(s, correct[Reply] ? correct[Reply]->items[0]
                                            : "Hallo,\n\nDank je wel voor je bericht. Ik kom graag.\n\nGroetjes, " +
                                                  (sc.user.empty() ? sc.address : sc.user));
        act("send");
    }
    // Links and attachments: what the correct response names, or (with none) left alone.
    for (Output o : {Clicked, Attachments}) {
        if (!bound[o]) continue;
        const bool links = o == Clicked;
        if (correct[o] && right[o]) {
            for (const auto& id : correct[o]->items) {
                const Message* in = nullptr;
                if (links ? sc.link(id, &in) != nullptr : sc.attachment(id, &in) != nullptr)
                    openThen(in->id, links ? "link" : "attachment", id);
            }
        } else if (!correct[o] && !right[o]) {
            for (const Message& m : sc.messages) {
                if (links)
                    for (const Link& l : m.links) openThen(m.id, "link", l.id);
                else
                    for (const Attachment& a : m.attachments) openThen(m.id, "attachment", a.id);
            }
        }
    }
    // Folders last: where every message should end up.
    if (wants(Folders) || (correct[Folders] && !right[Folders] && u(rng) < fraction)) {
        const bool all = wants(Folders);
        for (const auto& pair : correct[Folders]->items) {
            const auto p = splitWhitespace(pair);
            if (p.size() != 2 || !(all || partOf(Folders))) continue;
            const size_t i = sc.indexOf(p[0]);
            if (i >= sc.messages.size() || s.messages[i].folder == p[1]) continue;
            if (p[1] == kTrash)
                openThen(p[0], "delete", p[0]);
            else
                openThen(p[0], "move", p[0] + ":" + p[1]);
        }
    } else if (correct[Folders]) {
        // Nothing moved; when that happens to be right, the slip is deleting the first message.
        const auto now = project(sc, toResponse(sc, s))[Folders];
        if (valuesMatch(now, *correct[Folders])) act("delete", sc.messages.front().id);
    }
    act("close");
    act("folder", std::string(kInbox));
    return toResponse(sc, s);
}

}  // namespace

const EnvironmentType kType{
    "mail",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {kOutputAttributes[Reported], Cardinality::Multiple, BaseType::Identifier, "the messages reported as phishing"},
        {kOutputAttributes[Deleted], Cardinality::Multiple, BaseType::Identifier, "the messages in the trash"},
        {kOutputAttributes[Folders], Cardinality::Multiple, BaseType::DirectedPair,
         "every message and the folder it is in"},
        {kOutputAttributes[Blocked], Cardinality::Multiple, BaseType::String, "the sender addresses blocked"},
        {kOutputAttributes[Reply], Cardinality::Single, BaseType::String, "the text of the reply sent"},
        {kOutputAttributes[Forwarded], Cardinality::Multiple, BaseType::DirectedPair,
         "every message forwarded and the contact it went to"},
        {kOutputAttributes[Clicked], Cardinality::Multiple, BaseType::Identifier, "the links clicked"},
        {kOutputAttributes[Attachments], Cardinality::Multiple, BaseType::Identifier, "the attachments opened"},
        {kOutputAttributes[Opened], Cardinality::Multiple, BaseType::Identifier, "the messages opened"},
    },
    project,
    true,  // holdsTypedText
};

}  // namespace dlk::sim::mail
