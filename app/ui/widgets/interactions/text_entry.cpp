// textEntryInteraction: a field in running text; a string, or an integer or float when declared
// so (only digits can be typed, and a Dutch comma becomes a point).
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
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui::widgets {

namespace {
int integerFilter(ImGuiInputTextCallbackData* data) {
    const ImWchar c = data->EventChar;
    if (c >= '0' && c <= '9') return 0;
    if (c == '-' && data->BufTextLen == 0) return 0;
    return 1;
}
int floatFilter(ImGuiInputTextCallbackData* data) {
    ImWchar& c = data->EventChar;
    if (c == ',') c = '.';  // Dutch pupils write 2,5
    if ((c >= '0' && c <= '9') || c == '.' || (c == '-' && data->BufTextLen == 0)) return 0;
    return 1;
}
}  // namespace

void textEntry(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node, InteractionScope::kInline | InteractionScope::kStrictBaseType);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const std::string& rid = scope->id();
    const int expected = std::clamp(intAttr(node, "expectedLength", 8), 2, 40);
    const float width = std::min(view.width(), em(1.0f + 0.75f * static_cast<float>(expected)) + em(1.0f));
    view.placeInline(width);  // like a word: on the next line when it does not fit on this one
    std::string& buffer = view.state().textBuffers[scope->stateKey()];
    const Value current = scope->current();
    const std::string stored = current.isNull() ? "" : current.items[0];
    // The buffer holds ImGui's form of the text (stand-ins for an emoji and other characters
    // beyond its 16 bits); what is stored is exactly what was typed.
    if (!ImGui::IsAnyItemActive() || buffer.empty()) {
        if (fromImGuiText(trim(buffer)) != stored) buffer = toImGuiText(stored);
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", buffer.c_str());
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackCharFilter;
    ImGuiInputTextCallback filter = wideCharFilter;
    if (decl.baseType == BaseType::Integer) {
        filter = integerFilter;
    } else if (decl.baseType == BaseType::Float) {
        filter = floatFilter;
    }
    ImGui::SetNextItemWidth(width);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, palette().accent);
    const size_t maxLen = std::min<size_t>(sizeof buf - 1, static_cast<size_t>(expected) * 4 + 8);
    if (ImGui::InputText("##text", buf, maxLen + 1, flags, filter)) {
        buffer = buf;
        const std::string value = fromImGuiText(trim(buffer));
        if (value.empty() || isValidLexical(decl.baseType, value))
            scope->set(Value::single(decl.baseType, value), true);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    a11yRecord("textbox", "text:" + rid);
    focusRing();
    if (ImGui::IsItemDeactivated()) view.session().flush(view.now());
    view.endInline();
}

}  // namespace dlk::ui::widgets
