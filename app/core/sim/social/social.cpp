#include "sim/social/social.h"

#include <algorithm>
#include <map>

#include "support/translator.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::social {

namespace {

struct Word {
    std::string_view id;
    const char* dutch;
};

constexpr Word kKnownOptions[] = {
    {"everyone", N_("Iedereen")}, {"friends", N_("Vrienden")}, {"friends-of-friends", N_("Vrienden van vrienden")},
    {"only-me", N_("Alleen ik")}, {"nobody", N_("Niemand")},   {"on", N_("Aan")},
    {"off", N_("Uit")},
};

constexpr Word kKnownReasons[] = {
    {"fake-news", N_("Nepnieuws")},    {"fake-account", N_("Nepaccount")},    {"spam", N_("Spam")},
    {"bullying", N_("Pesten")},        {"hate", N_("Haat of discriminatie")}, {"privacy", N_("Deelt privégegevens")},
    {"inappropriate", N_("Ongepast")}, {"other", N_("Iets anders")},
};

// The outputs, in the order EnvironmentType::outputs lists them (project returns one value each).
enum OutputIndex { kSettingsOut, kAudienceOut, kUntaggedOut, kReportedOut, kReasonsOut, kBlockedOut, kDeletedOut };

const char* wordOf(const auto& table, std::string_view id) {
    for (const Word& w : table)
        if (w.id == id) return w.dutch;
    return nullptr;
}

// ---- reading the scenario ----------------------------------------------------------------------

[[noreturn]] void fail(const BodyNode& at, const std::string& what) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + what);
}

std::string local(const BodyNode& e) {
    return environmentName(e);
}

// The attributes an element may have; anything else is refused (a misspelt one would be ignored).
void onlyAttributes(const BodyNode& e, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : e.attributes) {
        if (name.starts_with("xmlns")) continue;
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(e, "has no attribute '" + name + "' (it takes " + (list.empty() ? "none" : list) + ")");
    }
}

bool isAsciiIdentifier(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdBytes) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!letter(s[0])) return false;
    return std::all_of(s.begin(), s.end(),
                       [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

std::string textAttr(const BodyNode& e, const char* name, size_t maxBytes, bool required) {
    const std::string* raw = e.attribute(name);
    if (!raw) {
        if (required) fail(e, std::string("needs the attribute ") + name);
        return {};
    }
    std::string v = trim(*raw);
    if (v.empty() && required) fail(e, std::string(name) + " is empty");
    if (v.size() > maxBytes) fail(e, std::string(name) + " is longer than " + std::to_string(maxBytes) + " bytes");
    return v;
}

std::string idAttr(const BodyNode& e, const char* name) {
    const std::string v = textAttr(e, name, 1000, true);
    if (!isAsciiIdentifier(v))
        fail(e, std::string(name) + "='" + v + "' is not an identifier (a letter, then letters, digits, - _ or ., " +
                    "at most " + std::to_string(kMaxIdBytes) + ")");
    return v;
}

// The element's own text (its text children, not those of its child elements), whitespace
// collapsed, bounded.
std::string ownText(const BodyNode& e) {
    std::string raw;
    for (const BodyNode& c : e.children)
        if (c.isText) raw += c.text + " ";
    std::string out;
    for (const std::string& w : splitWhitespace(raw)) out += (out.empty() ? "" : " ") + w;
    if (out.size() > kMaxTextBytes) fail(e, "has a text longer than " + std::to_string(kMaxTextBytes) + " bytes");
    return out;
}

void noText(const BodyNode& e) {
    for (const BodyNode& c : e.children)
        if (c.isText && !trim(c.text).empty()) fail(e, "holds text outside its elements ('" + trim(c.text) + "')");
}

bool isDlk(const BodyNode& e) {
    return !e.isText && e.ns == kNamespace;
}

void noChildren(const BodyNode& e) {
    noText(e);
    for (const BodyNode& c : e.children)
        if (!c.isText) fail(c, "cannot be inside <" + e.name + ">");
}

class Reader {
public:
    explicit Reader(const BodyNode& root) : m_root(root) {}

    std::shared_ptr<const Scenario> read() {
        auto sc = std::make_shared<SocialScenario>();
        std::vector<std::string_view> attrs = {"app"};
        for (const EnvironmentOutput& o : kType.outputs) attrs.push_back(o.attribute);
        for (const auto& [name, value] : m_root.attributes)
            if (!name.starts_with("xmlns") && std::find(attrs.begin(), attrs.end(), name) == attrs.end())
                fail(m_root, "has no attribute '" + name +
                                 "' (it takes app and the outputs settings-response, audience-response, "
                                 "untagged-response, reported-response, reasons-response, blocked-response, "
                                 "deleted-response)");
        sc->app = textAttr(m_root, "app", kMaxLabelBytes, false);
        if (sc->app.empty()) sc->app = "Flitz";
        noText(m_root);

        // People first, so posts may name people declared after them.
        const BodyNode* profile = nullptr;
        for (const BodyNode& c : m_root.children) {
            if (c.isText) continue;
            const std::string name = local(c);
            if (!isDlk(c) ||
                (name != "profile" && name != "person" && name != "setting" && name != "reason" && name != "post"))
                fail(c, "cannot be inside <" + m_root.name +
                            "> (it holds dlk:profile, dlk:person, dlk:setting, dlk:reason and dlk:post)");
            if (name == "profile") {
                if (profile)
                    fail(c, "is the second profile (the first is on line " + std::to_string(profile->line) + ")");
                profile = &c;
                onlyAttributes(c, {"id", "name"});
                sc->me = Person{newId(c, "id"), textAttr(c, "name", kMaxLabelBytes, true), false};
                for (const BodyNode& k : c.children)
                    if (!k.isText) fail(k, "cannot be inside <" + c.name + ">");
                sc->bio = ownText(c);
            } else if (name == "person") {
                onlyAttributes(c, {"id", "name", "relation"});
                noChildren(c);
                if (sc->people.size() >= kMaxPeople)
                    fail(c, "is one person too many (at most " + std::to_string(kMaxPeople) + ")");
                Person p{newId(c, "id"), textAttr(c, "name", kMaxLabelBytes, true), false};
                const std::string relation = textAttr(c, "relation", 40, false);
                if (relation == "friend")
                    p.isFriend = true;
                else if (!relation.empty() && relation != "stranger")
                    fail(c, "relation='" + relation + "' is not friend or stranger");
                sc->people.push_back(std::move(p));
            }
        }
        if (!profile) fail(m_root, "needs a <dlk:profile>: the pupil's own");

        for (const BodyNode& c : m_root.children) {
            if (c.isText) continue;
            const std::string name = local(c);
            if (name == "setting")
                readSetting(*sc, c);
            else if (name == "reason")
                readReason(*sc, c);
            else if (name == "post")
                readPost(*sc, c);
        }
        if (sc->reasons.empty())
            for (const Word& w : kKnownReasons) sc->reasons.push_back({std::string(w.id), ""});
        if (sc->posts.empty() && sc->settings.empty()) fail(m_root, "has no posts and no settings: nothing to do");
        return sc;
    }

private:
    // A new id of the profile, a person or a post (one set: a report names either).
    std::string newId(const BodyNode& e, const char* attr) {
        std::string id = idAttr(e, attr);
        if (auto [at, fresh] = m_ids.emplace(id, e.line); !fresh)
            fail(e,
                 std::string(attr) + "='" + id + "' is used twice (first on line " + std::to_string(at->second) + ")");
        return id;
    }

    const Person& personRef(const SocialScenario& sc, const BodyNode& e, const char* attr) {
        const std::string id = idAttr(e, attr);
        const Person* p = sc.person(id);
        if (!p) fail(e, std::string(attr) + "='" + id + "' is no person of this profile");
        return *p;
    }

    void readSetting(SocialScenario& sc, const BodyNode& e) {
        onlyAttributes(e, {"id", "label", "options", "value"});
        noText(e);
        if (sc.settings.size() >= kMaxSettings)
            fail(e, "is one setting too many (at most " + std::to_string(kMaxSettings) + ")");
        Setting s;
        s.id = idAttr(e, "id");
        if (sc.setting(s.id)) fail(e, "id='" + s.id + "' is the id of another setting");
        s.label = textAttr(e, "label", kMaxLabelBytes, true);
        auto add = [&](const BodyNode& at, const std::string& id, std::string label) {
            if (std::any_of(s.options.begin(), s.options.end(), [&](const Option& o) { return o.id == id; }))
                fail(at, "names the option '" + id + "' twice");
            if (label.empty() && !knownOptionWord(id))
                fail(at, "option '" + id +
                             "' needs a label (the kiosk has words only for everyone, friends, "
                             "friends-of-friends, only-me, nobody, on and off)");
            if (s.options.size() >= kMaxOptions) fail(at, "has more than " + std::to_string(kMaxOptions) + " options");
            s.options.push_back({id, std::move(label)});
        };
        for (const std::string& id : splitWhitespace(textAttr(e, "options", 1000, false))) {
            if (!isAsciiIdentifier(id)) fail(e, "options: '" + id + "' is not an identifier");
            add(e, id, "");
        }
        for (const BodyNode& c : e.children) {
            if (c.isText) continue;
            if (!isDlk(c) || local(c) != "option") fail(c, "cannot be inside <" + e.name + "> (only dlk:option)");
            onlyAttributes(c, {"id", "label"});
            noChildren(c);
            add(c, idAttr(c, "id"), textAttr(c, "label", kMaxLabelBytes, false));
        }
        if (s.options.size() < 2) fail(e, "needs at least two options (options='...' or <dlk:option>)");
        s.value = idAttr(e, "value");
        if (std::none_of(s.options.begin(), s.options.end(), [&](const Option& o) { return o.id == s.value; }))
            fail(e, "value='" + s.value + "' is none of its options");
        sc.settings.push_back(std::move(s));
    }

    void readReason(SocialScenario& sc, const BodyNode& e) {
        onlyAttributes(e, {"id", "label"});
        noChildren(e);
        if (sc.reasons.size() >= kMaxReasons)
            fail(e, "is one reason too many (at most " + std::to_string(kMaxReasons) + ")");
        Reason r{idAttr(e, "id"), textAttr(e, "label", kMaxLabelBytes, false)};
        if (sc.reason(r.id)) fail(e, "id='" + r.id + "' is the id of another reason");
        if (r.label.empty() && !knownReasonWord(r.id))
            fail(e, "reason '" + r.id + "' needs a label (the kiosk has words only for fake-news, fake-account, " +
                        "spam, bullying, hate, privacy, inappropriate and other)");
        sc.reasons.push_back(std::move(r));
    }

    void readPost(SocialScenario& sc, const BodyNode& e) {
        onlyAttributes(e, {"id", "author", "audience", "date"});
        if (sc.posts.size() >= kMaxPosts) fail(e, "is one post too many (at most " + std::to_string(kMaxPosts) + ")");
        Post p;
        p.id = newId(e, "id");
        p.author = personRef(sc, e, "author").id;
        p.audience = textAttr(e, "audience", 40, false);
        if (p.audience.empty()) p.audience = std::string(kEveryone);
        if (std::find(audiences().begin(), audiences().end(), p.audience) == audiences().end())
            fail(e, "audience='" + p.audience + "' is not everyone, friends or only-me");
        p.date = textAttr(e, "date", kMaxLabelBytes, false);
        p.text = ownText(e);
        for (const BodyNode& c : e.children) {
            if (c.isText) continue;
            const std::string name = local(c);
            if (isDlk(c) && name == "tag") {
                onlyAttributes(c, {"person"});
                noChildren(c);
                const std::string who = personRef(sc, c, "person").id;
                if (std::find(p.tags.begin(), p.tags.end(), who) != p.tags.end())
                    fail(c, "tags '" + who + "' a second time");
                if (p.tags.size() >= kMaxTagsPerPost)
                    fail(c, "is one tag too many (at most " + std::to_string(kMaxTagsPerPost) + " a post)");
                p.tags.push_back(who);
            } else if (isDlk(c) && name == "comment") {
                onlyAttributes(c, {"author"});
                if (p.comments.size() >= kMaxCommentsPerPost)
                    fail(c, "is one comment too many (at most " + std::to_string(kMaxCommentsPerPost) + " a post)");
                for (const BodyNode& k : c.children)
                    if (!k.isText) fail(k, "cannot be inside <" + c.name + ">");
                Comment m{personRef(sc, c, "author").id, ownText(c)};
                if (m.text.empty()) fail(c, "has no text");
                p.comments.push_back(std::move(m));
            } else if (c.ns.empty() && c.name == "img") {
                if (p.picture) fail(c, "is the post's second picture");
                onlyAttributes(c, {"src", "alt", "width", "height"});
                textAttr(c, "src", 1000, true);
                textAttr(c, "alt", kMaxTextBytes, true);
                for (const char* dim : {"width", "height"})
                    if (const std::string* v = c.attribute(dim)) {
                        double d = 0;
                        if (!parseDouble(trim(*v), d) || d < 1 || d > 4000)
                            fail(c, std::string(dim) + "='" + *v + "' is not a size from 1 to 4000 pixels");
                    }
                p.picture = c;
            } else {
                fail(c, "cannot be inside <" + e.name + "> (it holds its text, dlk:tag, dlk:comment and one img)");
            }
        }
        if (p.text.empty() && !p.picture) fail(e, "has no text and no picture");
        sc.posts.push_back(std::move(p));
    }

    const BodyNode& m_root;
    std::map<std::string, int> m_ids;
};

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    return Reader(element).read();
}

// ---- state helpers ------------------------------------------------------------------------------

template <class List, class Key>
bool has(const List& list, const Key& x) {
    return std::find(list.begin(), list.end(), x) != list.end();
}

template <class Pairs>
auto findFirst(Pairs& pairs, std::string_view key) {
    return std::find_if(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == key; });
}

void remember(State& s, std::string entry) {
    if (s.history.size() >= kMaxHistory) s.history.erase(s.history.begin());
    s.history.push_back(std::move(entry));
}

// A post the pupil may report: someone else's.
bool reportable(const SocialScenario& sc, std::string_view target) {
    if (const Post* p = sc.post(target)) return !sc.own(*p);
    const Person* who = sc.person(target);
    return who && who->id != sc.me.id;
}

bool isPersonOtherThanMe(const SocialScenario& sc, std::string_view id) {
    const Person* p = sc.person(id);
    return p && p->id != sc.me.id;
}

const Post* ownPost(const SocialScenario& sc, std::string_view id) {
    const Post* p = sc.post(id);
    return p && sc.own(*p) ? p : nullptr;
}

bool isAudience(std::string_view a) {
    return has(audiences(), a);
}

bool hasOption(const Setting& s, std::string_view option) {
    return std::any_of(s.options.begin(), s.options.end(), [&](const Option& o) { return o.id == option; });
}

std::string join(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& x : list) out += (out.empty() ? "" : " ") + x;
    return out;
}

std::string join(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [a, b] : pairs) out += (out.empty() ? "" : " ") + a + ":" + b;
    return out;
}

// "a:b" -> {a, b}; nullopt unless exactly two non-empty parts.
std::optional<std::pair<std::string, std::string>> twoParts(std::string_view s) {
    const auto parts = split(s, ':');
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) return std::nullopt;
    return std::pair{parts[0], parts[1]};
}

// An undo entry is one the model could have written for this scenario.
bool validHistoryEntry(const SocialScenario& sc, const std::string& entry) {
    const auto parts = split(entry, ':');
    if (parts.empty()) return false;
    const std::string& verb = parts[0];
    if (verb == "set" && parts.size() == 3) {
        const Setting* s = sc.setting(parts[1]);
        return s && hasOption(*s, parts[2]);
    }
    if (verb == "audience" && parts.size() == 3) return ownPost(sc, parts[1]) && isAudience(parts[2]);
    if (parts.size() != 2) return false;
    if (verb == "untag") {
        const Post* p = sc.post(parts[1]);
        return p && canUntag(sc, State{}, *p);
    }
    if (verb == "report") return reportable(sc, parts[1]);
    if (verb == "block" || verb == "unblock") return isPersonOtherThanMe(sc, parts[1]);
    if (verb == "delete") return ownPost(sc, parts[1]) != nullptr;
    return false;
}

// ---- the demo -----------------------------------------------------------------------------------

std::vector<std::string> itemsOf(const ResponseDeclaration* d) {
    if (!d || !d->correctResponse || d->correctResponse->isNull()) return {};
    return d->correctResponse->items;
}

// "a b" pairs of a declaration's correct response.
std::vector<std::pair<std::string, std::string>> pairsOf(const ResponseDeclaration* d) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& item : itemsOf(d))
        if (const auto w = splitWhitespace(item); w.size() == 2) out.emplace_back(w[0], w[1]);
    return out;
}

const ResponseDeclaration* outputDecl(const SimulationTarget& t, size_t index) {
    return index < t.outputs.size() ? t.outputs[index] : nullptr;
}

// The actions that take the start to what the item's correct responses describe.
std::vector<Action> rightActions(const SocialScenario& sc, const SimulationTarget& target) {
    std::vector<Action> out;
    const State start = startState(sc);
    if (target.state.correctResponse && !target.state.correctResponse->isNull()) {
        const State goal = fromResponse(sc, *target.state.correctResponse);
        for (const auto& [s, o] : goal.settings)
            if (settingValue(start, s) != o) out.push_back(setAction(s, o));
        for (const auto& [p, a] : goal.audiences)
            if (findFirst(start.audiences, p)->second != a) out.push_back(audienceAction(p, a));
        for (const auto& p : goal.untagged) out.push_back(untagAction(p));
        for (const auto& [t, r] : goal.reported) out.push_back(reportAction(t, r));
        for (const auto& p : goal.deleted) out.push_back(deleteAction(p));
        for (const auto& p : goal.blocked) out.push_back(blockAction(p));
    }
    for (const auto& [s, o] : pairsOf(outputDecl(target, kSettingsOut))) out.push_back(setAction(s, o));
    for (const auto& [p, a] : pairsOf(outputDecl(target, kAudienceOut))) out.push_back(audienceAction(p, a));
    for (const auto& p : itemsOf(outputDecl(target, kUntaggedOut))) out.push_back(untagAction(p));
    const auto reasons = pairsOf(outputDecl(target, kReasonsOut));
    for (const auto& [t, r] : reasons) out.push_back(reportAction(t, r));
    for (const auto& t : itemsOf(outputDecl(target, kReportedOut)))
        if (std::none_of(reasons.begin(), reasons.end(), [&](const auto& p) { return p.first == t; }))
            out.push_back(reportAction(t, sc.reasons.front().id));
    for (const auto& p : itemsOf(outputDecl(target, kDeletedOut))) out.push_back(deleteAction(p));
    for (const auto& p : itemsOf(outputDecl(target, kBlockedOut))) out.push_back(blockAction(p));
    return out;
}

// A slip: an action on something the task did not ask about (a friend blocked, an innocent post
// reported, a setting nobody asked to change set to another option).
std::optional<Action> slip(const SocialScenario& sc, const std::vector<Action>& right, std::mt19937_64& rng) {
    auto named = [&](std::string_view id) {
        return std::any_of(right.begin(), right.end(), [&](const Action& a) {
            const auto parts = split(a.argument, ':');
            return !parts.empty() && parts[0] == id;
        });
    };
    std::vector<Action> options;
    for (const Post& p : sc.posts)
        if (!sc.own(p) && !named(p.id) && !named(p.author)) options.push_back(reportAction(p.id, sc.reasons[0].id));
    for (const Person& p : sc.people)
        if (!named(p.id)) options.push_back(blockAction(p.id));
    for (const Setting& s : sc.settings)
        if (!named(s.id))
            for (const Option& o : s.options)
                if (o.id != s.value) options.push_back(setAction(s.id, o.id));
    if (options.empty()) return std::nullopt;
    return options[rng() % options.size()];
}

Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const SocialScenario&>(scenario);
    std::uniform_real_distribution<double> u(0, 1);
    const std::vector<Action> right = rightActions(sc, target);
    State s = startState(sc);
    for (const Action& a : right)
        if (u(rng) < fraction) s = apply(sc, s, a);
    if (u(rng) >= fraction)
        if (const auto wrong = slip(sc, right, rng)) s = apply(sc, s, *wrong);
    return toResponse(s);
}

Value identifiers(const std::vector<std::string>& ids) {
    return Value::container(Cardinality::Multiple, BaseType::Identifier, ids);
}

Value directedPairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::string> items;
    for (const auto& [a, b] : pairs) items.push_back(a + " " + b);
    return Value::container(Cardinality::Multiple, BaseType::DirectedPair, std::move(items));
}

std::vector<Value> project(const Scenario& scenario, const Value& stateValue) {
    const auto& sc = static_cast<const SocialScenario&>(scenario);
    const State s = fromResponse(sc, stateValue);
    std::vector<std::pair<std::string, std::string>> audiencePairs;
    for (const auto& [post, audience] : s.audiences)
        if (!isDeleted(s, post)) audiencePairs.emplace_back(post, audience);
    std::vector<std::string> reported;
    for (const auto& [t, r] : s.reported) reported.push_back(t);
    std::vector<Value> out(kDeletedOut + 1);
    out[kSettingsOut] = directedPairs(s.settings);
    out[kAudienceOut] = directedPairs(audiencePairs);
    out[kUntaggedOut] = identifiers(s.untagged);
    out[kReportedOut] = identifiers(reported);
    out[kReasonsOut] = directedPairs(s.reported);
    out[kBlockedOut] = identifiers(s.blocked);
    out[kDeletedOut] = identifiers(s.deleted);
    return out;
}

}  // namespace

const std::vector<std::string_view>& audiences() {
    static const std::vector<std::string_view> all = {kEveryone, kFriends, kOnlyMe};
    return all;
}

const char* knownOptionWord(std::string_view id) {
    return wordOf(kKnownOptions, id);
}

const char* knownReasonWord(std::string_view id) {
    return wordOf(kKnownReasons, id);
}

const Person* SocialScenario::person(std::string_view id) const {
    if (id == me.id) return &me;
    for (const Person& p : people)
        if (p.id == id) return &p;
    return nullptr;
}
const Post* SocialScenario::post(std::string_view id) const {
    for (const Post& p : posts)
        if (p.id == id) return &p;
    return nullptr;
}
const Setting* SocialScenario::setting(std::string_view id) const {
    for (const Setting& s : settings)
        if (s.id == id) return &s;
    return nullptr;
}
const Reason* SocialScenario::reason(std::string_view id) const {
    for (const Reason& r : reasons)
        if (r.id == id) return &r;
    return nullptr;
}

State startState(const SocialScenario& sc) {
    State s;
    for (const Setting& x : sc.settings) s.settings.emplace_back(x.id, x.value);
    for (const Post& p : sc.posts)
        if (sc.own(p)) s.audiences.emplace_back(p.id, p.audience);
    return s;
}

Action setAction(std::string_view setting, std::string_view option) {
    return {"set", std::string(setting) + ":" + std::string(option)};
}
Action audienceAction(std::string_view post, std::string_view audience) {
    return {"audience", std::string(post) + ":" + std::string(audience)};
}
Action untagAction(std::string_view post) {
    return {"untag", std::string(post)};
}
Action reportAction(std::string_view target, std::string_view reason) {
    return {"report", std::string(target) + ":" + std::string(reason)};
}
Action blockAction(std::string_view person) {
    return {"block", std::string(person)};
}
Action unblockAction(std::string_view person) {
    return {"unblock", std::string(person)};
}
Action deleteAction(std::string_view post) {
    return {"delete", std::string(post)};
}
Action undoAction() {
    return {"undo", ""};
}

State apply(const SocialScenario& sc, State s, const Action& action) {
    const std::string& verb = action.name;
    const std::string& arg = action.argument;
    if (verb == "set") {
        const auto two = twoParts(arg);
        const Setting* setting = two ? sc.setting(two->first) : nullptr;
        if (!setting || !hasOption(*setting, two->second)) return s;
        auto at = findFirst(s.settings, setting->id);
        if (at == s.settings.end() || at->second == two->second) return s;
        remember(s, "set:" + at->first + ":" + at->second);
        at->second = two->second;
    } else if (verb == "audience") {
        const auto two = twoParts(arg);
        if (!two || !ownPost(sc, two->first) || !isAudience(two->second) || isDeleted(s, two->first)) return s;
        auto at = findFirst(s.audiences, two->first);
        if (at == s.audiences.end() || at->second == two->second) return s;
        remember(s, "audience:" + at->first + ":" + at->second);
        at->second = two->second;
    } else if (verb == "untag") {
        const Post* p = sc.post(arg);
        if (!p || !canUntag(sc, s, *p)) return s;
        s.untagged.push_back(p->id);
        remember(s, "untag:" + p->id);
    } else if (verb == "report") {
        const auto two = twoParts(arg);
        if (!two || !reportable(sc, two->first) || !sc.reason(two->second) || reportReason(s, two->first)) return s;
        s.reported.push_back(*two);
        remember(s, "report:" + two->first);
    } else if (verb == "block") {
        if (!isPersonOtherThanMe(sc, arg) || isBlocked(s, arg)) return s;
        s.blocked.push_back(arg);
        remember(s, "block:" + arg);
    } else if (verb == "unblock") {
        if (!isBlocked(s, arg)) return s;
        std::erase(s.blocked, arg);
        remember(s, "unblock:" + arg);
    } else if (verb == "delete") {
        if (!ownPost(sc, arg) || isDeleted(s, arg)) return s;
        s.deleted.push_back(arg);
        remember(s, "delete:" + arg);
    } else if (verb == "undo") {
        if (s.history.empty()) return s;
        const auto parts = split(s.history.back(), ':');
        s.history.pop_back();
        const std::string& what = parts[0];
        if (what == "set" && parts.size() == 3) {
            if (auto at = findFirst(s.settings, parts[1]); at != s.settings.end()) at->second = parts[2];
        } else if (what == "audience" && parts.size() == 3) {
            if (auto at = findFirst(s.audiences, parts[1]); at != s.audiences.end()) at->second = parts[2];
        } else if (what == "untag" && parts.size() == 2) {
            std::erase(s.untagged, parts[1]);
        } else if (what == "report" && parts.size() == 2) {
            std::erase_if(s.reported, [&](const auto& r) { return r.first == parts[1]; });
        } else if (what == "block" && parts.size() == 2) {
            std::erase(s.blocked, parts[1]);
        } else if (what == "unblock" && parts.size() == 2) {
            if (!isBlocked(s, parts[1])) s.blocked.push_back(parts[1]);
        } else if (what == "delete" && parts.size() == 2) {
            std::erase(s.deleted, parts[1]);
        }
    }
    return s;
}

std::string settingValue(const State& s, std::string_view setting) {
    const auto at = findFirst(s.settings, setting);
    return at == s.settings.end() ? std::string() : at->second;
}

std::string audienceOf(const SocialScenario& sc, const State& s, const Post& post) {
    if (!sc.own(post)) return post.audience;
    const auto at = findFirst(s.audiences, post.id);
    return at == s.audiences.end() ? post.audience : at->second;
}

bool isBlocked(const State& s, std::string_view person) {
    return has(s.blocked, person);
}
bool isDeleted(const State& s, std::string_view post) {
    return has(s.deleted, post);
}
bool isUntagged(const State& s, std::string_view post) {
    return has(s.untagged, post);
}
std::optional<std::string> reportReason(const State& s, std::string_view target) {
    const auto at = findFirst(s.reported, target);
    if (at == s.reported.end()) return std::nullopt;
    return at->second;
}

bool canUntag(const SocialScenario& sc, const State& s, const Post& post) {
    return !sc.own(post) && has(post.tags, sc.me.id) && !isUntagged(s, post.id);
}

std::string lastUndoable(const State& s) {
    return s.history.empty() ? std::string() : s.history.back();
}

Value toResponse(const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    v.fields.push_back({"settings", BaseType::String, join(s.settings)});
    v.fields.push_back({"audiences", BaseType::String, join(s.audiences)});
    v.fields.push_back({"untagged", BaseType::String, join(s.untagged)});
    v.fields.push_back({"reported", BaseType::String, join(s.reported)});
    v.fields.push_back({"blocked", BaseType::String, join(s.blocked)});
    v.fields.push_back({"deleted", BaseType::String, join(s.deleted)});
    v.fields.push_back({"history", BaseType::String, join(s.history)});
    return v;
}

State fromResponse(const SocialScenario& sc, const Value& response) {
    const State start = startState(sc);
    if (response.cardinality != Cardinality::Record || response.isNull()) return start;
    auto tokens = [&](const char* name) {
        const RecordField* f = response.field(name);
        return f ? splitWhitespace(f->value) : std::vector<std::string>();
    };
    State s;
    // Every setting once, with one of its options; every own post's audience once.
    for (const std::string& t : tokens("settings")) {
        const auto two = twoParts(t);
        const Setting* setting = two ? sc.setting(two->first) : nullptr;
        if (!setting || !hasOption(*setting, two->second) || findFirst(s.settings, two->first) != s.settings.end())
            return start;
        s.settings.push_back(*two);
    }
    if (s.settings.size() != sc.settings.size()) return start;
    for (const std::string& t : tokens("audiences")) {
        const auto two = twoParts(t);
        if (!two || !ownPost(sc, two->first) || !isAudience(two->second) ||
            findFirst(s.audiences, two->first) != s.audiences.end())
            return start;
        s.audiences.push_back(*two);
    }
    if (s.audiences.size() != start.audiences.size()) return start;
    // In the scenario's order, as startState and apply keep them.
    auto order = [](auto& pairs, const auto& reference) {
        std::vector<std::pair<std::string, std::string>> sorted;
        for (const auto& [key, value] : reference) sorted.push_back(*findFirst(pairs, key));
        pairs = std::move(sorted);
    };
    order(s.settings, start.settings);
    order(s.audiences, start.audiences);
    for (const std::string& p : tokens("untagged")) {
        const Post* post = sc.post(p);
        if (!post || !canUntag(sc, s, *post)) return start;
        s.untagged.push_back(p);
    }
    for (const std::string& t : tokens("reported")) {
        const auto two = twoParts(t);
        if (!two || !reportable(sc, two->first) || !sc.reason(two->second) || reportReason(s, two->first)) return start;
        s.reported.push_back(*two);
    }
    for (const std::string& p : tokens("blocked")) {
        if (!isPersonOtherThanMe(sc, p) || isBlocked(s, p)) return start;
        s.blocked.push_back(p);
    }
    for (const std::string& p : tokens("deleted")) {
        if (!ownPost(sc, p) || isDeleted(s, p)) return start;
        s.deleted.push_back(p);
    }
    for (const std::string& h : tokens("history")) {
        if (!validHistoryEntry(sc, h) || s.history.size() >= kMaxHistory) return start;
        s.history.push_back(h);
    }
    return s;
}

const EnvironmentType kType{
    "social",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {"settings-response", Cardinality::Multiple, BaseType::DirectedPair, "every setting with its option"},
        {"audience-response", Cardinality::Multiple, BaseType::DirectedPair, "who sees each of the pupil's posts"},
        {"untagged-response", Cardinality::Multiple, BaseType::Identifier, "posts the pupil's tag was removed from"},
        {"reported-response", Cardinality::Multiple, BaseType::Identifier, "posts and people reported"},
        {"reasons-response", Cardinality::Multiple, BaseType::DirectedPair, "what was reported, with the reason"},
        {"blocked-response", Cardinality::Multiple, BaseType::Identifier, "people blocked"},
        {"deleted-response", Cardinality::Multiple, BaseType::Identifier, "own posts deleted"},
    },
    project,
};

}  // namespace dlk::sim::social
