// extendedTextInteraction: a longer written answer (single string), with a word count.
//
// ImGui 1.86 does not wrap lines in a multi-line field, so the field wraps them itself for
// display: a space where a line would run past the edge is shown as a line break (soft_wrap.h).
// What is stored is exactly what the pupil typed: those breaks are spaces again, and only the
// breaks the pupil typed with Enter are line breaks.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/soft_wrap.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui::widgets {

namespace {

struct WrapContext {
    float width;
    const std::string* before;  // the field's text before this frame's edit
    std::vector<int>* softBreaks;
};

float measure(std::string_view s) {
    return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
}

// After every edit: carry the soft breaks over the edit, then wrap the typed text afresh.
int rewrapAfterEdit(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return wideCharFilter(data);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
    auto& ctx = *static_cast<WrapContext*>(data->UserData);
    const std::string_view after(data->Buf, static_cast<size_t>(data->BufTextLen));
    const std::vector<int> carried = carrySoftBreaks(*ctx.before, after, *ctx.softBreaks);
    const std::string typed = typedText(std::string(after), carried);
    const std::string display = wrapForDisplay(typed, ctx.width, measure, *ctx.softBreaks);
    if (display != after) {
        std::copy(display.begin(), display.end(), data->Buf);  // the same length: the cursor stays put
        data->BufDirty = true;
    }
    return 0;
}

int countCodePoints(const std::string& s) {
    int n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

void extendedText(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node, InteractionScope::kStrictBaseType);
    if (!scope) return;
    const int lines = std::clamp(intAttr(node, "expectedLines", 5), 3, 15);
    const int expectedLength = intAttr(node, "expectedLength", 0);
    std::string& display = view.state().textBuffers[scope->stateKey()];
    std::vector<int>& softBreaks = view.state().softBreaks[scope->stateKey()];
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 size(view.width(), ImGui::GetTextLineHeight() * static_cast<float>(lines) + 2 * style.FramePadding.y);
    const float wrapWidth = view.width() - 2 * style.FramePadding.x - style.ScrollbarSize - em(0.5f);
    // The field edits the stored text with stand-ins for characters beyond ImGui's 16 bits (an
    // emoji): what is stored is exactly what was typed.
    const std::string stored = toImGuiText(scope->current().isNull() ? "" : scope->current().items[0]);
    // While the pupil is not typing in it, the field shows the stored answer wrapped for the
    // field's width now (the text size may have changed since).
    const ImGuiID fieldId = ImGui::GetID("##long");
    if (ImGui::GetActiveID() != fieldId) display = wrapForDisplay(stored, wrapWidth, measure, softBreaks);

    const std::string before = display;
    WrapContext wrap{wrapWidth, &before, &softBreaks};
    ImGui::SetCursorPosX(view.left());
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, palette().accent);
    if (ImGui::InputTextMultiline("##long", &display, size,
                                  ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackCharFilter,
                                  rewrapAfterEdit, &wrap)) {
        const std::string typed = fromImGuiText(typedText(display, softBreaks));
        // Only spaces is no answer; anything else is kept exactly as typed.
        scope->set(Value::single(BaseType::String, trim(typed).empty() ? std::string() : typed), true);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    a11yRecord("textbox", "text:" + scope->id());
    focusRing();
    if (ImGui::IsItemDeactivated()) view.session().flush(view.now());

    const std::string typed = fromImGuiText(typedText(display, softBreaks));
    const int words = static_cast<int>(splitWhitespace(typed).size());
    kit::hint(words == 1 ? std::string(tr("1 woord")) : kit::format(tr("%d woorden"), words), view.left(),
              view.width());
    if (expectedLength > 0)
        kit::hint(kit::format(tr("Schrijf ongeveer %d tekens; je hebt er nu %d."), expectedLength,
                              countCodePoints(trim(typed))),
                  view.left(), view.width());
}

}  // namespace dlk::ui::widgets
