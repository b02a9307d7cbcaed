// positionObjectStage: a picture (the stage) and the objects of its positionObjectInteractions,
// each put on the stage by dragging, or by picking it and clicking (or pointing with the arrow
// keys and Enter); each interaction's answer is the point(s) where its object was put.
#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <optional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/widget_kit.h"

namespace dlk::ui::widgets {

void positionObjectStage(ItemView& view, const BodyNode& stage) {
    const Picture pic = pictureOf(view, stage);
    struct Placeable {
        ResponseBinding response;
        Picture picture;
        ImVec2 center;  // the object's own point that lands on the answer point
        int maxChoices;
    };
    std::vector<Placeable> objects;
    for (const BodyNode* n : descendantsNamed(stage, "positionObjectInteraction")) {
        auto binding = ResponseBinding::of(view, *n);
        if (!binding) continue;
        view.prompt(*n);
        Placeable o{*binding, pictureOf(view, *n), {}, 1};
        o.center = ImVec2(o.picture.width / 2, o.picture.height / 2);
        if (const auto cp = parsePoint(n->attributeOr("centerPoint", ""))) o.center = *cp;
        o.maxChoices = o.response.single() ? 1 : intAttr(*n, "maxChoices", 1);
        objects.push_back(std::move(o));
    }
    if (objects.empty()) return view.unsupported(stage);

    ImGui::PushID(("stage/" + objects.front().response.id()).c_str());
    std::string& pickedId = view.state().picked[objects.front().response.stateKey() + "/stage"];
    int picked = -1;
    for (size_t k = 0; k < objects.size(); ++k)
        if (objects[k].response.id() == pickedId) picked = static_cast<int>(k);
    const Canvas c = pictureCanvas("stage", pic, view.left(), view.width(), true);
    const std::string payloadType = "DLK_POS";
    std::optional<std::pair<size_t, ImVec2>> put;  // which object, where
    bool needPick = false;
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* payload =
                ImGui::AcceptDragDropPayload(payloadType.c_str(), ImGuiDragDropFlags_AcceptNoPreviewTooltip)) {
            size_t k;
            std::memcpy(&k, payload->Data, sizeof k);
            if (k < objects.size()) put = {k, c.mouseAt};
        }
        ImGui::EndDragDropTarget();
    }
    ImVec2 cross;
    std::optional<ImVec2> at;
    if (crosshairKeys(c, cross)) at = cross;
    if (c.clicked) at = c.mouseAt;

    // Where each placed object sits on the screen, to draw it and to find it under a click.
    auto rectOf = [&](const Placeable& o, ImVec2 point) {
        const ImVec2 a = c.toScreen(ImVec2(point.x - o.center.x, point.y - o.center.y));
        return ImRect(a, ImVec2(a.x + o.picture.width * c.scale, a.y + o.picture.height * c.scale));
    };
    auto setPoints = [&](Placeable& o, const std::vector<std::string>& items) { o.response.setItems(items); };
    if (at && !put) {
        // A placed object under the click (or the crosshair) is taken off the stage again.
        const ImVec2 s = c.toScreen(*at);
        bool removed = false;
        for (auto it = objects.rbegin(); it != objects.rend() && !removed; ++it) {
            std::vector<std::string> items = it->response.current().items;
            for (size_t n = items.size(); n-- > 0;) {
                const auto pt = parsePoint(items[n]);
                if (pt && rectOf(*it, *pt).Contains(s)) {
                    items.erase(items.begin() + static_cast<long>(n));
                    setPoints(*it, items);
                    removed = true;
                    break;
                }
            }
        }
        if (!removed) {
            if (picked >= 0)
                put = {static_cast<size_t>(picked), *at};
            else if (objects.size() == 1)
                put = {0, *at};
            else
                needPick = true;
        }
    }
    bool full = false;
    if (put) {
        Placeable& o = objects[put->first];
        std::vector<std::string> items = o.response.current().items;
        const std::string v = pointValue(put->second, c);
        if (o.response.single())
            items = {v};
        else if (o.maxChoices == 0 || static_cast<int>(items.size()) < o.maxChoices)
            items.push_back(v);
        else
            full = true;
        if (!full) setPoints(o, items);
        pickedId.clear();
        picked = -1;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    dl->PushClipRect(c.min, c.max(), true);
    for (const auto& o : objects)
        for (const auto& v : o.response.current().items)
            if (const auto pt = parsePoint(v)) {
                const ImRect r = rectOf(o, *pt);
                drawPicture(dl, o.picture, r.Min, r.Max);
                dl->AddRect(r.Min, r.Max, p.accent, 0, 0, strokeWidth());
                const ImVec2 s = c.toScreen(*pt);
                dl->AddCircleFilled(s, em(0.25f) + 2.0f, p.surface, 12);
                dl->AddCircleFilled(s, em(0.25f), p.accent, 12);
            }
    dl->PopClipRect();
    drawCrosshair(c, cross);

    // The objects to place, below the stage; a drag shows the object under the pointer.
    ImGui::Dummy(em(0, 0.2f));
    RowFlow row{view.left(), view.width()};
    for (size_t k = 0; k < objects.size(); ++k) {
        const Placeable& o = objects[k];
        row.place(tileSize(o.picture.alt, &o.picture, c.scale).x);
        const bool spent = o.maxChoices > 0 && static_cast<int>(o.response.current().items.size()) >= o.maxChoices &&
                           !o.response.single();
        if (tile(o.response.id().c_str(), o.picture.alt, &o.picture, c.scale, picked == static_cast<int>(k), spent))
            pickedId = picked == static_cast<int>(k) ? "" : o.response.id();
        if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_SourceNoPreviewTooltip)) {
            ImGui::SetDragDropPayload(payloadType.c_str(), &k, sizeof k);
            const ImVec2 m = ImGui::GetIO().MousePos;
            const ImVec2 a(m.x - o.center.x * c.scale, m.y - o.center.y * c.scale);
            drawPicture(ImGui::GetForegroundDrawList(), o.picture, a,
                        ImVec2(a.x + o.picture.width * c.scale, a.y + o.picture.height * c.scale));
            ImGui::EndDragDropSource();
        }
    }
    hint(objects.size() > 1 && picked < 0
             ? tr("Klik eerst op wat je wilt plaatsen en daarna op de plek. Je kunt het ook slepen.")
             : tr("Sleep het naar de goede plek, of klik op de plek in de afbeelding. Klik op iets dat al staat om het "
                  "weg te halen."),
         view.left(), view.width(), needPick ? p.text : 0);
    if (c.keyboard)
        hint(tr("Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent."),
             view.left(), view.width());
    for (const auto& o : objects)
        if (!o.response.single() && o.maxChoices > 0)
            hint(format(tr("Je kunt dit hoogstens %d keer plaatsen."), o.maxChoices), view.left(), view.width(),
                 full || static_cast<int>(o.response.current().items.size()) >= o.maxChoices ? p.text : 0);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

}  // namespace dlk::ui::widgets
