#include "sim/browser/browser.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <set>

#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::browser {

namespace {

// ---- words --------------------------------------------------------------------------------------

// Small words a search leaves out, in Dutch and English (after folding: no accents, lower case).
// Not "bij": in Dutch it is also the bee.
constexpr std::string_view kStopWords[] = {
    "de",   "het", "een", "en",   "in",   "op",    "van",  "is",  "er",   "te",   "dat",   "die",  "voor",
    "met",  "aan", "om",  "of",   "wat",  "hoe",   "waar", "wie", "zijn", "was",  "als",   "ook",  "naar",
    "niet", "dan", "tot", "door", "over", "uit",   "the",  "a",   "an",   "and",  "on",    "to",   "for",
    "with", "at",  "by",  "how",  "who",  "where", "are",  "as",  "or",   "from", "about", "does", "do"};

bool isStopWord(std::string_view w) {
    return std::find(std::begin(kStopWords), std::end(kStopWords), w) != std::end(kStopWords);
}

// The next code point of UTF-8 text at `i` (advanced); U+FFFD for a broken sequence.
uint32_t nextCodePoint(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    if (b < 0x80) return b;
    int more = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (more < 0) return 0xFFFD;
    uint32_t cp = b & (0x3F >> more);
    for (; more > 0; --more) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

// A Latin-1 letter without its accent (à -> a, ß -> ss); null for × and ÷.
const char* foldLatin1(uint32_t cp) {
    static const char* const kLower[32] = {"a", "a",     "a", "a", "a", "a", "ae", "c", "e",  "e", "e",
                                           "e", "i",     "i", "i", "i", "d", "n",  "o", "o",  "o", "o",
                                           "o", nullptr, "o", "u", "u", "u", "u",  "y", "th", "y"};
    if (cp == 0xDF) return "ss";
    if (cp >= 0xE0 && cp <= 0xFF) return kLower[cp - 0xE0];
    if (cp >= 0xC0 && cp <= 0xDE) return kLower[cp - 0xC0];
    return nullptr;
}

// Text as a search compares it: the words, lower case, without accents.
std::vector<std::string> foldedWords(std::string_view text) {
    const std::string lower = toLowerLatin(text);
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    for (size_t i = 0; i < lower.size();) {
        const uint32_t cp = nextCodePoint(lower, i);
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            else
                flush();
        } else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xFFFD) {
            flush();  // no-break space, « », quotes, dashes
        } else if (cp <= 0xFF) {
            if (const char* f = foldLatin1(cp))
                word += f;
            else
                flush();
        } else {
            appendUtf8(word, cp);
        }
    }
    flush();
    return words;
}

bool termsMatch(const std::string& q, const std::string& t) {
    if (q == t) return true;
    return std::min(q.size(), t.size()) >= 3 && (t.starts_with(q) || q.starts_with(t));
}

// Whitespace collapsed to single spaces.
std::string collapsed(std::string_view s) {
    std::string out;
    for (const auto& w : splitWhitespace(s)) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

// At most `n` bytes of UTF-8 text, cut at a character boundary.
std::string cutUtf8(std::string s, size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) {
        if (!out.empty()) out += ' ';
        out += x;
    }
    return out;
}

bool holds(const std::vector<std::string>& v, std::string_view x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// An address as typed and as the scenario writes it, compared: no scheme, "www." or trailing
// slash; lower case.
std::string addressKey(std::string_view a) {
    std::string s = toLowerAscii(trim(a));
    for (const char* scheme : {"https://", "http://"})
        if (s.starts_with(scheme)) s = s.substr(std::string_view(scheme).size());
    if (s.starts_with("www.")) s = s.substr(4);
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

bool isWebAddress(std::string_view a) {
    const std::string s = toLowerAscii(a);
    size_t host = 0;
    if (s.starts_with("https://"))
        host = 8;
    else if (s.starts_with("http://"))
        host = 7;
    else
        return false;
    if (host >= s.size() || s[host] == '/') return false;
    return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// ---- reading the scenario -----------------------------------------------------------------------

[[noreturn]] void fail(const BodyNode& at, const std::string& what) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + what);
}

bool isDlk(const BodyNode& n, std::string_view local) {
    return !n.isText && n.ns == kNamespace && environmentName(n) == local;
}

void allowOnly(const BodyNode& e, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : e.attributes) {
        if (name.starts_with("xmlns") || std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(e, "has no attribute '" + name + "' (it takes " + list + ")");
    }
}

std::string attribute(const BodyNode& e, const std::string& name, bool required, size_t most = kMaxLineBytes) {
    const std::string* a = e.attribute(name);
    const std::string v = a ? collapsed(*a) : std::string();
    if (required && v.empty()) fail(e, "needs " + name + "=\"...\"");
    if (v.size() > most) fail(e, name + " is longer than " + std::to_string(most) + " bytes");
    return v;
}

// The element holds only whitespace besides the child elements it may have.
void noStrayText(const BodyNode& e, const std::string& holds) {
    for (const BodyNode& c : e.children)
        if (c.isText && !trim(c.text).empty()) fail(e, "holds text outside its elements (it holds " + holds + ")");
}

std::string textOnly(const BodyNode& e, size_t most) {
    std::string raw;
    for (const BodyNode& c : e.children) {
        if (!c.isText) fail(c, "cannot be inside <" + e.name + ">, which holds text only");
        raw += c.text;
    }
    std::string t = collapsed(raw);
    if (t.size() > most) fail(e, "is longer than " + std::to_string(most) + " bytes");
    return t;
}

struct PendingLink {
    const BodyNode* node;
    size_t page, block, piece;
    std::string to;
};

Block readParagraph(const BodyNode& e, size_t pageIndex, std::vector<PendingLink>& links, size_t& linkCount) {
    allowOnly(e, {});
    Block b;
    b.line = e.line;
    bool spaceNext = false;  // whitespace since the last piece
    for (const BodyNode& c : e.children) {
        if (c.isText) {
            const std::string& t = c.text;
            const auto words = splitWhitespace(t);
            const bool leading = !t.empty() && std::isspace(static_cast<unsigned char>(t.front()));
            for (size_t i = 0; i < words.size(); ++i) {
                const bool space = i > 0 || spaceNext || leading;
                b.pieces.push_back({words[i], -1, space && !b.pieces.empty()});
            }
            if (!words.empty())
                spaceNext = std::isspace(static_cast<unsigned char>(t.back())) != 0;
            else
                spaceNext = spaceNext || !t.empty();
            continue;
        }
        if (!isDlk(c, "link")) fail(c, "cannot be in a paragraph (it holds text and <dlk:link to=\"PAGE\">)");
        allowOnly(c, {"to"});
        const std::string to = attribute(c, "to", true);
        const std::string words = textOnly(c, kMaxLineBytes);
        if (words.empty()) fail(c, "has no words to click on");
        if (++linkCount > kMaxLinksPerPage)
            fail(c, "is more than " + std::to_string(kMaxLinksPerPage) + " links on one page");
        links.push_back({&c, pageIndex, 0, b.pieces.size(), to});
        b.pieces.push_back({words, -1, spaceNext && !b.pieces.empty()});
        spaceNext = false;
    }
    for (const Piece& p : b.pieces) {
        if (p.spaceBefore) b.text += ' ';
        b.text += p.text;
    }
    if (b.pieces.empty()) fail(e, "is empty");
    if (b.text.size() > kMaxTextBytes) fail(e, "is longer than " + std::to_string(kMaxTextBytes) + " bytes");
    return b;
}

Block readPicture(const BodyNode& e) {
    allowOnly(e, {"src", "alt", "width", "height"});
    if (!e.children.empty() && !trim(e.plainText()).empty()) fail(e, "holds text; a picture says it in alt");
    Block b;
    b.picture = true;
    b.line = e.line;
    const std::string src = attribute(e, "src", true);
    if (src.find("://") != std::string::npos || src.starts_with("/"))
        fail(e, "src='" + src + "' is not a file of the item's package (write it relative to the item)");
    b.image.name = "img";
    b.image.line = e.line;
    b.image.attributes["src"] = src;
    b.image.attributes["alt"] = attribute(e, "alt", true);
    for (const char* side : {"width", "height"}) {
        const std::string v = attribute(e, side, false);
        if (v.empty()) continue;
        double d = 0;
        if (!parseDouble(v, d) || d < 1 || d > 4096) fail(e, std::string(side) + "='" + v + "' is not 1 to 4096");
        b.image.attributes[side] = v;
    }
    return b;
}

Page readPage(const BodyNode& e, size_t index, std::vector<PendingLink>& links) {
    allowOnly(e, {"id", "address", "title", "author", "date", "advert", "keywords"});
    Page p;
    p.line = e.line;
    p.id = attribute(e, "id", true);
    if (!isValidLexical(BaseType::Identifier, p.id)) fail(e, "id='" + p.id + "' is not an identifier");
    if (p.id == kSearch || p.id == kResults) fail(e, "id='" + p.id + "' is the name of the search engine's pages");
    p.address = attribute(e, "address", true);
    if (!isWebAddress(p.address))
        fail(e, "address='" + p.address + "' is not a web address (http:// or https:// and a host)");
    p.title = attribute(e, "title", true);
    p.author = attribute(e, "author", false);
    p.date = attribute(e, "date", false);
    const std::string advert = attribute(e, "advert", false);
    if (advert != "" && advert != "true" && advert != "false") fail(e, "advert='" + advert + "' is not true or false");
    p.advert = advert == "true";
    p.terms = searchTerms(attribute(e, "keywords", false) + " " + p.title);
    noStrayText(e, "<dlk:snippet>, <dlk:p> and <dlk:img>");
    bool snippet = false;
    size_t linkCount = 0;
    int paragraphs = 0;
    for (const BodyNode& c : e.children) {
        if (c.isText) continue;
        if (isDlk(c, "snippet")) {
            if (snippet) fail(c, "is the second snippet of page '" + p.id + "'");
            allowOnly(c, {});
            p.snippet = textOnly(c, kMaxTextBytes);
            snippet = true;
            continue;
        }
        if (!isDlk(c, "p") && !isDlk(c, "img"))
            fail(c, "cannot be in a page (it holds <dlk:snippet>, <dlk:p> and <dlk:img>)");
        if (p.blocks.size() >= kMaxBlocksPerPage)
            fail(c, "is more than " + std::to_string(kMaxBlocksPerPage) + " paragraphs and pictures on one page");
        const size_t before = links.size();
        Block b = isDlk(c, "p") ? readParagraph(c, index, links, linkCount) : readPicture(c);
        if (!b.picture) b.paragraph = ++paragraphs;
        for (size_t i = before; i < links.size(); ++i) links[i].block = p.blocks.size();
        p.blocks.push_back(std::move(b));
    }
    if (!snippet) {
        // The start of its first paragraph, cut at a word.
        for (const Block& b : p.blocks) {
            if (b.picture) continue;
            p.snippet = b.text;
            if (p.snippet.size() > kSnippetBytes) {
                const size_t cut = p.snippet.rfind(' ', kSnippetBytes);
                p.snippet = cutUtf8(p.snippet, cut == std::string::npos ? kSnippetBytes : cut) + " …";
            }
            break;
        }
    }
    return p;
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<BrowserScenario>();
    allowOnly(element, {"start", "engine", "engine-address", "chosen-rule", "visited-response", "chosen-response",
                        "copied-response", "bookmarks-response"});
    noStrayText(element, "<dlk:page> and <dlk:query>");
    if (const std::string engine = attribute(element, "engine", false, 40); !engine.empty()) sc->engine = engine;
    sc->engineAddress = attribute(element, "engine-address", false);
    if (sc->engineAddress.empty()) {
        std::string host;
        for (const std::string& w : foldedWords(sc->engine)) host += w;
        sc->engineAddress = "https://www." + (host.empty() ? std::string("zoekwijzer") : host) + ".nl";
    } else if (!isWebAddress(sc->engineAddress)) {
        fail(element, "engine-address='" + sc->engineAddress + "' is not a web address (http:// or https://)");
    }
    while (sc->engineAddress.ends_with('/')) sc->engineAddress.pop_back();
    const std::string rule = attribute(element, "chosen-rule", false);
    if (rule == "first")
        sc->chosenRule = ChosenRule::First;
    else if (rule != "" && rule != "last")
        fail(element, "chosen-rule='" + rule + "' is not first or last");

    std::vector<PendingLink> links;
    std::vector<const BodyNode*> queries;
    for (const BodyNode& c : element.children) {
        if (c.isText) continue;
        if (isDlk(c, "query")) {
            queries.push_back(&c);
            continue;
        }
        if (!isDlk(c, "page"))
            fail(c, "cannot be in a browser (it holds <dlk:page> and <dlk:query>, in dlkiosk's namespace)");
        if (sc->pages.size() >= kMaxPages) fail(c, "is more than " + std::to_string(kMaxPages) + " pages");
        Page p = readPage(c, sc->pages.size(), links);
        for (const Page& q : sc->pages) {
            if (q.id == p.id) fail(c, "id='" + p.id + "' is also the id of the page on line " + std::to_string(q.line));
            if (addressKey(q.address) == addressKey(p.address))
                fail(c,
                     "address='" + p.address + "' is also the address of the page on line " + std::to_string(q.line));
        }
        if (addressKey(p.address) == addressKey(sc->engineAddress))
            fail(c, "address='" + p.address + "' is the search engine's own address");
        sc->pages.push_back(std::move(p));
    }
    if (sc->pages.empty()) fail(element, "has no pages (write them as <dlk:page> elements)");
    for (const PendingLink& l : links) {
        const int target = sc->pageIndex(l.to);
        if (target < 0) fail(*l.node, "to='" + l.to + "' names no page of this browser");
        Page& from = sc->pages[l.page];
        from.blocks[l.block].pieces[l.piece].link = target;
        if (std::find(from.links.begin(), from.links.end(), target) == from.links.end()) from.links.push_back(target);
    }
    for (const BodyNode* q : queries) {
        if (sc->queries.size() >= kMaxQueries)
            fail(*q, "is more than " + std::to_string(kMaxQueries) + " fixed searches");
        allowOnly(*q, {"text", "results"});
        if (!q->children.empty() && !trim(q->plainText()).empty()) fail(*q, "holds text; write it in text=\"...\"");
        FixedQuery fq;
        fq.line = q->line;
        fq.text = attribute(*q, "text", true);
        fq.terms = searchTerms(fq.text);
        std::sort(fq.terms.begin(), fq.terms.end());
        if (fq.terms.empty()) fail(*q, "text='" + fq.text + "' has no words a search looks for");
        const std::string* listed = q->attribute("results");
        if (!listed) fail(*q, "needs results=\"PAGE PAGE ...\" (it may be empty: no results)");
        for (const std::string& id : splitWhitespace(*listed)) {
            const int i = sc->pageIndex(id);
            if (i < 0) fail(*q, "results names '" + id + "', which is no page of this browser");
            if (std::find(fq.results.begin(), fq.results.end(), i) != fq.results.end())
                fail(*q, "results names '" + id + "' twice");
            if (fq.results.size() >= kMaxResults)
                fail(*q, "results names more than " + std::to_string(kMaxResults) + " pages");
            fq.results.push_back(i);
        }
        for (const FixedQuery& other : sc->queries)
            if (other.terms == fq.terms)
                fail(*q, "text='" + fq.text + "' is the same search as the one on line " + std::to_string(other.line));
        sc->queries.push_back(std::move(fq));
    }
    const std::string start = attribute(element, "start", false);
    if (!start.empty() && start != kSearch && sc->pageIndex(start) < 0)
        fail(element, "start='" + start + "' is neither search nor a page of this browser");
    if (!start.empty()) sc->start = start;
    return sc;
}

// ---- moving around ------------------------------------------------------------------------------

bool isLocation(const BrowserScenario& sc, std::string_view loc) {
    return loc == kSearch || loc == kResults || sc.pageIndex(loc) >= 0;
}

void noteVisit(const BrowserScenario& sc, State& s) {
    if (sc.pageIndex(s.at) >= 0 && !holds(s.visited, s.at)) s.visited.push_back(s.at);
}

// A new location: the current one goes into the history, the way forward is forgotten.
State moveTo(const BrowserScenario& sc, State s, std::string_view loc) {
    if (s.at == loc) return s;
    s.back.push_back(s.at);
    if (s.back.size() > kMaxHistory) s.back.erase(s.back.begin());
    s.forward.clear();
    s.at = std::string(loc);
    noteVisit(sc, s);
    return s;
}

std::string percentEncoded(std::string_view s) {
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == ' ') {
            out += '+';
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                   c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::vector<std::string> idList(std::string_view text) {
    return splitWhitespace(text);
}

// ---- the demo's pupil ---------------------------------------------------------------------------

// A search whose results hold page `idx`: a fixed search that lists it, its keywords, its title.
std::optional<std::string> queryFinding(const BrowserScenario& sc, int idx) {
    std::vector<std::string> tries;
    for (const FixedQuery& q : sc.queries)
        if (std::find(q.results.begin(), q.results.end(), idx) != q.results.end()) tries.push_back(q.text);
    tries.push_back(joined(sc.pages[static_cast<size_t>(idx)].terms));
    tries.push_back(sc.pages[static_cast<size_t>(idx)].title);
    for (const std::string& t : tries) {
        const auto r = results(sc, t);
        if (std::find(r.begin(), r.end(), idx) != r.end()) return t;
    }
    return std::nullopt;
}

State viaResults(const BrowserScenario& sc, State s, int idx) {
    const std::string& id = sc.pages[static_cast<size_t>(idx)].id;
    if (const auto q = queryFinding(sc, idx)) return open(sc, search(sc, std::move(s), *q), id, Via::Result);
    return open(sc, std::move(s), id, Via::Address);
}

std::vector<std::string> correctItems(const ResponseDeclaration* d) {
    if (!d || !d->correctResponse) return {};
    return d->correctResponse->items;
}

std::vector<std::string> correctField(const ResponseDeclaration& d, const char* name) {
    if (!d.correctResponse) return {};
    const RecordField* f = d.correctResponse->field(name);
    return f ? splitWhitespace(f->value) : std::vector<std::string>{};
}

Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const BrowserScenario&>(scenario);
    auto output = [&](size_t i) { return i < target.outputs.size() ? target.outputs[i] : nullptr; };
    std::vector<std::string> visited = correctItems(output(0));
    if (visited.empty()) visited = correctField(target.state, "visited");
    std::vector<std::string> chosen = correctItems(output(1));
    if (chosen.empty()) chosen = correctField(target.state, "chosen");
    std::string copied;
    if (const auto c = correctItems(output(2)); !c.empty()) copied = c[0];
    if (copied.empty() && target.state.correctResponse)
        if (const RecordField* f = target.state.correctResponse->field("copied")) copied = f->value;
    std::vector<std::string> bookmarks = correctItems(output(3));
    if (bookmarks.empty()) bookmarks = correctField(target.state, "bookmarks");

    std::uniform_real_distribution<double> u(0, 1);
    auto right = [&] { return u(rng) < fraction; };
    // What earns credit somewhere; a pupil who gets it wrong goes elsewhere.
    std::set<std::string> credited(visited.begin(), visited.end());
    credited.insert(chosen.begin(), chosen.end());
    credited.insert(bookmarks.begin(), bookmarks.end());
    const std::string wantedCopy = toLowerLatin(copied);
    auto copyTarget = [&](bool wanted) -> std::optional<std::pair<std::string, int>> {
        std::optional<std::pair<std::string, int>> fallback;
        for (const Page& p : sc.pages)
            for (const Block& b : p.blocks) {
                if (b.picture) continue;
                const std::string text = toLowerLatin(b.text);
                const bool has = text.find(wantedCopy) != std::string::npos;
                if (wanted && text == wantedCopy) return std::pair{p.id, b.paragraph};
                if (wanted && has && !fallback) fallback = std::pair{p.id, b.paragraph};
                if (!wanted && !has && !credited.count(p.id)) return std::pair{p.id, b.paragraph};
                if (!wanted && !has && !fallback) fallback = std::pair{p.id, b.paragraph};
            }
        return fallback;
    };
    std::vector<int> elsewhere;  // pages that earn nothing, adverts first
    for (int pass = 0; pass < 2; ++pass)
        for (size_t i = 0; i < sc.pages.size(); ++i)
            if (!credited.count(sc.pages[i].id) && sc.pages[i].advert == (pass == 0))
                elsewhere.push_back(static_cast<int>(i));
    auto wrongPage = [&]() -> int { return elsewhere.empty() ? -1 : elsewhere[rng() % elsewhere.size()]; };

    State s = startState(sc);
    if (!chosen.empty() && sc.pageIndex(chosen[0]) >= 0) {
        if (right()) {
            s = viaResults(sc, s, sc.pageIndex(chosen[0]));
        } else {
            // A result that earns nothing, an advert when there is one.
            for (int i : elsewhere)
                if (queryFinding(sc, i)) {
                    s = viaResults(sc, s, i);
                    break;
                }
        }
    }
    if (!visited.empty()) {
        if (right()) {
            for (const std::string& id : visited) s = open(sc, s, id, Via::Address);
        } else if (const int w = wrongPage(); w >= 0) {
            s = open(sc, s, sc.pages[static_cast<size_t>(w)].id, Via::Address);
        }
    }
    if (!bookmarks.empty()) {
        std::vector<std::string> marks;
        if (right())
            marks = bookmarks;
        else if (const int w = wrongPage(); w >= 0)
            marks = {sc.pages[static_cast<size_t>(w)].id};
        for (const std::string& id : marks) {
            s = open(sc, s, id, Via::Address);
            if (s.at == id && !holds(s.bookmarks, id)) s = toggleBookmark(sc, s);
        }
    }
    if (!copied.empty()) {
        if (const auto from = copyTarget(right())) {
            s = open(sc, s, from->first, Via::Address);
            s = copy(sc, s, from->first, from->second);
        }
    }
    return toResponse(sc, s);
}

// The outputs, in the order of kType.outputs.
std::vector<Value> project(const Scenario& scenario, const Value& state) {
    const auto& sc = static_cast<const BrowserScenario&>(scenario);
    const State s = fromResponse(sc, state);
    return {Value::container(Cardinality::Multiple, BaseType::Identifier, s.visited),
            Value::single(BaseType::Identifier, s.chosen), Value::single(BaseType::String, copiedText(sc, s)),
            Value::container(Cardinality::Multiple, BaseType::Identifier, s.bookmarks)};
}

}  // namespace

int BrowserScenario::pageIndex(std::string_view id) const {
    for (size_t i = 0; i < pages.size(); ++i)
        if (pages[i].id == id) return static_cast<int>(i);
    return -1;
}

const Page* BrowserScenario::page(std::string_view id) const {
    const int i = pageIndex(id);
    return i < 0 ? nullptr : &pages[static_cast<size_t>(i)];
}

std::vector<std::string> searchTerms(std::string_view text) {
    std::vector<std::string> out;
    for (std::string& w : foldedWords(text))
        if (!isStopWord(w) && !holds(out, w)) out.push_back(std::move(w));
    return out;
}

std::vector<int> results(const BrowserScenario& sc, std::string_view query) {
    std::vector<std::string> terms = searchTerms(query);
    if (terms.empty()) return {};
    std::vector<std::string> sorted = terms;
    std::sort(sorted.begin(), sorted.end());
    for (const FixedQuery& q : sc.queries)
        if (q.terms == sorted) return q.results;
    struct Hit {
        int page, score;
    };
    std::vector<Hit> hits;
    for (size_t i = 0; i < sc.pages.size(); ++i) {
        int score = 0;
        for (const std::string& q : terms)
            score += std::any_of(sc.pages[i].terms.begin(), sc.pages[i].terms.end(),
                                 [&](const std::string& t) { return termsMatch(q, t); });
        if (score > 0) hits.push_back({static_cast<int>(i), score});
    }
    std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
        const bool adA = sc.pages[static_cast<size_t>(a.page)].advert,
                   adB = sc.pages[static_cast<size_t>(b.page)].advert;
        if (adA != adB) return adA;
        return a.score > b.score;
    });
    std::vector<int> out;
    for (const Hit& h : hits)
        if (out.size() < kMaxResults) out.push_back(h.page);
    return out;
}

State startState(const BrowserScenario& sc) {
    State s;
    s.at = sc.start;
    noteVisit(sc, s);
    return s;
}

State search(const BrowserScenario& sc, State s, std::string_view typed) {
    const std::string q = trim(cutUtf8(collapsed(typed), kMaxQueryBytes));
    if (q.empty() || (s.at == kResults && q == s.query)) return s;
    if (s.at == kResults) {
        // A new search on the results page replaces it: back goes to where the searching began.
        s.forward.clear();
    } else {
        s = moveTo(sc, std::move(s), kResults);
    }
    s.query = q;
    return s;
}

State goHome(const BrowserScenario& sc, State s) {
    return moveTo(sc, std::move(s), kSearch);
}

State open(const BrowserScenario& sc, State s, std::string_view pageId, Via via) {
    const int idx = sc.pageIndex(pageId);
    if (idx < 0) return s;
    switch (via) {
        case Via::Result: {
            if (s.at != kResults) return s;
            const auto r = results(sc, s.query);
            if (std::find(r.begin(), r.end(), idx) == r.end()) return s;
            if (sc.chosenRule == ChosenRule::Last || s.chosen.empty()) s.chosen = std::string(pageId);
            break;
        }
        case Via::Link: {
            const Page* from = sc.page(s.at);
            if (!from || std::find(from->links.begin(), from->links.end(), idx) == from->links.end()) return s;
            break;
        }
        case Via::Bookmark:
            if (!holds(s.bookmarks, pageId)) return s;
            break;
        case Via::Address:
            break;
    }
    return moveTo(sc, std::move(s), pageId);
}

State goBack(const BrowserScenario& sc, State s) {
    if (s.back.empty()) return s;
    s.forward.insert(s.forward.begin(), s.at);
    if (s.forward.size() > kMaxHistory) s.forward.pop_back();
    s.at = s.back.back();
    s.back.pop_back();
    noteVisit(sc, s);
    return s;
}

State goForward(const BrowserScenario& sc, State s) {
    if (s.forward.empty()) return s;
    s.back.push_back(s.at);
    if (s.back.size() > kMaxHistory) s.back.erase(s.back.begin());
    s.at = s.forward.front();
    s.forward.erase(s.forward.begin());
    noteVisit(sc, s);
    return s;
}

State toggleBookmark(const BrowserScenario& sc, State s) {
    if (!sc.page(s.at)) return s;
    if (const auto at = std::find(s.bookmarks.begin(), s.bookmarks.end(), s.at); at != s.bookmarks.end())
        s.bookmarks.erase(at);
    else
        s.bookmarks.push_back(s.at);
    return s;
}

State copy(const BrowserScenario& sc, State s, std::string_view pageId, int paragraph) {
    const Page* p = sc.page(pageId);
    if (!p || s.at != pageId) return s;
    for (const Block& b : p->blocks)
        if (!b.picture && b.paragraph == paragraph) {
            s.copiedFrom = std::string(pageId) + " " + std::to_string(paragraph);
            return s;
        }
    return s;
}

std::optional<std::string> resolveAddress(const BrowserScenario& sc, std::string_view typed) {
    const std::string key = addressKey(typed);
    if (key.empty()) return std::nullopt;
    if (key == addressKey(sc.engineAddress)) return std::string(kSearch);
    for (const Page& p : sc.pages)
        if (addressKey(p.address) == key) return p.id;
    return std::nullopt;
}

std::string addressOf(const BrowserScenario& sc, const State& s) {
    if (const Page* p = sc.page(s.at)) return p->address;
    if (s.at == kResults) return sc.engineAddress + "/search?q=" + percentEncoded(s.query);
    return sc.engineAddress + "/";
}

const Block* copiedBlock(const BrowserScenario& sc, const State& s) {
    const auto parts = splitWhitespace(s.copiedFrom);
    int64_t n = 0;
    if (parts.size() != 2 || !parseInt64(parts[1], n)) return nullptr;
    const Page* p = sc.page(parts[0]);
    if (!p) return nullptr;
    for (const Block& b : p->blocks)
        if (!b.picture && b.paragraph == n) return &b;
    return nullptr;
}

std::string copiedText(const BrowserScenario& sc, const State& s) {
    const Block* b = copiedBlock(sc, s);
    return b ? b->text : std::string();
}

Value toResponse(const BrowserScenario& sc, const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    v.fields = {
        {"at", BaseType::String, s.at},
        {"query", BaseType::String, s.query},
        {"back", BaseType::String, joined(s.back)},
        {"forward", BaseType::String, joined(s.forward)},
        {"visited", BaseType::String, joined(s.visited)},
        {"chosen", BaseType::String, s.chosen},
        {"bookmarks", BaseType::String, joined(s.bookmarks)},
        {"copied", BaseType::String, copiedText(sc, s)},
        {"copiedFrom", BaseType::String, s.copiedFrom},
    };
    return v;
}

State fromResponse(const BrowserScenario& sc, const Value& response) {
    const State start = startState(sc);
    if (response.cardinality != Cardinality::Record || response.isNull()) return start;
    auto text = [&](const char* name) {
        const RecordField* f = response.field(name);
        return f ? f->value : std::string();
    };
    State s;
    s.at = text("at");
    s.query = text("query");
    s.back = idList(text("back"));
    s.forward = idList(text("forward"));
    s.visited = idList(text("visited"));
    s.chosen = text("chosen");
    s.bookmarks = idList(text("bookmarks"));
    s.copiedFrom = text("copiedFrom");
    // Anything this browser could not have come to is a browser just opened.
    auto pages = [&](const std::vector<std::string>& ids) {
        std::set<std::string> seen;
        return std::all_of(ids.begin(), ids.end(),
                           [&](const std::string& id) { return sc.pageIndex(id) >= 0 && seen.insert(id).second; });
    };
    auto locations = [&](const std::vector<std::string>& ids) {
        return ids.size() <= kMaxHistory &&
               std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return isLocation(sc, id); });
    };
    const bool ok = isLocation(sc, s.at) && s.query.size() <= kMaxQueryBytes && isValidUtf8(s.query) &&
                    locations(s.back) && locations(s.forward) && pages(s.visited) && pages(s.bookmarks) &&
                    (s.chosen.empty() || sc.pageIndex(s.chosen) >= 0) &&
                    (s.copiedFrom.empty() || copiedBlock(sc, s) != nullptr);
    return ok ? s : start;
}

const EnvironmentType kType{
    "browser",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {"visited-response", Cardinality::Multiple, BaseType::Identifier, "the pages visited"},
        {"chosen-response", Cardinality::Single, BaseType::Identifier, "the result chosen from the results"},
        {"copied-response", Cardinality::Single, BaseType::String, "the words copied from a page"},
        {"bookmarks-response", Cardinality::Multiple, BaseType::Identifier, "the pages bookmarked"},
    },
    project,
    true,  // holdsTypedText
};

}  // namespace dlk::sim::browser
