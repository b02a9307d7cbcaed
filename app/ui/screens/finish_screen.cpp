#include "ui/screens/finish_screen.h"

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
    wrappedText(tr("Al je antwoorden zijn opgeslagen. Laat de computer aan staan en steek je hand op."), nullptr, 0, w);
    ImGui::Dummy(em(0, 1));
    if (bigButton(tr("Volgende leerling"), false)) app.endPupilSession();
    ImGui::EndGroup();
    endScreen();
}

}  // namespace dlk::ui
