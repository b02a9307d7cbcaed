// The poster editor's view (model: app/core/sim/poster): a toolbar (the layouts and Undo), the
// poster drawn as a 4:3 page scaled to the column, with its title and text boxes edited in place
// and its picture places, and beside it (below it in a narrow column) the pictures to choose from
// and the sources to cite.
//
// A picture goes onto the poster by dragging it onto a place, or without a mouse: choose a place
// on the poster (click, Enter or Space), then a picture (or a picture first, then the place).
// Typing is stored as the pupil types (committed once typing pauses and when the field is left);
// the first change in a field is an action of its own (edit-title, edit-text=T1, edit-source),
// so process data shows where the pupil wrote, never what.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <optional>
#include <string>
#include <vector>

#include "sim/poster/poster.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/soft_wrap.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/wide_text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::poster;

constexpr const char* kPayload = "DLK_POSTER_PICTURE";

std::string layoutName(std::string_view id) {
    if (id == "picture-left") return tr("Afbeelding links");
    if (id == "big-picture") return tr("Grote afbeelding");
    if (id == "two-columns") return tr("Twee kolommen");
    if (id == "text-only") return tr("Alleen tekst");
    return std::string(id);
}

std::string numbered(const char* word, size_t index) {
    return std::string(word) + " " + std::to_string(index + 1);
}

float measure(std::string_view s) {
    return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
}

// What a field's edit callback needs: the byte limit and, for a text box, the soft wrap.
struct FieldContext {
    size_t maxBytes;
    float wrapWidth;            // 0: a one-line field, no wrap
    const std::string* before;  // the field's text before this frame's edit
    std::vector<int>* softBreaks;
};

// A typed emoji gets its stand-in; after every edit: keep the text within its limit (never cutting
// a letter), then wrap it afresh.
int afterEdit(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return wideCharFilter(data);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
    auto& f = *static_cast<FieldContext*>(data->UserData);
    limitUtf8Bytes(data, f.maxBytes);
    if (f.wrapWidth <= 0) return 0;
    const std::string_view after(data->Buf, static_cast<size_t>(data->BufTextLen));
    const std::vector<int> carried = carrySoftBreaks(*f.before, after, *f.softBreaks);
    const std::string typed = typedText(std::string(after), carried);
    const std::string display = wrapForDisplay(typed, f.wrapWidth, measure, *f.softBreaks);
    if (display != after) {
        std::copy(display.begin(), display.end(), data->Buf);  // the same length: the cursor stays put
        data->BufDirty = true;
    }
    return 0;
}

// A picture of the scenario as the picture kit draws it: the file, or its alt text in a frame.
picture::Picture pictureOf(const ItemView& view, const Picture& p) {
    picture::Picture out;
    out.alt = p.alt;
    if (view.images() && !p.src.empty()) out.image = &view.images()->get(view.item().sourcePath, p.src);
    const bool loaded = out.image && out.image->ok();
    if (p.width > 0 && p.height > 0) {
        out.width = p.width;
        out.height = p.height;
    } else if (loaded) {
        out.width = static_cast<float>(out.image->width);
        out.height = static_cast<float>(out.image->height);
    }
    return out;
}

// A rectangle of `w` by `h` fitted into [a, b], centred.
void fitInto(ImVec2 a, ImVec2 b, float w, float h, ImVec2& outA, ImVec2& outB) {
    const float s = std::min((b.x - a.x) / w, (b.y - a.y) / h);
    const ImVec2 size(w * s, h * s);
    outA = ImVec2(a.x + (b.x - a.x - size.x) / 2, a.y + (b.y - a.y - size.y) / 2);
    outB = ImVec2(outA.x + size.x, outA.y + size.y);
}

class PosterEditor {
public:
    explicit PosterEditor(EnvironmentContext& context)
        : ctx(context),
          sc(static_cast<const PosterScenario&>(ctx.scenario)),
          state(fromResponse(sc, ctx.response.current())),
          key(ctx.response.stateKey()),
          pickedSlot(ctx.view.state().picked[key + "/slot"]),
          pickedPicture(ctx.view.state().picked[key + "/picture"]) {}

    void draw() {
        const float left = ctx.view.left(), width = ctx.view.width();
        const float gap = em(0.8f);
        toolbar(left, width);
        ImGui::Dummy(em(0, 0.3f));
        // Side by side where the column has room for both; the panels below the poster otherwise.
        const bool wide = width >= em(36);
        // The whole page in the window where it can be (at 200% text on a small screen it cannot).
        const float fitW = std::floor(std::max(em(12), ImGui::GetWindowHeight() - em(2)) * 4 / 3);
        const float canvasW = std::min(wide ? std::floor(width * 0.6f) : width, fitW);
        const float panelLeft = wide ? left + canvasW + gap : left;
        const float panelW = wide ? width - canvasW - gap : width;
        const float top = ImGui::GetCursorPosY();
        canvas(left, canvasW, wide);
        const float canvasBottom = ImGui::GetCursorPosY();
        if (wide) ImGui::SetCursorPosY(top);
        picturesPanel(panelLeft, panelW);
        ImGui::SetCursorPosY(std::max(canvasBottom, ImGui::GetCursorPosY()) + em(0.3f));
        // The sources below, the width of the column: a reference reads on one line.
        if (!sc.sources.empty()) sourcesPanel(left, width);
        ImGui::SetCursorPosX(left);
        ImGui::Dummy(ImVec2(1, 1));
        if (next) ctx.act(next->first, toResponse(next->second));
    }

private:
    // A change the pupil made this frame (at most one), stored after drawing.
    void change(sim::Action action, const State& s) {
        if (!next) next.emplace(std::move(action), s);
    }
    void apply(const sim::Action& action) {
        if (auto s = sim::poster::apply(sc, state, action); s && !(*s == state)) change(action, *s);
    }

    void toolbar(float left, float width) {
        kit::RowFlow row{left, width};
        const std::string label = std::string(tr("Indeling")) + ":";
        row.place(ImGui::CalcTextSize(label.c_str()).x);
        // The word on the buttons' middle line.
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float rowH = std::max(em(2.6f), ImGui::GetTextLineHeight() + em(1));
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x, at.y + (rowH - ImGui::GetTextLineHeight()) / 2),
                                            palette().text, label.c_str());
        ImGui::Dummy(ImVec2(ImGui::CalcTextSize(label.c_str()).x, rowH));
        a11yRecord("text", label);
        const Layout& shown = shownLayout(sc, state);
        for (const Layout* l : sc.layouts) {
            const std::string name = layoutName(l->id) + "##layout-" + std::string(l->id);
            row.place(ImGui::CalcTextSize(name.c_str(), nullptr, true).x + em(2));
            const bool selected = l == &shown;
            if (bigButton(name.c_str(), selected)) apply({"layout", std::string(l->id)});
            if (selected) a11yRecord("choice", std::string(tr("Indeling")) + ": " + layoutName(l->id), true);
        }
        const char* undo = tr("Ongedaan maken");
        row.place(ImGui::CalcTextSize(undo).x + em(2));
        if (bigButton(undo, false, 0, !state.undo.empty())) apply({"undo", ""});
    }

    // A field of the poster or the sources panel, edited in place: `size.y` 0 is one line.
    // Returns the text as typed when the pupil changed it this frame.
    std::optional<std::string> field(const char* id, const std::string& stored, size_t maxBytes, ImVec2 size,
                                     ImFont* font, const std::string& hint, const std::string& spoken) {
        const std::string bufferKey = key + "/" + id;
        std::string& display = ctx.view.state().textBuffers[bufferKey];
        std::vector<int>& softBreaks = ctx.view.state().softBreaks[bufferKey];
        const bool multiline = size.y > 0;
        if (font) ImGui::PushFont(font);
        const ImGuiStyle& style = ImGui::GetStyle();
        const float wrapWidth =
            multiline ? std::max(em(2), size.x - 2 * style.FramePadding.x - style.ScrollbarSize - em(0.3f)) : 0.0f;
        const ImGuiID fieldId = ImGui::GetID(id);
        // The field edits ImGui's form of the text (stand-ins for an emoji); the poster keeps
        // exactly what was typed.
        if (ImGui::GetActiveID() != fieldId)
            display =
                multiline ? wrapForDisplay(toImGuiText(stored), wrapWidth, measure, softBreaks) : toImGuiText(stored);
        const std::string before = display;
        FieldContext f{maxBytes, wrapWidth, &before, &softBreaks};
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, em(0.06f)));
        ImGui::PushStyleColor(ImGuiCol_Border, palette().border);
        bool edited;
        const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackCharFilter;
        if (multiline) {
            edited = ImGui::InputTextMultiline(id, &display, size, flags, afterEdit, &f);
        } else {
            ImGui::SetNextItemWidth(size.x);
            edited = ImGui::InputTextWithHint(id, hint.c_str(), &display, flags, afterEdit, &f);
        }
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        if (font) ImGui::PopFont();
        a11yRecord("textbox", spoken);
        focusRing();
        // A text box has no hint of its own: its name, faint, while it is empty.
        if (multiline && display.empty() && !ImGui::IsItemActive()) {
            const ImVec2 at = ImGui::GetItemRectMin();
            ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + style.FramePadding.x, at.y + style.FramePadding.y),
                                                palette().mutedText, hint.c_str());
        }
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const ImGuiID editedKey = ImGui::GetID((std::string(id) + "#edited").c_str());
        if (ImGui::IsItemActivated()) storage->SetBool(editedKey, false);
        if (ImGui::IsItemDeactivated()) ctx.view.session().flush(ctx.view.now());
        if (!edited) return std::nullopt;
        return fromImGuiText(multiline ? typedText(display, softBreaks) : display);
    }

    // A change of typed text: the first in a visit to the field is an action (committed with
    // the event), the rest are stored as typing.
    void typed(const char* id, sim::Action action, const State& s) {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const ImGuiID editedKey = ImGui::GetID((std::string(id) + "#edited").c_str());
        if (!storage->GetBool(editedKey, false)) {
            storage->SetBool(editedKey, true);
            change(std::move(action), s);
            return;
        }
        ctx.response.setAll(sim::responsesFor(ctx.type, ctx.binding, ctx.response.id(), toResponse(s)), true);
    }

    void canvas(float left, float width, bool wide) {
        const Palette& p = palette();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImGui::SetCursorPosX(left);
        const ImVec2 page = ImGui::GetCursorScreenPos();
        const float w = width, h = std::floor(width * 0.75f);
        const ImVec2 pageEnd(page.x + w, page.y + h);
        // The page: a sheet with a shadow on the desk.
        const float shadow = std::max(2.0f, em(0.2f));
        dl->AddRectFilled(ImVec2(page.x + shadow, page.y + shadow), ImVec2(pageEnd.x + shadow, pageEnd.y + shadow),
                          picture::withAlpha(p.text, 40));
        dl->AddRectFilled(page, pageEnd, p.surface);
        dl->AddRect(page, pageEnd, p.border, 0, 0, std::max(1.0f, em(0.06f)));
        a11yRecordArea("text", std::string(tr("Poster")) + ": " + layoutName(shownLayout(sc, state).id), page, pageEnd);

        const Layout& layout = shownLayout(sc, state);
        for (const Region& r : layout.regions) {
            const ImVec2 a(page.x + r.x * w, page.y + r.y * h);
            const ImVec2 size(r.w * w, r.h * h);
            ImGui::SetCursorScreenPos(a);
            ImGui::PushID(static_cast<int>(r.kind) * 16 + static_cast<int>(r.slot));
            switch (r.kind) {
                case RegionKind::Title:
                    titleRegion(size);
                    break;
                case RegionKind::Text:
                    textRegion(r.slot, size);
                    break;
                case RegionKind::Picture:
                    pictureRegion(r.slot, a, size, wide);
                    break;
                case RegionKind::Sources:
                    if (!sc.sources.empty() || !state.ownSource.empty()) sourcesRegion(a, size);
                    break;
            }
            ImGui::PopID();
        }
        ImGui::SetCursorScreenPos(ImVec2(page.x, pageEnd.y + shadow));
        ImGui::Dummy(ImVec2(w, em(0.5f)));
    }

    void titleRegion(ImVec2 size) {
        const std::string title = tr("Titel");
        // A title too long for the large letters steps down to the bold body letters, so the poster
        // shows it whole ("Op bezoek bij Museum De Ont" was all a pupil saw of theirs).
        ImFont* font = ctx.view.fonts().large;
        const float room = size.x - 2 * ImGui::GetStyle().FramePadding.x - em(0.5f);
        if (font && font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, state.title.c_str()).x > room)
            font = ctx.view.fonts().bold;
        if (auto t = field("##title", state.title, static_cast<size_t>(sc.maxTitleBytes), ImVec2(size.x, 0), font,
                           title, title))
            typed("##title", {"edit-title", ""}, setTitle(sc, state, *t));
    }

    void textRegion(size_t box, ImVec2 size) {
        const std::string name = numbered(tr("Tekst"), box);
        const std::string id = "##text" + std::to_string(box + 1);
        if (auto t =
                field(id.c_str(), state.texts[box], static_cast<size_t>(sc.maxTextBytes), size, nullptr, name, name))
            typed(id.c_str(), {"edit-text", boxId(box)}, setText(sc, state, box, *t));
    }

    void pictureRegion(size_t slot, ImVec2 a, ImVec2 size, bool wide) {
        const Palette& p = palette();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const std::string id = slotId(slot);
        const Picture* placed = state.pictures[slot].empty() ? nullptr : sc.picture(state.pictures[slot]);
        const bool selected = pickedSlot == id;
        const std::string name = numbered(tr("Afbeelding"), slot);
        const bool pressed = kit::tabStopButton("##slot", size);
        a11yRecord("button", name + ": " + (placed ? placed->alt : std::string(tr("leeg"))), selected);
        const bool hovered = ImGui::IsItemHovered();
        if (auto dropped = kit::acceptDragPayload(kPayload)) {
            apply({"place-picture", id + ":" + *dropped});
            pickedSlot.clear();
            pickedPicture.clear();
        } else if (pressed) {
            if (!pickedPicture.empty()) {
                apply({"place-picture", id + ":" + pickedPicture});
                pickedPicture.clear();
                pickedSlot.clear();
            } else {
                pickedSlot = selected ? "" : id;
            }
        }
        const ImVec2 b(a.x + size.x, a.y + size.y);
        if (placed) {
            const picture::Picture pic = pictureOf(ctx.view, *placed);
            ImVec2 pa, pb;
            fitInto(a, b, pic.width, pic.height, pa, pb);
            picture::drawPicture(dl, pic, pa, pb);
        } else {
            dl->AddRectFilled(a, b, hovered ? p.selected : p.background);
            const std::string words = std::string(tr("Afbeelding")) + "\n" +
                                      (wide ? tr("Kies er een hiernaast.") : tr("Kies er een hieronder."));
            const ImVec2 ts = ImGui::CalcTextSize(words.c_str(), nullptr, false, size.x - em(0.6f));
            ImGui::PushClipRect(a, b, true);
            dl->AddText(
                ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(a.x + std::max(em(0.3f), (size.x - ts.x) / 2), a.y + std::max(em(0.3f), (size.y - ts.y) / 2)),
                p.mutedText, words.c_str(), nullptr, size.x - em(0.6f));
            ImGui::PopClipRect();
        }
        const float line = selected ? std::max(2.0f, em(0.15f)) : std::max(1.0f, em(0.06f));
        dl->AddRect(a, b, selected ? p.accent : p.border, 0, 0, line);
        focusRing();
    }

    // The sources line at the poster's foot: the full references in the poster's small print; when
    // they do not fit its strip (two long ones did not: the second was cut in half), smaller print,
    // then the authors alone (or the titles, for a source without author), as a designer would.
    void sourcesRegion(ImVec2 a, ImVec2 size) {
        auto line = [&](bool shortForm) {
            std::string text = std::string(tr("Bronnen")) + ": ";
            bool first = true;
            for (const std::string& id : state.sources)
                if (const Source* s = sc.source(id)) {
                    text += (first ? "" : "; ") + (shortForm && !s->author.empty() ? s->author
                                                   : shortForm                     ? s->title
                                                                                   : reference(*s));
                    first = false;
                }
            if (!state.ownSource.empty()) {
                text += (first ? "" : "; ") + state.ownSource;
                first = false;
            }
            if (first) text += "…";
            return text;
        };
        const std::string full = line(false);
        std::string text = full;
        float scale = 0.85f;
        auto fits = [&](const std::string& t, float k) {
            return ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize() * k, FLT_MAX, size.x, t.c_str()).y <= size.y;
        };
        if (!fits(text, scale)) {
            if (fits(text, 0.72f)) {
                scale = 0.72f;
            } else {
                text = line(true);
                scale = fits(text, 0.85f) ? 0.85f : 0.72f;
            }
        }
        ImGui::PushClipRect(a, ImVec2(a.x + size.x, a.y + size.y), true);
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale, a, palette().mutedText,
                                            text.c_str(), nullptr, size.x);
        ImGui::PopClipRect();
        a11yRecordArea("text", full, a, ImVec2(a.x + size.x, a.y + size.y));  // read aloud in full
    }

    void heading(const char* words, float left, float width) {
        ImGui::SetCursorPosX(left);
        wrappedText(words, ctx.view.fonts().bold, 0, width);
    }

    // The pictures to choose from, and taking one off the poster.
    void picturesPanel(float left, float width) {
        heading(tr("Afbeeldingen"), left, width);
        const Layout& layout = shownLayout(sc, state);
        kit::hint(layout.pictureSlots() == 0 ? std::string(tr("Deze indeling heeft geen plaats voor een afbeelding."))
                                             : std::string(tr("Sleep een afbeelding naar de poster, of kies een vak op "
                                                              "de poster en dan een afbeelding.")),
                  left, width);
        ImGui::SetCursorPosX(left);
        kit::RowFlow row{left, width};
        for (const Picture& pic : sc.pictures) {
            const picture::Picture drawn = pictureOf(ctx.view, pic);
            const float scale = std::min(em(4.5f) / drawn.width, em(3.4f) / drawn.height);
            row.place(picture::tileSize(pic.alt, &drawn, scale).x);
            if (picture::tile(pic.id.c_str(), pic.alt, &drawn, scale, pickedPicture == pic.id, false)) {
                if (!pickedSlot.empty()) {
                    apply({"place-picture", pickedSlot + ":" + pic.id});
                    pickedSlot.clear();
                    pickedPicture.clear();
                } else {
                    pickedPicture = pickedPicture == pic.id ? "" : pic.id;
                }
            }
            if (ImGui::BeginDragDropSource()) {
                kit::setDragPayload(kPayload, pic.id, pic.alt);
                ImGui::EndDragDropSource();
            }
        }
        // Taking a picture off the poster: the place chosen, or each filled place.
        for (size_t slot = 0; slot < layout.pictureSlots(); ++slot) {
            if (state.pictures[slot].empty()) continue;
            if (!pickedSlot.empty() && pickedSlot != slotId(slot)) continue;
            const std::string label =
                std::string(tr("Verwijderen")) + ": " + numbered(tr("Afbeelding"), slot) + "##remove-" + slotId(slot);
            row.place(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + em(2));
            if (bigButton(label.c_str(), false)) {
                apply({"remove-picture", slotId(slot)});
                pickedSlot.clear();
            }
        }
        ImGui::Dummy(em(0, 0.6f));
    }

    // The sources found earlier to tick, and one the pupil types.
    void sourcesPanel(float left, float width) {
        heading(tr("Bronnen"), left, width);
        for (const Source& s : sc.sources) {
            const bool cited = std::find(state.sources.begin(), state.sources.end(), s.id) != state.sources.end();
            ImGui::SetCursorPosX(left);
            if (choiceRow(("##source-" + s.id).c_str(), reference(s), cited, Indicator::Check, width))
                apply({cited ? "remove-source" : "add-source", s.id});
        }
        ImGui::SetCursorPosX(left);
        ImGui::TextUnformatted(tr("Bron toevoegen"));
        ImGui::SetCursorPosX(left);
        const std::string own = tr("Bron toevoegen");
        if (auto t = field("##own-source", state.ownSource, kMaxOwnSourceBytes, ImVec2(width, 0), nullptr,
                           tr("Schrijver, titel, website, jaar"), own))
            typed("##own-source", {"edit-source", ""}, setOwnSource(state, *t));
    }

    EnvironmentContext& ctx;
    const PosterScenario& sc;
    const State state;
    const std::string key;
    std::string& pickedSlot;     // a place on the poster chosen, waiting for a picture
    std::string& pickedPicture;  // a picture chosen, waiting for a place
    std::optional<std::pair<sim::Action, State>> next;
};

}  // namespace

void poster(EnvironmentContext& ctx) {
    PosterEditor(ctx).draw();
}

}  // namespace dlk::ui::views
