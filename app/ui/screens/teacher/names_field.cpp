#include "ui/screens/teacher/names_field.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "school/pupil_names.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui {

namespace {
// A field's label, wrapped to the field's width; read aloud as the field's own label (a11yRecord of
// the textbox), so it is not recorded twice.
void fieldLabel(const char* text, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}
}  // namespace

void NamesField::clear() {
    m_names.clear();
    m_count = "25";
}

NamesField::Pupils NamesField::draw(const char* id, float width) {
    ImGui::PushID(id);
    Pupils out;
    const char* namesLabel = tr("Namen, één per regel");
    fieldLabel(namesLabel, width);
    // Names are kept exactly as typed (an emoji or a rare script included, through stand-ins) and
    // never cut: a name too long is refused below with its line.
    // A row of a spreadsheet pasted (first name, last name) is one name, its cells apart: ImGui drops
    // a tab from a paste, so the cells would run together; the clipboard's tabs become spaces first.
    const ImGuiIO& io = ImGui::GetIO();
    const bool pasting = ImGui::GetActiveID() == ImGui::GetID("##names") &&
                         ((io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V))) ||
                          (io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Insert))));
    if (const char* clip = pasting ? ImGui::GetClipboardText() : nullptr; clip && std::strchr(clip, '\t')) {
        std::string text = clip;
        std::replace(text.begin(), text.end(), '\t', ' ');
        ImGui::SetClipboardText(text.c_str());
    }
    inputUtf8TextMultiline("##names", m_names, ImVec2(width, ImGui::GetTextLineHeight() * 5 + em(0.6f)));
    a11yRecord("textbox", namesLabel);
    focusRing();
    const PupilNameList list = parsePupilNames(m_names);
    char line[240];
    if (list.problem == NameListProblem::TooLong) {
        std::snprintf(line, sizeof line, tr("Regel %d is langer dan %d tekens. Kort die naam in."), list.line,
                      static_cast<int>(kMaxPupilNameChars));
        out.problem = line;
    } else if (list.problem == NameListProblem::TooMany) {
        std::snprintf(line, sizeof line, tr("Meer dan %d namen. Voeg ze in twee keer toe."), kMaxNewPupils);
        out.problem = line;
    } else if (list.problem == NameListProblem::NotText) {
        std::snprintf(line, sizeof line, tr("Regel %d bevat tekens die geen naam kunnen zijn."), list.line);
        out.problem = line;
    }
    const bool haveNames = list.problem != NameListProblem::None || !list.names.empty();
    const char* countLabel = tr("Of alleen codes, zonder namen. Aantal:");
    fieldLabel(countLabel, width);
    ImGui::SetNextItemWidth(width);
    ImGui::BeginDisabled(haveNames);  // the names say how many; the number waits until they are gone
    inputUtf8Text("##count", m_count, 32);
    ImGui::EndDisabled();
    a11yRecord("textbox", countLabel);
    focusRing();
    if (haveNames) {
        if (out.problem.empty()) {
            out.ok = true;
            out.names = list.names;
        }
    } else {
        int64_t count = 0;
        if (parseInt64(m_count, count) && count >= 1 && count <= kMaxNewPupils) {
            out.ok = true;
            out.names.assign(static_cast<size_t>(count), std::string());
        } else {
            std::snprintf(line, sizeof line, tr("Kies een aantal van 1 tot %d leerlingen."), kMaxNewPupils);
            out.problem = line;
        }
    }
    // Before the button: how many pupils the button will make, or what to put right.
    if (out.ok) {
        const int n = static_cast<int>(out.names.size());
        if (list.names.empty())
            std::snprintf(line, sizeof line,
                          n == 1 ? tr("Er komt %d code zonder naam.") : tr("Er komen %d codes zonder naam."), n);
        else
            std::snprintf(line, sizeof line,
                          n == 1 ? tr("Er komt %d leerling met naam.") : tr("Er komen %d leerlingen met naam."), n);
        wrappedText(line, nullptr, palette().text, width);
    } else {
        wrappedText(out.problem, nullptr, palette().danger, width);
    }
    ImGui::PopID();
    return out;
}

}  // namespace dlk::ui
