// graphicGapMatchInteraction: words or pictures placed on hotspots of a picture (directedPair
// "choice hotspot").
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

namespace {
// The share of a place, from its top, that a piece placed on it may cover.
constexpr float kPlacedShare = 0.6f;
}  // namespace

void graphicGapMatch(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const int maxAssociations = intAttr(node, "maxAssociations", 0);
    const Picture pic = pictureOf(view, node);
    const auto spots = spotsOf(node, "associableHotspot");
    struct Choice {
        std::string id, label;
        std::optional<Picture> picture;
        int matchMax = 1;
    };
    std::vector<Choice> choices;
    std::function<void(const BodyNode&)> collect = [&](const BodyNode& b) {
        for (const auto& ch : b.children) {
            if (ch.isText) continue;
            if (ch.name == "gapImg" || ch.name == "gapText") {
                Choice choice;
                choice.id = ch.attributeOr("identifier", "");
                choice.matchMax = intAttr(ch, "matchMax", 1);
                if (ch.name == "gapImg") {
                    choice.picture = pictureOf(view, ch);
                    choice.label = trim(ch.attributeOr("objectLabel", ""));
                    if (choice.label.empty()) choice.label = choice.picture->alt;
                } else {
                    choice.label = trim(ch.plainText());
                }
                if (choice.label.empty()) choice.label = choice.id;
                choices.push_back(std::move(choice));
            } else if (ch.name != "associableHotspot" && !isPictureNode(ch) && ch.name != "prompt") {
                collect(ch);
            }
        }
    };
    collect(node);
    const Value current = scope->current();
    const auto pairs = pairsOf(current.items);
    std::string& picked = view.state().picked[scope->stateKey()];
    auto choiceIndex = [&](const std::string& id) {
        for (size_t i = 0; i < choices.size(); ++i)
            if (choices[i].id == id) return static_cast<int>(i);
        return -1;
    };
    auto filled = [&](size_t s) {
        return std::any_of(pairs.begin(), pairs.end(), [&](const auto& pr) { return pr.second == spots[s].id; });
    };
    auto uses = [&](const std::string& choiceId) {
        return static_cast<int>(
            std::count_if(pairs.begin(), pairs.end(), [&](const auto& pr) { return pr.first == choiceId; }));
    };

    const std::string payloadType = "DLK_GGM";
    const Canvas c = pictureCanvas("picture", pic, view.left(), view.width(), false);
    std::optional<std::pair<std::string, int>> place;  // choice id -> hotspot index
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(payloadType.c_str())) {
            const std::string choiceId(static_cast<const char*>(payload->Data), static_cast<size_t>(payload->DataSize));
            if (const int s = spotAt(spots, c.mouseAt, c); s >= 0) place = {choiceId, s};
        }
        ImGui::EndDragDropTarget();
    }
    int activated = c.clicked ? spotAt(spots, c.mouseAt, c) : -1;
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i)
        drawSpot(spots[i], c,
                 filled(i)                        ? SpotLook::Chosen
                 : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                  : SpotLook::Idle);
    // What has been placed: its picture, or its words on a label, in the upper part of its place
    // and never larger than among the choices. The lower part stays uncovered: that is where a
    // place says which one it is (the number or name under a folder or an icon, as in every file
    // manager), and a piece laid over it left the pupil unable to tell the places apart.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    for (size_t s = 0; s < spots.size(); ++s) {
        const ImRect r = shapeBounds(spots[s].shape, c.w, c.h);
        const ImVec2 a = c.toScreen(r.Min), b = c.toScreen(r.Max);
        const float margin = std::min(em(0.2f), (b.y - a.y) * 0.05f);
        const float upperBottom = a.y + (b.y - a.y) * kPlacedShare;
        int stacked = 0;
        for (const auto& [choiceId, spotId] : pairs) {
            if (spotId != spots[s].id) continue;
            const int ci = choiceIndex(choiceId);
            if (ci < 0) continue;
            const Choice& ch = choices[static_cast<size_t>(ci)];
            if (ch.picture && ch.picture->image && ch.picture->image->ok() && stacked == 0) {
                const float f = std::min({(b.x - a.x - 2 * margin) / ch.picture->width,
                                          (upperBottom - a.y - margin) / ch.picture->height, c.scale});
                const ImVec2 size(ch.picture->width * f, ch.picture->height * f);
                const ImVec2 at((a.x + b.x - size.x) / 2, a.y + margin);
                drawPicture(dl, *ch.picture, at, ImVec2(at.x + size.x, at.y + size.y));
            } else {
                const ImVec2 ts = ImGui::CalcTextSize(ch.label.c_str());
                const float pad = em(0.25f);
                const ImVec2 center = c.toScreen(shapeCenter(spots[s].shape, c.w, c.h));
                const ImVec2 at(center.x - ts.x / 2,
                                a.y + margin + pad + static_cast<float>(stacked) * (ts.y + em(0.5f)));
                dl->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + ts.x + pad, at.y + ts.y + pad),
                                  p.accent, em(0.2f));
                dl->AddText(at, p.accentText, ch.label.c_str());
            }
            ++stacked;
        }
    }
    if (const int k = spotKeys(spots, c, [&](size_t i) { return filled(i); }); k >= 0) activated = k;
    if (activated >= 0 && !place) {
        if (!picked.empty()) {
            place = {picked, activated};
        } else {
            // A place clicked with nothing picked up gives back what is on it.
            std::vector<std::string> items;
            for (const auto& [ci, si] : pairs)
                if (si != spots[static_cast<size_t>(activated)].id) items.push_back(ci + " " + si);
            if (items.size() != pairs.size()) scope->set(Value::container(decl.cardinality, decl.baseType, items));
        }
    }

    // The choices, below the picture.
    ImGui::Dummy(em(0, 0.2f));
    RowFlow row{view.left(), view.width()};
    for (const auto& ch : choices) {
        const float scale = c.scale;
        row.place(tileSize(ch.label, ch.picture ? &*ch.picture : nullptr, scale).x);
        const bool spent = ch.matchMax > 0 && uses(ch.id) >= ch.matchMax;
        if (tile(ch.id.c_str(), ch.label, ch.picture ? &*ch.picture : nullptr, scale, picked == ch.id, spent))
            picked = picked == ch.id ? "" : ch.id;
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload(payloadType.c_str(), ch.id.data(), ch.id.size());
            ImGui::TextUnformatted(ch.label.c_str());
            ImGui::EndDragDropSource();
        }
    }

    bool full = false;
    if (place) {
        const auto& [choiceId, s] = *place;
        const std::string& spotId = spots[static_cast<size_t>(s)].id;
        std::vector<std::pair<std::string, std::string>> next = pairs;
        const bool exists = std::any_of(next.begin(), next.end(),
                                        [&](const auto& pr) { return pr.first == choiceId && pr.second == spotId; });
        const int ci = choiceIndex(choiceId);
        if (!exists && ci >= 0) {
            // A place that takes one thing swaps it; a choice usable once moves.
            const int spotMax = spots[static_cast<size_t>(s)].matchMax;
            const int choiceMax = choices[static_cast<size_t>(ci)].matchMax;
            auto drop = [&](auto pred) { next.erase(std::remove_if(next.begin(), next.end(), pred), next.end()); };
            const auto onSpot =
                std::count_if(next.begin(), next.end(), [&](const auto& pr) { return pr.second == spotId; });
            if (spotMax == 1)
                drop([&](const auto& pr) { return pr.second == spotId; });
            else if (spotMax > 1 && onSpot >= spotMax)
                full = true;
            const auto used =
                std::count_if(next.begin(), next.end(), [&](const auto& pr) { return pr.first == choiceId; });
            if (choiceMax == 1)
                drop([&](const auto& pr) { return pr.first == choiceId; });
            else if (choiceMax > 1 && used >= choiceMax)
                full = true;
            if (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations) full = true;
            if (!full) {
                next.emplace_back(choiceId, spotId);
                std::vector<std::string> items;
                for (const auto& [x, y] : next) items.push_back(x + " " + y);
                scope->set(Value::container(decl.cardinality, decl.baseType, items));
            }
        }
        picked.clear();
    }
    hint(picked.empty() ? tr("Sleep een stukje naar een plek, of klik erop en daarna op de plek. Klik op een gevulde "
                             "plek om het weer weg te halen.")
                        : tr("Klik nu op de plek waar het heen moet."),
         view.left(), view.width(), picked.empty() ? 0 : p.text);
}

}  // namespace dlk::ui::widgets
