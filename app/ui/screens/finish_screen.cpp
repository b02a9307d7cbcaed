#include "ui/screens/finish_screen.h"

#include <cstdio>

#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/controls.h"

namespace dlk::ui {

void FinishScreen::draw(App& app) {
    beginScreen("finish");
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.28f);
    const float w = centeredColumn(28);
    ImGui::BeginGroup();
    wrappedText(app.timeRanOut() ? tr("De tijd is om.") : tr("Klaar! Goed gedaan."), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.5f));
    // The pupil's plan may hold another module: go on with it, or stop here and come back later
    // with the same code (the teacher decides about breaks between modules).
    if (!m_nextTitle) m_nextTitle = app.nextModuleTitle();
    if (!m_nextTitle->empty()) {
        wrappedText(tr("Al je antwoorden zijn opgeslagen."), nullptr, 0, w);
        ImGui::Dummy(em(0, 0.5f));
        char buf[256];
        std::snprintf(buf, sizeof buf, tr("Hierna komt: %s"), m_nextTitle->c_str());
        wrappedText(buf, app.fonts().bold, 0, w);
        ImGui::Dummy(em(0, 1));
        if (bigButton(tr("Verder →"), true)) {
            std::string detail;
            reset();
            if (app.startNextModule(detail) != App::LoginResult::Started) app.endPupilSession();
        }
        ImGui::SameLine();
        if (bigButton(tr("Stoppen voor nu"), false)) {
            reset();
            app.endPupilSession();
        }
    } else {
        wrappedText(tr("Al je antwoorden zijn opgeslagen. Laat de computer aan staan en steek je hand op."), nullptr, 0,
                    w);
        ImGui::Dummy(em(0, 1));
        if (bigButton(tr("Volgende leerling"), false)) {
            reset();
            app.endPupilSession();
        }
    }
    ImGui::EndGroup();
    endScreen();
}

}  // namespace dlk::ui
