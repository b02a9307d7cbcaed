#include "sim/poster/poster.h"

#include <algorithm>

#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::poster {

namespace {

// The outputs, in the order of kType.outputs.
enum Output : size_t { kTitleOut, kTextOut, kPicturesOut, kSourcesOut, kLayoutOut };

constexpr const char* kAttributes[] = {"max-title",         "max-text",         "title-response", "text-response",
                                       "pictures-response", "sources-response", "layout-response"};

// The page is 4:3. Margins of 4% all round; the title on top, the sources at the bottom.
constexpr float kM = 0.04f, kTop = 0.21f, kBody = 0.62f, kHalf = 0.44f, kRight = 0.52f, kFull = 0.92f;

std::vector<Layout> builtInLayouts() {
    const Region title{RegionKind::Title, 0, kM, kM, kFull, 0.14f};
    const Region sources{RegionKind::Sources, 0, kM, 0.86f, kFull, 0.10f};
    return {
        {"picture-left",
         {title,
          {RegionKind::Picture, 0, kM, kTop, kHalf, kBody},
          {RegionKind::Text, 0, kRight, kTop, kHalf, kBody},
          sources}},
        {"big-picture",
         {title,
          {RegionKind::Picture, 0, kM, kTop, kFull, 0.42f},
          {RegionKind::Text, 0, kM, 0.66f, kFull, 0.17f},
          sources}},
        {"two-columns",
         {title,
          {RegionKind::Picture, 0, kM, kTop, kHalf, 0.28f},
          {RegionKind::Picture, 1, kRight, kTop, kHalf, 0.28f},
          {RegionKind::Text, 0, kM, 0.52f, kHalf, 0.31f},
          {RegionKind::Text, 1, kRight, 0.52f, kHalf, 0.31f},
          sources}},
        {"text-only", {title, {RegionKind::Text, 0, kM, kTop, kFull, kBody}, sources}},
    };
}

std::string lineOf(const BodyNode& n) {
    return "line " + std::to_string(n.line) + ": <" + n.name + "> ";
}

[[noreturn]] void fail(const BodyNode& at, const std::string& msg) {
    throw Error(ErrorKind::Invalid, lineOf(at) + msg);
}

// An id a response and process data can carry as it is: ASCII letters, digits, '_', '-' and '.',
// starting with a letter or '_'.
bool isPlainId(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdBytes) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!letter(s[0])) return false;
    return std::all_of(s.begin(), s.end(),
                       [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

// The text cut to at most `maxBytes` bytes, never inside a character.
std::string cut(std::string_view text, size_t maxBytes) {
    if (text.size() <= maxBytes) return std::string(text);
    size_t n = maxBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return std::string(text.substr(0, n));
}

int intAttribute(const BodyNode& e, const char* name, int lo, int hi, int fallback) {
    const std::string* v = e.attribute(name);
    if (!v) return fallback;
    int64_t n = 0;
    if (!parseInt64(trim(*v), n) || n < lo || n > hi)
        fail(e, std::string(name) + "='" + *v + "' is not a number from " + std::to_string(lo) + " to " +
                    std::to_string(hi));
    return static_cast<int>(n);
}

// A part's attributes: only those it takes; the required ones present and not blank; every one
// within kMaxAttributeBytes.
void checkAttributes(const BodyNode& e, std::initializer_list<const char*> required,
                     std::initializer_list<const char*> optional) {
    for (const auto& [name, value] : e.attributes) {
        if (name.starts_with("xmlns")) continue;
        const std::string& attribute = name;  // clang 14 (the fuzz build) cannot capture a structured binding
        const auto known = [&](const char* n) { return attribute == n; };
        if (std::none_of(required.begin(), required.end(), known) &&
            std::none_of(optional.begin(), optional.end(), known)) {
            std::string all;
            for (const char* n : required) all += (all.empty() ? "" : ", ") + std::string(n);
            for (const char* n : optional) all += (all.empty() ? "" : ", ") + std::string(n);
            fail(e, "has no attribute '" + name + "' (it takes " + all + ")");
        }
        if (value.size() > kMaxAttributeBytes)
            fail(e, name + " is longer than " + std::to_string(kMaxAttributeBytes) + " bytes");
    }
    for (const char* n : required)
        if (!e.attribute(n) || trim(*e.attribute(n)).empty()) fail(e, "lacks the attribute '" + std::string(n) + "'");
}

std::string idOf(const BodyNode& e) {
    const std::string id = trim(e.attributeOr("id", ""));
    if (!isPlainId(id))
        fail(e, "id='" + id + "' is not an identifier of at most " + std::to_string(kMaxIdBytes) +
                    " ASCII letters, digits, '_', '-' or '.', starting with a letter");
    return id;
}

float sizeAttribute(const BodyNode& e, const char* name) {
    const std::string* v = e.attribute(name);
    if (!v) return 0;
    double d = 0;
    std::string t = trim(*v);
    if (t.ends_with("px")) t.resize(t.size() - 2);
    if (!parseDouble(t, d) || d < 1 || d > 4096) fail(e, std::string(name) + "='" + *v + "' is not a size in pixels");
    return static_cast<float>(d);
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<PosterScenario>();
    for (const auto& [name, value] : element.attributes)
        if (!name.starts_with("xmlns") &&
            std::find(std::begin(kAttributes), std::end(kAttributes), name) == std::end(kAttributes))
            fail(element, "has no attribute '" + name +
                              "' (it takes max-title, max-text, title-response, text-response, pictures-response, "
                              "sources-response and layout-response)");
    sc->maxTitleBytes = intAttribute(element, "max-title", kMinTitleBytes, kMaxTitleBytes, kDefaultTitleBytes);
    sc->maxTextBytes = intAttribute(element, "max-text", kMinTextBytes, kMaxTextBytes, kDefaultTextBytes);
    for (const BodyNode& c : element.children) {
        if (c.isText) {
            if (!trim(c.text).empty())
                fail(element, "holds text; a poster's scenario is its <layout>, <picture> and <source> elements");
            continue;
        }
        if (c.ns != kNamespace)
            fail(c, "is not a part of a poster (it takes layout, picture and source elements in dlkiosk's namespace)");
        for (const BodyNode& inner : c.children)
            if (!inner.isText || !trim(inner.text).empty()) fail(c, "takes no content");
        const std::string part = environmentName(c);
        if (part == "layout") {
            checkAttributes(c, {"id"}, {});
            const std::string id = trim(*c.attribute("id"));
            const Layout* layout = findLayout(id);
            if (!layout) {
                std::string known;
                for (const Layout& l : layouts()) known += (known.empty() ? "" : ", ") + std::string(l.id);
                fail(c, "id='" + id + "' is no layout (" + known + ")");
            }
            if (sc->layout(id)) fail(c, "id='" + id + "' is offered twice");
            sc->layouts.push_back(layout);
        } else if (part == "picture") {
            checkAttributes(c, {"id", "src", "alt"}, {"width", "height"});
            Picture p;
            p.id = idOf(c);
            if (sc->picture(p.id)) fail(c, "id='" + p.id + "' is used by another picture");
            if (sc->pictures.size() >= kMaxPictures)
                fail(c, "is a picture too many: a poster offers at most " + std::to_string(kMaxPictures));
            p.src = trim(*c.attribute("src"));
            if (p.src.find(':') != std::string::npos || p.src.starts_with('/') || p.src.find('\\') != std::string::npos)
                fail(c, "src='" + p.src + "' is not a file of the item bank named from the item (../media/bij.png)");
            p.alt = trim(*c.attribute("alt"));
            p.width = sizeAttribute(c, "width");
            p.height = sizeAttribute(c, "height");
            sc->pictures.push_back(std::move(p));
        } else if (part == "source") {
            checkAttributes(c, {"id", "title"}, {"author", "url", "date"});
            Source s;
            s.id = idOf(c);
            if (sc->source(s.id)) fail(c, "id='" + s.id + "' is used by another source");
            if (sc->sources.size() >= kMaxSources)
                fail(c, "is a source too many: a poster offers at most " + std::to_string(kMaxSources));
            s.title = trim(*c.attribute("title"));
            s.author = trim(c.attributeOr("author", ""));
            s.url = trim(c.attributeOr("url", ""));
            s.date = trim(c.attributeOr("date", ""));
            sc->sources.push_back(std::move(s));
        } else {
            fail(c, "is not a part of a poster (layout, picture, source)");
        }
    }
    if (sc->layouts.empty())
        for (const Layout& l : layouts()) sc->layouts.push_back(&l);
    return sc;
}

// ---- undo: the layout, the pictures and the sources as one token "layout;P1;P2;S1,S2" ("-" for none)

std::string snapshot(const State& s) {
    std::string out = s.layout;
    for (const std::string& p : s.pictures) out += ";" + (p.empty() ? std::string("-") : p);
    std::string cited;
    for (const std::string& id : s.sources) cited += (cited.empty() ? "" : ",") + id;
    return out + ";" + (cited.empty() ? std::string("-") : cited);
}

// Reads a snapshot into `s`; false when it is not one this scenario could have made.
bool restore(const PosterScenario& sc, const std::string& token, State& s) {
    const std::vector<std::string> parts = split(token, ';');
    if (parts.size() != 2 + kPictureSlots || !sc.layout(parts[0])) return false;
    State r = s;
    r.layout = parts[0];
    for (size_t i = 0; i < kPictureSlots; ++i) {
        const std::string& p = parts[1 + i];
        if (p != "-" && !sc.picture(p)) return false;
        r.pictures[i] = p == "-" ? "" : p;
    }
    r.sources.clear();
    if (parts.back() != "-")
        for (const std::string& id : split(parts.back(), ',')) {
            if (!sc.source(id) || std::find(r.sources.begin(), r.sources.end(), id) != r.sources.end()) return false;
            r.sources.push_back(id);
        }
    s = std::move(r);
    return true;
}

State remember(State s) {
    if (s.undo.size() >= kMaxUndo) s.undo.erase(s.undo.begin());
    s.undo.push_back(snapshot(s));
    return s;
}

// ---- the demo's pupil

// The values of an output's correct response, when the item declares one.
std::vector<std::string> correctOf(const SimulationTarget& target, Output output) {
    if (target.outputs.size() <= output || !target.outputs[output]) return {};
    const auto& correct = target.outputs[output]->correctResponse;
    return correct ? correct->items : std::vector<std::string>{};
}

// A poster a simulated pupil leaves: each part (title, text, pictures, sources, layout) done as
// the item's correct responses say with probability `fraction`, else left out or done otherwise.
Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const PosterScenario&>(scenario);
    std::uniform_real_distribution<double> u(0, 1);
    auto right = [&] { return u(rng) < fraction; };
    State s = startState(sc);
    std::string words;  // the item's own words for a title and a text: its pictures' alt texts
    for (const Picture& p : sc.pictures) words += (words.empty() ? "" : ". ") + p.alt;
    if (words.empty()) words = "Poster";

    const std::vector<std::string> wantLayout = correctOf(target, kLayoutOut);
    const bool scoredLayout = !wantLayout.empty() && sc.layout(wantLayout[0]);
    if (right()) {
        if (!correctOf(target, kTitleOut).empty())
            s = setTitle(sc, s, correctOf(target, kTitleOut)[0]);
        else
            s = setTitle(sc, s, cut(sc.pictures.empty() ? words : sc.pictures[0].alt, 40));
    }
    const bool layoutRight = right();
    if (scoredLayout && layoutRight) {
        s.layout = wantLayout[0];
    } else if (scoredLayout) {
        for (const Layout* l : sc.layouts)
            if (l->id != wantLayout[0]) {
                s.layout = std::string(l->id);
                break;
            }
    }
    if (right()) {
        std::vector<std::string> pictures = correctOf(target, kPicturesOut);
        if (pictures.empty() && !sc.pictures.empty()) pictures = {sc.pictures[0].id};
        std::erase_if(pictures, [&](const std::string& id) { return !sc.picture(id); });
        // A layout with room for them, unless the item scores the layout.
        if (!scoredLayout && shownLayout(sc, s).pictureSlots() < pictures.size())
            for (const Layout* l : sc.layouts)
                if (l->pictureSlots() >= pictures.size()) {
                    s.layout = std::string(l->id);
                    break;
                }
        for (size_t i = 0; i < pictures.size() && i < shownLayout(sc, s).pictureSlots(); ++i)
            s.pictures[i] = pictures[i];
    }
    if (right()) {
        std::vector<std::string> cited = correctOf(target, kSourcesOut);
        if (cited.empty())
            for (size_t i = 0; i < sc.sources.size() && i < 2; ++i) cited.push_back(sc.sources[i].id);
        for (const std::string& id : cited)
            if (sc.source(id) && std::find(s.sources.begin(), s.sources.end(), id) == s.sources.end())
                s.sources.push_back(id);
    }
    if (right()) {
        const std::vector<std::string> text = correctOf(target, kTextOut);
        s = setText(sc, s, 0, text.empty() ? words + "." : text[0]);
    }
    return toResponse(s);
}

std::vector<Value> project(const Scenario& scenario, const Value& response) {
    const auto& sc = static_cast<const PosterScenario&>(scenario);
    const State s = fromResponse(sc, response);
    auto text = [](const std::string& t) {
        return trim(t).empty() ? Value::null(Cardinality::Single, BaseType::String)
                               : Value::single(BaseType::String, t);
    };
    return {
        text(s.title),
        text(shownText(sc, s)),
        Value::container(Cardinality::Multiple, BaseType::Identifier, shownPictures(sc, s)),
        Value::container(Cardinality::Multiple, BaseType::Identifier, s.sources),
        Value::single(BaseType::Identifier, std::string(shownLayout(sc, s).id)),
    };
}

}  // namespace

size_t Layout::textBoxes() const {
    return static_cast<size_t>(
        std::count_if(regions.begin(), regions.end(), [](const Region& r) { return r.kind == RegionKind::Text; }));
}

size_t Layout::pictureSlots() const {
    return static_cast<size_t>(
        std::count_if(regions.begin(), regions.end(), [](const Region& r) { return r.kind == RegionKind::Picture; }));
}

const std::vector<Layout>& layouts() {
    static const std::vector<Layout> all = builtInLayouts();
    return all;
}

const Layout* findLayout(std::string_view id) {
    for (const Layout& l : layouts())
        if (l.id == id) return &l;
    return nullptr;
}

std::string reference(const Source& source) {
    std::string out;
    for (const std::string* part : {&source.author, &source.title, &source.url, &source.date})
        if (!part->empty()) out += (out.empty() ? "" : ", ") + *part;
    return out;
}

const Layout* PosterScenario::layout(std::string_view id) const {
    for (const Layout* l : layouts)
        if (l->id == id) return l;
    return nullptr;
}

const Picture* PosterScenario::picture(std::string_view id) const {
    for (const Picture& p : pictures)
        if (p.id == id) return &p;
    return nullptr;
}

const Source* PosterScenario::source(std::string_view id) const {
    for (const Source& s : sources)
        if (s.id == id) return &s;
    return nullptr;
}

std::string boxId(size_t box) {
    return "T" + std::to_string(box + 1);
}

std::string slotId(size_t slot) {
    return "P" + std::to_string(slot + 1);
}

std::optional<size_t> boxFromId(std::string_view id) {
    for (size_t i = 0; i < kTextBoxes; ++i)
        if (id == boxId(i)) return i;
    return std::nullopt;
}

std::optional<size_t> slotFromId(std::string_view id) {
    for (size_t i = 0; i < kPictureSlots; ++i)
        if (id == slotId(i)) return i;
    return std::nullopt;
}

State startState(const PosterScenario& scenario) {
    State s;
    s.layout = scenario.layouts.empty() ? std::string(layouts()[0].id) : std::string(scenario.layouts[0]->id);
    return s;
}

const Layout& shownLayout(const PosterScenario& scenario, const State& state) {
    if (const Layout* l = scenario.layout(state.layout)) return *l;
    return scenario.layouts.empty() ? layouts()[0] : *scenario.layouts[0];
}

std::vector<std::string> shownPictures(const PosterScenario& scenario, const State& state) {
    std::vector<std::string> out;
    const size_t slots = shownLayout(scenario, state).pictureSlots();
    for (size_t i = 0; i < slots && i < kPictureSlots; ++i)
        if (!state.pictures[i].empty() && std::find(out.begin(), out.end(), state.pictures[i]) == out.end())
            out.push_back(state.pictures[i]);
    return out;
}

std::string shownText(const PosterScenario& scenario, const State& state) {
    std::string out;
    const size_t boxes = shownLayout(scenario, state).textBoxes();
    for (size_t i = 0; i < boxes && i < kTextBoxes; ++i)
        if (!trim(state.texts[i]).empty()) out += (out.empty() ? "" : "\n\n") + state.texts[i];
    return out;
}

std::optional<State> apply(const PosterScenario& sc, const State& state, const Action& action) {
    const std::string& arg = action.argument;
    State s = state;
    if (action.name == "layout") {
        if (!sc.layout(arg)) return std::nullopt;
        if (s.layout == arg) return s;
        s = remember(s);
        s.layout = arg;
        return s;
    }
    if (action.name == "place-picture" || action.name == "remove-picture") {
        const bool place = action.name == "place-picture";
        const auto colon = arg.find(':');
        const auto slot = slotFromId(place ? std::string_view(arg).substr(0, colon) : std::string_view(arg));
        if (!slot || *slot >= shownLayout(sc, s).pictureSlots()) return std::nullopt;
        if (place && (colon == std::string::npos || !sc.picture(arg.substr(colon + 1)))) return std::nullopt;
        const std::string picture = place ? arg.substr(colon + 1) : std::string();
        if (s.pictures[*slot] == picture) return s;
        s = remember(s);
        s.pictures[*slot] = picture;
        return s;
    }
    if (action.name == "add-source" || action.name == "remove-source") {
        if (!sc.source(arg)) return std::nullopt;
        const auto at = std::find(s.sources.begin(), s.sources.end(), arg);
        const bool add = action.name == "add-source";
        if ((at != s.sources.end()) == add) return s;
        s = remember(s);
        if (add)
            s.sources.push_back(arg);
        else
            s.sources.erase(std::find(s.sources.begin(), s.sources.end(), arg));
        return s;
    }
    if (action.name == "undo") {
        if (!arg.empty()) return std::nullopt;
        if (s.undo.empty()) return s;
        const std::string last = s.undo.back();
        s.undo.pop_back();
        restore(sc, last, s);  // fromResponse let only snapshots of this scenario in
        return s;
    }
    return std::nullopt;
}

State setTitle(const PosterScenario& scenario, State state, std::string_view typed) {
    state.title = cut(typed, static_cast<size_t>(scenario.maxTitleBytes));
    return state;
}

State setText(const PosterScenario& scenario, State state, size_t box, std::string_view typed) {
    if (box < kTextBoxes) state.texts[box] = cut(typed, static_cast<size_t>(scenario.maxTextBytes));
    return state;
}

State setOwnSource(State state, std::string_view typed) {
    state.ownSource = cut(typed, kMaxOwnSourceBytes);
    return state;
}

Value toResponse(const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    auto add = [&](const char* name, std::string value) {
        v.fields.push_back({name, BaseType::String, std::move(value)});
    };
    std::string sources, undo;
    for (const std::string& id : s.sources) sources += (sources.empty() ? "" : " ") + id;
    for (const std::string& token : s.undo) undo += (undo.empty() ? "" : " ") + token;
    add("layout", s.layout);
    add("title", s.title);
    for (size_t i = 0; i < kTextBoxes; ++i) add(("text" + std::to_string(i + 1)).c_str(), s.texts[i]);
    for (size_t i = 0; i < kPictureSlots; ++i) add(("picture" + std::to_string(i + 1)).c_str(), s.pictures[i]);
    add("sources", sources);
    add("own-source", s.ownSource);
    add("undo", undo);
    return v;
}

State fromResponse(const PosterScenario& sc, const Value& response) {
    const State fresh = startState(sc);
    if (response.cardinality != Cardinality::Record || response.isNull()) return fresh;
    bool ok = true;
    auto text = [&](const std::string& name, size_t maxBytes) {
        const RecordField* f = response.field(name);
        if (!f || f->baseType != BaseType::String || f->value.size() > maxBytes || !isValidUtf8(f->value)) {
            ok = false;
            return std::string();
        }
        return f->value;
    };
    State s;
    s.layout = text("layout", kMaxIdBytes);
    s.title = text("title", static_cast<size_t>(sc.maxTitleBytes));
    for (size_t i = 0; i < kTextBoxes; ++i)
        s.texts[i] = text("text" + std::to_string(i + 1), static_cast<size_t>(sc.maxTextBytes));
    for (size_t i = 0; i < kPictureSlots; ++i) {
        s.pictures[i] = text("picture" + std::to_string(i + 1), kMaxIdBytes);
        ok = ok && (s.pictures[i].empty() || sc.picture(s.pictures[i]));
    }
    for (const std::string& id : splitWhitespace(text("sources", kMaxSources * (kMaxIdBytes + 1)))) {
        ok = ok && sc.source(id) && std::find(s.sources.begin(), s.sources.end(), id) == s.sources.end();
        s.sources.push_back(id);
    }
    s.ownSource = text("own-source", kMaxOwnSourceBytes);
    const std::string undo = text("undo", kMaxUndo * (kMaxIdBytes + 1) * (2 + kPictureSlots + kMaxSources));
    for (const std::string& token : splitWhitespace(undo)) {
        State probe = s;
        ok = ok && restore(sc, token, probe);
        s.undo.push_back(token);
    }
    ok = ok && sc.layout(s.layout) && s.undo.size() <= kMaxUndo;
    return ok ? s : fresh;
}

const EnvironmentType kType{
    "poster",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {"title-response", Cardinality::Single, BaseType::String, "the poster's title"},
        {"text-response", Cardinality::Single, BaseType::String, "the text on the poster"},
        {"pictures-response", Cardinality::Multiple, BaseType::Identifier, "the pictures on the poster"},
        {"sources-response", Cardinality::Multiple, BaseType::Identifier, "the sources cited"},
        {"layout-response", Cardinality::Single, BaseType::Identifier, "the poster's layout"},
    },
    project,
    true,  // holdsTypedText
};

}  // namespace dlk::sim::poster
