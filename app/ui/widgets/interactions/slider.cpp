// sliderInteraction: a number between lowerBound and upperBound in steps (single integer or float).
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
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

void slider(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node, InteractionScope::kStrictBaseType);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const std::string& rid = scope->id();
    const bool integer = decl.baseType == BaseType::Integer;
    double lo = 0, hi = 0;
    if (!parseDouble(node.attributeOr("lowerBound", ""), lo) || !parseDouble(node.attributeOr("upperBound", ""), hi) ||
        !(hi > lo))
        return scope.refuse();
    double step = 0;
    if (!parseDouble(node.attributeOr("step", ""), step) || !(step > 0)) step = integer ? 1 : (hi - lo) / 100;
    if (integer) step = std::max(1.0, std::round(step));
    // As many decimals as the bounds and the step are written with (0.1 steps give 0.3, not 0.30000000000000004).
    auto decimalsOf = [](double v) {
        const std::string s = formatDouble(v);
        const auto dot = s.find('.');
        return dot == std::string::npos ? 0 : static_cast<int>(std::min<size_t>(6, s.size() - dot - 1));
    };
    const int decimals = integer ? 0 : std::max({decimalsOf(step), decimalsOf(lo), 0});
    const int steps = static_cast<int>(std::floor((hi - lo) / step + 1e-9));
    const bool vertical = node.attributeOr("orientation", "horizontal") == "vertical";
    const bool reverse = node.attributeOr("reverse", "false") == "true";
    const bool stepLabel = node.attributeOr("stepLabel", "false") == "true";
    auto valueAt = [&](int k) {
        const double v = lo + step * static_cast<double>(k);
        const double scale = std::pow(10.0, decimals);
        return std::round(v * scale) / scale;
    };
    auto lexical = [&](int k) {
        return integer ? std::to_string(static_cast<long long>(std::llround(valueAt(k)))) : formatDouble(valueAt(k));
    };
    // Pupils read numbers the Dutch way: 2,5.
    const bool comma = view.session().variant().language != "en";
    auto shown = [&](int k) {
        std::string s = lexical(k);
        if (comma) std::replace(s.begin(), s.end(), '.', ',');
        return s;
    };

    const Value current = scope->current();
    double v = lo;
    const bool answered = !current.isNull() && parseDouble(current.items[0], v);
    int k = answered ? std::clamp(static_cast<int>(std::lround((v - lo) / step)), 0, steps) : -1;
    std::optional<int> next;
    bool dragging = false;

    ImGui::SetCursorPosX(view.left());
    if (answered)
        wrappedText(shown(k), view.fonts().large, palette().text, view.width());
    else
        wrappedText(tr("Nog niet gekozen"), view.fonts().large, palette().mutedText, view.width());

    // As wide as bigButton makes them, so the row ends at the column's edge.
    const float button =
        std::max(em(2.6f), std::max(ImGui::CalcTextSize("+").x, ImGui::CalcTextSize("-").x) + em(2.0f));
    const float gapX = em(0.5f);
    const float radius = em(0.7f);
    // Track geometry: t in [0, 1] from the lower to the upper bound along the track.
    ImVec2 trackPos, trackSize;
    auto pointAt = [&](double t) {
        if (reverse) t = 1 - t;
        if (vertical)
            return ImVec2(trackPos.x + trackSize.x / 2,
                          trackPos.y + trackSize.y - radius - static_cast<float>(t) * (trackSize.y - 2 * radius));
        return ImVec2(trackPos.x + radius + static_cast<float>(t) * (trackSize.x - 2 * radius),
                      trackPos.y + trackSize.y / 2);
    };
    auto stepButton = [&](const char* label, int delta) {
        const bool enabled = delta < 0 ? k > 0 : k < steps;
        if (bigButton(label, false, button, enabled || !answered)) next = answered ? k + delta : (delta < 0 ? 0 : 1);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", delta < 0 ? tr("Lager") : tr("Hoger"));
    };

    ImGui::SetCursorPosX(view.left());
    if (!vertical) {
        stepButton(reverse ? "+##inc" : "-##dec", reverse ? 1 : -1);
        ImGui::SameLine(0, gapX);
        trackSize = ImVec2(std::max(em(4), view.width() - 2 * (button + gapX)), em(2.6f));
    } else {
        trackSize = ImVec2(em(2.6f), em(12));
    }
    trackPos = ImGui::GetCursorScreenPos();
    tabStopButton("##track", trackSize);  // Enter or Space on it changes nothing: the arrows do
    a11yRecord("slider", "slider:" + rid, answered);
    const bool focused = ImGui::IsItemFocused();
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
        GImGui->ActiveIdSource == ImGuiInputSource_Mouse) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        // Where the mouse is between the lower bound's end (a) and the upper bound's end (b).
        const ImVec2 a = pointAt(0), b = pointAt(1);
        const double t =
            std::clamp(static_cast<double>(vertical ? (m.y - a.y) / (b.y - a.y) : (m.x - a.x) / (b.x - a.x)), 0.0, 1.0);
        const int at = static_cast<int>(std::lround(t * (hi - lo) / step));
        if (!answered || std::clamp(at, 0, steps) != k) {
            next = std::clamp(at, 0, steps);
            dragging = true;
        }
    }
    if (focused) {
        auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); };
        const int dir = reverse ? -1 : 1;
        int delta = 0;
        if (pressed(ImGuiKey_RightArrow)) delta += dir;
        if (pressed(ImGuiKey_LeftArrow)) delta -= dir;
        if (vertical) {
            if (pressed(ImGuiKey_UpArrow)) delta += dir;
            if (pressed(ImGuiKey_DownArrow)) delta -= dir;
        }
        if (delta != 0) {
            // The arrow moves the value, not the keyboard focus.
            if (GImGui->NavMoveScoringItems || GImGui->NavMoveSubmitted) ImGui::NavMoveRequestCancel();
            next = answered ? k + delta : std::max(0, delta);
        }
    }
    if (ImGui::IsItemDeactivated()) view.session().flush(view.now());
    focusRing();

    // Draw: the track, ticks, labels and the handle.
    {
        const Palette& p = palette();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float thick = em(0.3f);
        const ImVec2 a = pointAt(0), b = pointAt(1);
        auto bar = [&](ImVec2 x, ImVec2 y, ImU32 c) {
            const ImVec2 mn(std::min(x.x, y.x) - (vertical ? thick / 2 : 0),
                            std::min(x.y, y.y) - (vertical ? 0 : thick / 2));
            const ImVec2 mx(std::max(x.x, y.x) + (vertical ? thick / 2 : 0),
                            std::max(x.y, y.y) + (vertical ? 0 : thick / 2));
            dl->AddRectFilled(mn, mx, c, thick / 2);
        };
        bar(a, b, p.border);
        const int shownK = next ? std::clamp(*next, 0, steps) : k;
        if (shownK >= 0) bar(a, pointAt(static_cast<double>(shownK) * step / (hi - lo)), p.accent);
        const float along = vertical ? trackSize.y - 2 * radius : trackSize.x - 2 * radius;
        const float spacing = steps > 0 ? along / static_cast<float>(steps) : along;
        // Label every n-th step, as often as the labels fit; the ends always.
        float labelW = 0;
        for (int i : {0, steps}) labelW = std::max(labelW, ImGui::CalcTextSize(shown(i).c_str()).x);
        const float labelRoom = vertical ? ImGui::GetTextLineHeight() * 1.2f : labelW + em(0.8f);
        const int every =
            stepLabel ? std::max(1, static_cast<int>(std::ceil(labelRoom / std::max(1.0f, spacing)))) : steps;
        const bool ticks = spacing >= em(0.4f);
        for (int i = 0; i <= steps; ++i) {
            const bool labelled = every > 0 && (i % every == 0 || i == steps);
            const bool tooClose = i != steps && i != 0 && static_cast<float>(steps - i) * spacing < labelRoom;
            const ImVec2 c = pointAt(static_cast<double>(i) * step / (hi - lo));
            if (ticks || labelled) {
                const float len = labelled ? em(0.5f) : em(0.3f);
                if (vertical)
                    dl->AddLine(ImVec2(c.x + thick, c.y), ImVec2(c.x + thick + len, c.y), p.mutedText, 1.0f);
                else
                    dl->AddLine(ImVec2(c.x, c.y + thick), ImVec2(c.x, c.y + thick + len), p.mutedText, 1.0f);
            }
            if (labelled && !tooClose) {
                const std::string s = shown(i);
                const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
                const ImVec2 at = vertical ? ImVec2(c.x + thick + em(0.7f), c.y - ts.y / 2)
                                           : ImVec2(c.x - ts.x / 2, trackPos.y + trackSize.y);
                dl->AddText(at, p.mutedText, s.c_str());
            }
        }
        if (shownK >= 0) {
            const ImVec2 c = pointAt(static_cast<double>(shownK) * step / (hi - lo));
            dl->AddCircleFilled(c, radius, p.accent, 32);
            dl->AddCircle(c, radius, p.surface, 32, std::max(1.5f, em(0.1f)));
        }
    }
    if (!vertical) {
        ImGui::SameLine(0, gapX);
        stepButton(reverse ? "-##dec" : "+##inc", reverse ? -1 : 1);
        ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));  // room for the labels under the track
    } else {
        ImGui::SetCursorPosX(view.left());
        stepButton("-##dec", -1);
        ImGui::SameLine(0, gapX);
        stepButton("+##inc", 1);
    }
    if (!answered) {
        ImGui::SetCursorPosX(view.left());
        wrappedText(tr("Klik op de lijn of gebruik de pijltjestoetsen."), nullptr, palette().mutedText, view.width());
    }
    if (next) {
        const int to = std::clamp(*next, 0, steps);
        if (!answered || to != k)
            // While dragging the value is saved like typing: once the pupil lets go (or after the delay).
            scope->set(Value::single(decl.baseType, lexical(to)), dragging);
    }
}

}  // namespace dlk::ui::widgets
