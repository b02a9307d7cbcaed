#include "ui/screens/setup_screen.h"

#include <cstring>

#include "security/pin_hash.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

void SetupScreen::draw(App& app) {
    beginScreen("setup");
    ImGui::Dummy(em(0, 3));
    const float w = centeredColumn(30);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    wrappedText(tr("Eerste start: stel de kiosk in"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.5f));
    wrappedText(tr("Vul de naam van de school in en kies een pincode voor de leerkrachten. Met de pincode open je het "
                   "leerkrachtscherm en sluit je de kiosk af. Schrijf hem op een veilige plek op."),
                nullptr, 0, w);
    ImGui::Dummy(em(0, 1));
    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(tr("Naam van de school"));
    ImGui::SetCursorPosX(left);
    ImGui::SetNextItemWidth(w);
    if (!m_focusSet) {
        ImGui::SetKeyboardFocusHere();
        m_focusSet = true;
    }
    inputUtf8Text("##school", m_school, kMaxSchoolBytes);
    a11yRecord("textbox", tr("Naam van de school"));
    focusRing();
    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(tr("Pincode (6 tot 12 cijfers)"));
    ImGui::SetCursorPosX(left);
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("##pin", m_pin, sizeof m_pin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
    a11yRecord("textbox", tr("Pincode (6 tot 12 cijfers)"));
    focusRing();
    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(tr("Pincode nog een keer"));
    ImGui::SetCursorPosX(left);
    ImGui::SetNextItemWidth(w);
    const bool enter = ImGui::InputText(
        "##pin2", m_pin2, sizeof m_pin2,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    a11yRecord("textbox", tr("Pincode nog een keer"));
    focusRing();
    ImGui::Dummy(em(0, 0.5f));
    if (!m_error.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(m_error, nullptr, palette().danger, w);
    }
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Opslaan en beginnen")) || enter) {
        if (std::strcmp(m_pin, m_pin2) != 0) {
            m_error = tr("De twee pincodes zijn niet gelijk.");
        } else if (*pinProblem(m_pin)) {
            m_error = tr(pinProblem(m_pin));
        } else if (trim(m_school).empty()) {
            m_error = tr("Vul de naam van de school in.");
        } else {
            try {
                app.core().school().setUpSchool(m_school, m_pin, app.now());
                logInfo("school set up");
                std::memset(m_pin, 0, sizeof m_pin);
                std::memset(m_pin2, 0, sizeof m_pin2);
                m_error.clear();
                app.go(ScreenId::Login);
            } catch (const Error& e) {
                m_error = teacherError(tr("Opslaan is niet gelukt."), e, "school setup failed");
            }
        }
    }
    ImGui::EndGroup();
    endScreen();
}

}  // namespace dlk::ui
