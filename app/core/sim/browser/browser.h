#pragma once
// A web browser with a search engine (information skills: search, judge what a result is
// worth by its author, date, address and whether it is an advert; media literacy: recognise
// advertising). The pupil searches, opens results, follows links, goes back and forward,
// bookmarks pages and copies a paragraph. The pages are the item's own:
//
//   <dlk:browser start="search" engine="Zoekwijzer" chosen-response="CHOSEN" visited-response="VISITED"
//                copied-response="COPIED" bookmarks-response="BOOKMARKS">
//     <dlk:page id="waterschap" address="https://www.waterschap-groenedelta.nl/nieuws/haai"
//               title="Geen haai in De Groene Plas" author="Waterschap Groene Delta" date="3 juni 2025"
//               keywords="haai groene plas zwemmen">
//       <dlk:snippet>Er zit geen haai in De Groene Plas. De foto is bewerkt.</dlk:snippet>
//       <dlk:p>Er zit geen haai in de plas. <dlk:link to="foto">Lees hoe je een nepfoto herkent</dlk:link>.</dlk:p>
//       <dlk:img src="../media/plas.png" alt="De Groene Plas op een zonnige dag" width="400" height="240"/>
//     </dlk:page>
//     <dlk:page id="knuffel" advert="true" .../>
//     <dlk:query text="haai groene plas" results="waterschap knuffel"/>
//   </dlk:browser>
//
// Scenario (read by readScenario, refused with "line N: <element> ..." when unusable):
// - browser: start ("search", the engine's start page, or a page id; default search), engine
//   (the search engine's name, default Zoekwijzer), engine-address (http(s), default
//   https://www.<name>.nl), chosen-rule (first|last: which result opened from a results page is
//   the chosen one; default last, so a pupil who looks at a result and comes back is not held to
//   it), and the four output attributes below.
// - page: id (an identifier; not "search" or "results"; unique), address (http:// or https://,
//   unique), title (required), author, date (optional: their absence is a cue too), advert
//   (true: a labelled advert, listed first and marked "Advertentie"), keywords (words a search
//   finds it by, with the words of its title). Children: at most one snippet (the words under
//   the result; default: the start of its first paragraph), p (text with link elements) and img
//   (src: a file of the item's package; alt required; width and height optional).
// - query: text and results (page ids): the results of that search, in that order, instead of
//   the engine's own matching (same words in any order, ignoring case, accents and small words).
// Without a fixed query a search lists the pages whose keywords or title words match a word
// typed (a word matches another it starts, or that starts it, from 3 letters on): labelled
// adverts first, as real engines do, then by the number of words matched, then in scenario order.
//
// State (the interaction's response, a record of string fields): at ("search", "results" or a
// page id), query (the words of the last search), back and forward (the history: locations,
// space-separated, oldest first / nearest first), visited (page ids in the order first shown),
// chosen (the result chosen from a results page), bookmarks (page ids in the order added),
// copied (the words of the paragraph copied last), copiedFrom ("PAGE N": its page and paragraph
// number). Text the pupil types is only ever in query; every action's argument is a page id.
//
// Outputs (scenario attributes naming response variables the item declares):
//   visited-response   multiple identifier  pages visited         member / contains
//   chosen-response    single identifier    the result chosen     match
//   copied-response    single string        the words copied      stringMatch / substring
//   bookmarks-response multiple identifier  pages bookmarked      member / contains / match
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/item.h"
#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::browser {

// Bounds on a scenario (items come from outside) and on the state a pupil can build.
constexpr size_t kMaxPages = 40;
constexpr size_t kMaxBlocksPerPage = 40;  // paragraphs and pictures
constexpr size_t kMaxLinksPerPage = 40;
constexpr size_t kMaxQueries = 40;
constexpr size_t kMaxResults = 10;      // listed for one search
constexpr size_t kMaxTextBytes = 2000;  // a paragraph or snippet
constexpr size_t kMaxLineBytes = 300;   // an address, title, author, date, keywords, query text
constexpr size_t kMaxHistory = 100;     // locations kept behind (and ahead of) the current one
constexpr size_t kMaxQueryBytes = 200;  // what a pupil can type as a search
constexpr size_t kSnippetBytes = 160;   // the default snippet: the start of the first paragraph

// Locations that are no page: the engine's start page and its results for the query.
inline constexpr std::string_view kSearch = "search";
inline constexpr std::string_view kResults = "results";

// One unit of a paragraph's running text: a word, or a whole link (which wraps as one).
struct Piece {
    std::string text;
    int link = -1;  // the page (index) it links to; -1 for plain words
    bool spaceBefore = false;
};

struct Block {
    bool picture = false;
    int paragraph = 0;          // 1, 2, ... for paragraphs (the N of copiedFrom); 0 for pictures
    std::string text;           // a paragraph's words, whitespace collapsed: what Copy gives
    std::vector<Piece> pieces;  // the same, as laid out
    BodyNode image;             // a picture: an <img> with src, alt and width/height when given
    int line = 0;
};

struct Page {
    std::string id, address, title, author, date, snippet;
    bool advert = false;
    std::vector<std::string> terms;  // what a search matches: keywords and title words, normalised
    std::vector<Block> blocks;
    std::vector<int> links;  // the pages it links to
    int line = 0;
};

struct FixedQuery {
    std::string text;
    std::vector<std::string> terms;  // normalised, sorted, unique
    std::vector<int> results;
    int line = 0;
};

enum class ChosenRule { First, Last };

struct BrowserScenario : Scenario {
    std::string start{kSearch};
    std::string engine = "Zoekwijzer";
    std::string engineAddress;  // https://www.zoekwijzer.nl
    ChosenRule chosenRule = ChosenRule::Last;
    std::vector<Page> pages;
    std::vector<FixedQuery> queries;

    int pageIndex(std::string_view id) const;  // -1 when there is no such page
    const Page* page(std::string_view id) const;
};

struct State {
    std::string at{kSearch};
    std::string query;
    std::vector<std::string> back, forward;
    std::vector<std::string> visited;
    std::string chosen;
    std::vector<std::string> bookmarks;
    std::string copiedFrom;  // "PAGE N", or empty
    bool operator==(const State&) const = default;
};

// Action names (process data: "browser.result=waterschap", "browser.search").
namespace action {
inline constexpr const char* kSearch = "search";               // the typed words searched (no argument)
inline constexpr const char* kHome = "home";                   // the engine's start page
inline constexpr const char* kResult = "result";               // a result opened (page id)
inline constexpr const char* kLink = "link";                   // a link followed (page id)
inline constexpr const char* kAddress = "address";             // a page's address typed (page id)
inline constexpr const char* kOpenBookmark = "open-bookmark";  // a bookmark opened (page id)
inline constexpr const char* kBack = "back";
inline constexpr const char* kForward = "forward";
inline constexpr const char* kBookmark = "bookmark";      // the current page bookmarked (page id)
inline constexpr const char* kUnbookmark = "unbookmark";  // its bookmark taken away (page id)
inline constexpr const char* kCopy = "copy";              // a paragraph copied ("PAGE:N")
}  // namespace action

// How a page is opened; each way checks that the pupil could reach it from where they are.
enum class Via { Result, Link, Address, Bookmark };

State startState(const BrowserScenario& sc);

// The words of a search as the engine compares them: lower case, without accents, split at
// anything that is no letter or digit, small words ("de", "the") left out.
std::vector<std::string> searchTerms(std::string_view text);
// The results of a search (page indices, at most kMaxResults); none for no words.
std::vector<int> results(const BrowserScenario& sc, std::string_view query);

// Each action gives the next state; one that cannot be done from `s` gives `s` unchanged.
State search(const BrowserScenario& sc, State s, std::string_view typed);  // empty words: unchanged
State goHome(const BrowserScenario& sc, State s);
State open(const BrowserScenario& sc, State s, std::string_view pageId, Via via);
State goBack(const BrowserScenario& sc, State s);
State goForward(const BrowserScenario& sc, State s);
State toggleBookmark(const BrowserScenario& sc, State s);  // of the page shown
State copy(const BrowserScenario& sc, State s, std::string_view pageId, int paragraph);

// What typing `typed` in the address bar leads to: a page's id, kSearch for the engine's own
// address, nullopt for anything else (the browser then searches for it). Compared without
// scheme, "www.", a trailing slash or case.
std::optional<std::string> resolveAddress(const BrowserScenario& sc, std::string_view typed);
// The address the address bar shows at a location (results: the engine's address with the query).
std::string addressOf(const BrowserScenario& sc, const State& s);
// The copied paragraph (null when nothing is copied) and its words.
const Block* copiedBlock(const BrowserScenario& sc, const State& s);
std::string copiedText(const BrowserScenario& sc, const State& s);

// The response record for a state, and the state a stored response stands for (NULL, malformed,
// or naming what this scenario does not have: the start state).
Value toResponse(const BrowserScenario& sc, const State& s);
State fromResponse(const BrowserScenario& sc, const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::browser
