#include "ui/screens/teacher/class_list.h"

#include <algorithm>
#include <cstdio>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

int64_t ClassList::draw(App& app, const std::vector<ClassInfo>& classes, int64_t selected, float width,
                        std::string& message) {
    int64_t chosen = selected;
    ImGui::BeginGroup();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(tr("Klassen"));
    ImGui::PopFont();
    // The classes in use, then the archived ones (earlier rounds, classes that left) under their
    // own heading, so that a teacher never starts a session in an old round by mistake.
    for (const bool archived : {false, true}) {
        bool headed = false;
        for (const auto& c : classes) {
            if (c.archived() != archived) continue;
            if (archived && !headed) {
                ImGui::Dummy(em(0, 0.4f));
                wrappedText(tr("Eerdere metingen en archief"), nullptr, palette().mutedText, width);
                headed = true;
            }
            char label[160];
            std::snprintf(label, sizeof label, "%s  (%d)##%lld", c.name.c_str(), c.pupilCount,
                          static_cast<long long>(c.id));
            if (archived) ImGui::PushStyleColor(ImGuiCol_Text, palette().mutedText);
            if (tabStopSelectable(label, c.id == selected, ImVec2(width, em(2.0f)))) chosen = c.id;
            if (archived) ImGui::PopStyleColor();
            a11yRecord("choice", c.name, c.id == selected);
            focusRing();
        }
    }
    if (classes.empty()) wrappedText(tr("Nog geen klassen."), nullptr, palette().mutedText, width);
    ImGui::Dummy(em(0, 1));
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(tr("Nieuwe klas"));
    ImGui::PopFont();
    ImGui::TextUnformatted(tr("Naam"));
    ImGui::SetNextItemWidth(width);
    inputUtf8Text("##newclass", m_newClass, kMaxClassNameBytes);
    a11yRecord("textbox", tr("Naam"));
    focusRing();
    // Said as it is typed (a count that is no whole number, a name too long), and refused below:
    // never clamped, rounded or cut behind the teacher's back.
    const NamesField::Pupils pupils = m_pupils.draw("newclass", width);
    const std::string newName = trim(m_newClass);
    bool nameTaken = false;
    for (const auto& c : classes) nameTaken = nameTaken || c.name == newName;
    if (bigButton(tr("Maak klas met codes"), true, width)) {
        // The two mistakes a teacher can make here, said in the UI's words before the core refuses.
        if (newName.empty()) {
            message = tr("Geef de klas eerst een naam.");
        } else if (nameTaken) {
            message = tr("Er is al een klas met deze naam. Kies een andere naam.");
        } else if (!pupils.ok) {
            message = pupils.problem;
        } else
            try {
                const int64_t id = app.core().school().createClass(m_newClass, app.now());
                app.core().school().addPupils(id, pupils.names, app.now());
                logInfo("class created with " + std::to_string(pupils.names.size()) + " pupil codes");
                m_newClass.clear();
                m_pupils.clear();
                message.clear();
                chosen = id;
            } catch (const Error& e) {
                message = teacherError(tr("De klas is niet gemaakt."), e, "class not created");
            }
    }
    ImGui::EndGroup();
    return chosen;
}

}  // namespace dlk::ui
