#include "ui/screens/teacher/my_pin.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "security/pin_hash.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "util/error.h"

namespace dlk::ui {

void MyPinDialog::wipe() {
    std::memset(m_current, 0, sizeof m_current);
    std::memset(m_new, 0, sizeof m_new);
    std::memset(m_again, 0, sizeof m_again);
}

void MyPinDialog::draw(App& app) {
    if (m_openRequested) {
        m_openRequested = false;
        wipe();
        m_message.clear();
        m_done = false;
        m_focusFirst = true;
        ImGui::OpenPopup("mypin");
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(28), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("mypin", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    const float width = ImGui::GetContentRegionAvail().x;
    const float fieldW = std::min(width, em(16));
    wrappedText(tr("Mijn pincode wijzigen"), app.fonts().large);
    if (const auto me = app.core().school().loggedInTeacher()) {
        char who[200];
        std::snprintf(who, sizeof who, tr("Voor %s. Andere leerkrachten houden hun eigen pincode."), me->name.c_str());
        wrappedText(who, nullptr, palette().mutedText, width);
    }
    // The first field has the keyboard when the dialog opens and after each try; a digit typed
    // before it has it still counts.
    if (m_focusFirst) {
        ImGui::SetKeyboardFocusHere();
        m_focusFirst = false;
        m_awaitFocus = true;
    }
    if (m_awaitFocus)
        takeTypedBeforeFocus(m_current, sizeof m_current, false, [](unsigned int c) { return c >= '0' && c <= '9'; });
    bool enter = pinField("##currentpin", tr("Huidige pincode"), m_current, sizeof m_current, fieldW);
    if (ImGui::IsItemActive()) m_awaitFocus = false;
    enter |= pinField("##mynewpin", tr("Nieuwe pincode (6 tot 12 cijfers)"), m_new, sizeof m_new, fieldW);
    enter |= pinField("##mynewpin2", tr("Nieuwe pincode nog een keer"), m_again, sizeof m_again, fieldW);
    if (!m_message.empty()) wrappedText(m_message, nullptr, m_done ? palette().text : palette().danger, width);
    ImGui::Dummy(em(0, 0.5f));
    if (bigButton(tr("Wijzigen"), true, em(8)) || enter) submit(app);
    ImGui::SameLine();
    if (bigButton(tr("Sluiten"), false, em(8)) || escapePressed()) {
        wipe();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void MyPinDialog::submit(App& app) {
    m_done = false;
    SchoolStore& school = app.core().school();
    const auto me = school.loggedInTeacher();
    // Checked before the current PIN, so that a typing slip in the new one costs no try.
    if (!me) {
        m_message = tr("Je bent niet meer ingelogd. Log opnieuw in met je pincode.");
    } else if (m_current[0] == '\0') {
        m_message = tr("Vul je huidige pincode in.");
    } else if (std::strcmp(m_new, m_again) != 0) {
        m_message = tr("De nieuwe pincode en de herhaling zijn niet gelijk. Er is niets gewijzigd.");
    } else if (*pinProblem(m_new)) {
        m_message = std::string(tr(pinProblem(m_new))) + " " + tr("Er is niets gewijzigd.");
    } else if (std::strcmp(m_new, m_current) == 0) {
        m_message = tr("De nieuwe pincode is dezelfde als de huidige. Er is niets gewijzigd.");
    } else {
        try {
            const PinResult r = school.checkPin(me->id, m_current, app.now());
            if (r.result == PinCheck::Locked) {
                char buf[200];
                std::snprintf(buf, sizeof buf,
                              tr("Te vaak een verkeerde pincode. Probeer het over %d seconden opnieuw."),
                              r.lockedSeconds);
                m_message = buf;
                logWarning("own PIN change: PIN entry locked after repeated wrong PINs");
            } else if (r.result == PinCheck::Wrong) {
                m_message = tr("Je huidige pincode klopt niet. Er is niets gewijzigd.");
                logWarning("own PIN change: wrong current PIN");
            } else {
                school.changePin(m_new);
                m_message = tr("Je pincode is gewijzigd. Log voortaan in met je nieuwe pincode.");
                m_done = true;
                logInfo("a teacher changed their own PIN");
            }
        } catch (const Error& e) {
            m_message = teacherError(tr("De pincode is niet gewijzigd."), e, "own PIN change failed");
        }
    }
    wipe();
    m_focusFirst = true;
}

}  // namespace dlk::ui
