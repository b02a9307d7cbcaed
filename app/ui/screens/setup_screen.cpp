#include "ui/screens/setup_screen.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "kiosks/kiosk_join.h"
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

namespace fs = std::filesystem;

namespace dlk::ui {

namespace {
// The first join file (*.dlkjoin) on a mounted USB stick (/media/USER/NAME), or "".
std::string joinFileOnStick() {
    const char* user = std::getenv("USER");
    if (!user || !*user) return {};
    for (const fs::path& base : {fs::path("/media") / user, fs::path("/run/media") / user}) {
        std::error_code ec;
        if (!fs::is_directory(base, ec)) continue;
        for (const auto& stick : fs::directory_iterator(base, ec)) {
            if (!stick.is_directory(ec)) continue;
            for (const auto& f : fs::directory_iterator(stick.path(), ec))
                if (f.path().extension() == ".dlkjoin") return f.path().string();
        }
    }
    return {};
}
}  // namespace

void SetupScreen::draw(App& app) {
    beginScreen("setup");
    ImGui::Dummy(em(0, 3));
    const float w = centeredColumn(30);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    wrappedText(tr("Eerste start: stel de kiosk in"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.5f));
    if (m_joinMode) {
        drawJoin(app, w, left);
        ImGui::EndGroup();
        endScreen();
        return;
    }
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
    // A kiosk of a school that has one already joins it from a join file instead (drawJoin).
    ImGui::Dummy(em(0, 0.6f));
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Aansluiten bij een school"), false)) {
        m_joinMode = true;
        m_error.clear();
    }
    ImGui::EndGroup();
    endScreen();
}

void SetupScreen::drawJoin(App& app, float w, float left) {
    wrappedText(tr("Aansluiten bij een school"), app.fonts().bold, 0, w);
    ImGui::SetCursorPosX(left);
    wrappedText(tr("Heeft de school al een kiosk? Schrijf daar onder Kiosks een aanmeldbestand voor deze kiosk op "
                   "een USB-stick en kies het hier. De leerlingen en leerkrachten van de school kunnen dan ook hier "
                   "inloggen."),
                nullptr, palette().mutedText, w);
    if (m_joinFile.empty()) m_joinFile = joinFileOnStick();
    ImGui::Dummy(em(0, 0.5f));
    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(tr("Aanmeldbestand"));
    ImGui::SetCursorPosX(left);
    ImGui::SetNextItemWidth(w);
    if (!m_joinFocusSet) {
        ImGui::SetKeyboardFocusHere();
        m_joinFocusSet = true;
    }
    const bool enter = inputUtf8Text("##joinfile", m_joinFile, 1024, ImGuiInputTextFlags_EnterReturnsTrue);
    a11yRecord("textbox", tr("Aanmeldbestand"));
    focusRing();
    ImGui::Dummy(em(0, 0.5f));
    if (!m_joinError.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(m_joinError, nullptr, palette().danger, w);
    }
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Aansluiten")) || enter) {
        try {
            const JoinResult r = joinSchool(app.core().db(), app.core().school(), trim(m_joinFile), app.now());
            logInfo("joined the school, key " + r.schoolFingerprint);
            m_joinError.clear();
            app.go(ScreenId::Login);
        } catch (const Error& e) {
            m_joinError = teacherError(tr("Aansluiten is niet gelukt."), e, "joining a school failed");
        }
    }
    ImGui::SameLine();
    if (bigButton(tr("Terug"), false)) {
        m_joinMode = false;
        m_joinError.clear();
        m_joinFocusSet = false;
    }
}

}  // namespace dlk::ui
