#pragma once
// A poster (or slide) editor, for the large task at the end of a module (ICILS "producing
// information"): the pupil gives the poster a title, picks a layout, writes in its text boxes,
// places pictures from a given set and cites the sources found earlier in the module. The answer
// is the poster as a record; what a program can check is scored from its outputs, the rest by a
// teacher's rubric (outcomes declared external-scored="human").
//
//   <qti-custom-interaction response-identifier="RESPONSE">
//     <dlk:poster xmlns:dlk="https://dlkiosk.nl/ns/1" max-title="60" max-text="500"
//         title-response="TITLE" text-response="TEXT" pictures-response="PICTURES"
//         sources-response="SOURCES" layout-response="LAYOUT">
//       <dlk:layout id="picture-left"/>            <!-- the layouts offered; the first is the start -->
//       <dlk:layout id="two-columns"/>
//       <dlk:picture id="bij" src="../media/bij.png" alt="Een bij op een paarse bloem"/>
//       <dlk:source id="S1" title="Waarom bijen zo belangrijk zijn" author="Fatima Bakker"
//           url="bijenlab-onderzoek.nl" date="2024"/>
//     </dlk:poster>
//   </qti-custom-interaction>
//
// Scenario: max-title (bytes of the title, 10 to 120, default 60), max-text (bytes per text box,
// 20 to 1000, default 500); layouts from the built-in set (layouts(); without any, all of them);
// at most kMaxPictures pictures (id, src relative to the item, alt; width and height optional)
// and kMaxSources sources (id and title; author, url and date optional). Ids are ASCII
// identifiers of at most kMaxIdBytes, unique among pictures and among sources.
//
// The response is a record of string fields (the base type a stored record keeps exactly):
//   layout       the layout's id
//   title        the title, exactly as typed
//   text1 text2  the text boxes T1 and T2, exactly as typed (line breaks the pupil typed kept)
//   picture1 picture2  the picture in slot P1 and P2: a picture id, "" for an empty slot
//   sources      the sources cited, their ids separated by spaces, in the order added
//   own-source   a source the pupil typed, exactly as typed
//   undo         what Undo goes back to: snapshots of layout, pictures and sources, oldest first
// Text in a box or slot the layout does not show is kept (a later layout may show it again) but
// is not on the poster: the outputs hold what the poster shows.
//
// Outputs, each scored by one standard operator:
//   title-response     single string: the title (NULL when blank)
//   text-response      single string: the text boxes shown, joined by a blank line (NULL when blank)
//   pictures-response  multiple identifier: the pictures shown (containerSize, member)
//   sources-response   multiple identifier: the sources cited (containerSize, member)
//   layout-response    single identifier: the layout (match)
//
// Actions (process data: "poster.<name>=<argument>"): layout=<layout id>, edit-title,
// edit-text=<box: T1 or T2>, place-picture=<slot>:<picture id>, remove-picture=<slot>,
// add-source=<source id>, remove-source=<source id>, edit-source (the typed source), undo.
// Undo takes back the last change of layout, pictures or sources; typing has the text field's own
// undo (Ctrl+Z).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::poster {

// Bounds on a scenario, which comes from outside.
inline constexpr size_t kMaxPictures = 12;
inline constexpr size_t kMaxSources = 12;
inline constexpr size_t kMaxIdBytes = 32;
inline constexpr size_t kMaxAttributeBytes = 200;  // an alt text, a source's title, author, url or date
inline constexpr int kMinTitleBytes = 10, kMaxTitleBytes = 120, kDefaultTitleBytes = 60;
inline constexpr int kMinTextBytes = 20, kMaxTextBytes = 1000, kDefaultTextBytes = 500;
inline constexpr size_t kMaxOwnSourceBytes = 200;
inline constexpr size_t kMaxUndo = 20;  // changes Undo can take back

// The places of a layout.
inline constexpr size_t kTextBoxes = 2;     // T1, T2
inline constexpr size_t kPictureSlots = 2;  // P1, P2

enum class RegionKind { Title, Text, Picture, Sources };

// A place on the page, in fractions of the page's width and height (the page is 4:3).
struct Region {
    RegionKind kind;
    size_t slot = 0;  // which text box or picture slot (0-based)
    float x = 0, y = 0, w = 0, h = 0;
};

struct Layout {
    std::string_view id;
    std::vector<Region> regions;
    size_t textBoxes() const;
    size_t pictureSlots() const;
};

// The built-in layouts: picture-left, big-picture, two-columns, text-only. Each has the title
// at the top and the sources at the bottom.
const std::vector<Layout>& layouts();
const Layout* findLayout(std::string_view id);

struct Picture {
    std::string id, src, alt;
    float width = 0, height = 0;  // as declared; 0 when not (the file's own size is used)
};

struct Source {
    std::string id, title, author, url, date;
};
// A source as a reference on the poster: "Fatima Bakker, Waarom bijen zo belangrijk zijn,
// bijenlab-onderzoek.nl, 2024" (the parts it has, in that order).
std::string reference(const Source& source);

struct PosterScenario : Scenario {
    std::vector<const Layout*> layouts;  // offered, in order; a new poster has the first
    std::vector<Picture> pictures;
    std::vector<Source> sources;
    int maxTitleBytes = kDefaultTitleBytes;
    int maxTextBytes = kDefaultTextBytes;

    const Layout* layout(std::string_view id) const;  // an offered layout, or null
    const Picture* picture(std::string_view id) const;
    const Source* source(std::string_view id) const;
};

struct State {
    std::string layout;
    std::string title;
    std::array<std::string, kTextBoxes> texts;
    std::array<std::string, kPictureSlots> pictures;  // picture ids; "" for an empty slot
    std::vector<std::string> sources;                 // ids, in the order cited
    std::string ownSource;
    std::vector<std::string> undo;  // snapshots, oldest first (at most kMaxUndo)
    bool operator==(const State&) const = default;
};

// "T1", "T2"; "P1", "P2"; nullopt for anything else.
std::string boxId(size_t box);
std::string slotId(size_t slot);
std::optional<size_t> boxFromId(std::string_view id);
std::optional<size_t> slotFromId(std::string_view id);

// A new poster: the first layout offered, nothing on it.
State startState(const PosterScenario& scenario);

// The poster after an action of the closed vocabulary that is not typing: layout, place-picture,
// remove-picture, add-source, remove-source, undo. nullopt for an action it does not know or an
// argument the scenario does not have (a layout not offered, a slot the layout lacks, a picture
// or source that does not exist). An action that changes nothing returns the state as it was.
std::optional<State> apply(const PosterScenario& scenario, const State& state, const Action& action);

// Typing: the text as typed, cut to the scenario's limit at a character boundary. A box the
// state has no room for is ignored.
State setTitle(const PosterScenario& scenario, State state, std::string_view typed);
State setText(const PosterScenario& scenario, State state, size_t box, std::string_view typed);
State setOwnSource(State state, std::string_view typed);

// What the poster shows: the layout (the first offered when the state's is not offered), the
// pictures in its slots (distinct, in slot order), the text of its boxes joined by a blank line.
const Layout& shownLayout(const PosterScenario& scenario, const State& state);
std::vector<std::string> shownPictures(const PosterScenario& scenario, const State& state);
std::string shownText(const PosterScenario& scenario, const State& state);

// The response record for a state, and the state a stored response stands for (NULL or anything
// this scenario could not have produced: a new poster).
Value toResponse(const State& state);
State fromResponse(const PosterScenario& scenario, const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::poster
