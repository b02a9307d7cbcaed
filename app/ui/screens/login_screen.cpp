#include "ui/screens/login_screen.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/frame_request.h"
#include "util/text.h"

namespace dlk::ui {

void LoginScreen::reset() {
    std::memset(m_code, 0, sizeof m_code);
    m_message.clear();
    m_focusSet = false;
    m_fieldActive = false;
    m_candidate.reset();
    m_candidateClass.clear();
}

void LoginScreen::draw(App& app) {
    beginScreen("login");
    if (m_candidate)
        drawConfirmStep(app);
    else
        drawCodeStep(app);
    endScreen();
}

void LoginScreen::confirm(App& app, const PupilInfo& pupil) {
    m_message.clear();
    m_candidate = pupil;
    m_candidateClass.clear();
    for (const ClassInfo& c : app.core().school().classes())
        if (c.id == pupil.classId) m_candidateClass = c.name;
    m_focusSet = false;
}

void LoginScreen::showResult(App& app, int result) {
    (void)app;
    switch (static_cast<App::LoginResult>(result)) {
        case App::LoginResult::Started:
        case App::LoginResult::Found:
            break;
        case App::LoginResult::UnknownCode:
            m_message = tr("Deze code kennen we niet. Kijk of je hem goed hebt getypt.");
            // A refused code goes: the pupil types it afresh, the message stays.
            std::memset(m_code, 0, sizeof m_code);
            m_focusSet = false;
            break;
        case App::LoginResult::AllDone:
            m_message = tr("Je hebt alle onderdelen al gemaakt. Goed gedaan!");
            break;
        case App::LoginResult::NoModules:
            m_message = tr("Er staan nog geen toetsen klaar. Steek je hand op; de leerkracht helpt je.");
            break;
        case App::LoginResult::StorageError:
            // The pupil gets what to do; the technical detail goes to the log (App logged it).
            m_message = tr("Er ging iets mis bij het opslaan. Steek je hand op; de leerkracht helpt je.");
            break;
    }
}

// "Dit ben ik": the first name the code opens (or the class and number when the teacher gave no
// name), with a way back to type the code again.
void LoginScreen::drawConfirmStep(App& app) {
    const PupilInfo& pupil = *m_candidate;
    // A fifth of the way down, or higher when large text on a small screen needs the room (the
    // step is about 17 em high with the wrapped explanation).
    const float h = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(std::min(h * 0.2f, std::max(em(1), h - em(19))));
    const float w = centeredColumn(26);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    wrappedText(tr("Ben jij dit?"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.6f));
    char where[256];
    std::snprintf(where, sizeof where, tr("Klas %s, nummer %d"), m_candidateClass.c_str(), pupil.numberInClass);
    if (!pupil.firstName.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(pupil.firstName, app.fonts().large, 0, w);
        ImGui::SetCursorPosX(left);
        wrappedText(where, nullptr, 0, w);
    } else {
        ImGui::SetCursorPosX(left);
        wrappedText(where, app.fonts().large, 0, w);
    }
    ImGui::Dummy(em(0, 0.6f));
    ImGui::SetCursorPosX(left);
    wrappedText(tr("Klopt dit? Kies dan \"Dit ben ik\". Klopt het niet? Kies \"Andere code\" en typ je code opnieuw."),
                nullptr, 0, w);
    ImGui::Dummy(em(0, 0.6f));
    if (!m_message.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(m_message, nullptr, palette().warning, w);
        ImGui::Dummy(em(0, 0.2f));
    }
    ImGui::SetCursorPosX(left);
    if (!m_focusSet) {
        ImGui::SetKeyboardFocusHere();  // Enter or Space on it confirms; Tab reaches "Andere code"
        m_focusSet = true;
    }
    const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
    const bool yes = bigButton(tr("Dit ben ik"), true, half) || (enterPressed() && !ImGui::IsAnyItemActive());
    ImGui::SameLine();
    const bool no = bigButton(tr("Andere code"), false, half) || escapePressed();
    ImGui::EndGroup();
    if (no) {
        reset();
        return;
    }
    if (yes) {
        std::string detail;
        const App::LoginResult r = app.startPupil(pupil, detail);
        if (r == App::LoginResult::Started) {
            reset();
        } else {
            m_candidate.reset();
            m_focusSet = false;
            showResult(app, static_cast<int>(r));
        }
    }
}

void LoginScreen::drawCodeStep(App& app) {
    const Palette& p = palette();
    // Language choice, top right: the pupil's items appear in the language chosen here.
    {
        const char* nl = "Nederlands";
        const char* en = "English";
        const float w = ImGui::CalcTextSize(nl).x + ImGui::CalcTextSize(en).x + em(6);
        ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - w - em(1), em(1)));
        if (bigButton(nl, app.language() == "nl")) app.setLanguage("nl");
        ImGui::SameLine();
        if (bigButton(en, app.language() == "en")) app.setLanguage("en");
    }
    // The column a fifth of the way down, or higher when large text on a small screen needs the
    // room, never over the buttons at the top; when even then a message (a refused code) would
    // push Start out of the window, the message stands in for the instruction: it says what to
    // do. The heights are the last frame's; a change asks for the frame that settles it.
    const float h = ImGui::GetWindowHeight();
    const float highest = ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + em(0.5f);
    const bool withInstruction = m_message.empty() || highest + m_restHeight + m_instructionHeight <= h;
    const float needed = m_restHeight + (withInstruction ? m_instructionHeight : 0.0f);
    ImGui::SetCursorPosY(std::min(h * 0.22f, std::max(highest, h - needed - em(0.5f))));
    const float w = centeredColumn(26);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    wrappedText(tr("Welkom!"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.4f));
    if (withInstruction) {
        const float y = ImGui::GetCursorPosY();
        wrappedText(tr("Typ de code die je van je leerkracht hebt gekregen."), nullptr, 0, w);
        ImGui::Dummy(em(0, 0.6f));
        const float instructionHeight = ImGui::GetCursorPosY() - y;
        if (std::abs(instructionHeight - m_instructionHeight) > 0.5f) requestFrameWithin(0);
        m_instructionHeight = instructionHeight;
    }
    ImGui::SetCursorPosX(left);
    ImGui::TextUnformatted(tr("Jouw code"));
    ImGui::SetCursorPosX(left);
    ImGui::PushFont(app.fonts().large);
    ImGui::SetNextItemWidth(w);
    if (!m_focusSet) {
        ImGui::SetKeyboardFocusHere();
        m_focusSet = true;
    }
    // What is typed before the field has the keyboard (its first frame) still counts.
    takeTypedBeforeFocus(m_code, sizeof m_code, m_fieldActive, [](unsigned int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    });
    for (char* c = m_code; *c; ++c)
        if (*c >= 'a' && *c <= 'z') *c = static_cast<char>(*c - 'a' + 'A');
    // The placeholder is clearly an example, not a code already typed: "bijv." and a lighter colour.
    ImGui::PushStyleColor(ImGuiCol_TextDisabled, hintColor());
    const bool enter =
        ImGui::InputTextWithHint("##code", tr("bijv. ABCD-EFGH"), m_code, sizeof m_code,
                                 ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopStyleColor();
    keepCursorAtEndOnFocus();
    m_fieldActive = ImGui::IsItemActive();
    a11yRecord("textbox", tr("Jouw code"));
    focusRing();
    ImGui::PopFont();
    ImGui::Dummy(em(0, 0.4f));
    if (!m_message.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(m_message, nullptr, p.warning, w);
        ImGui::Dummy(em(0, 0.2f));
    }
    ImGui::SetCursorPosX(left);
    const bool start = bigButton(tr("Start"), true, w) || enter;
    if (start && trim(m_code).empty()) {
        m_message = tr("Typ eerst je code.");
        m_focusSet = false;
    } else if (start) {
        std::string detail;
        std::optional<PupilInfo> found;
        const App::LoginResult r = app.findPupil(m_code, found, detail);
        if (r == App::LoginResult::Found) {
            confirm(app, *found);
        } else {
            showResult(app, static_cast<int>(r));
        }
    }
    ImGui::EndGroup();
    const float restHeight = ImGui::GetItemRectSize().y - (withInstruction ? m_instructionHeight : 0.0f);
    if (std::abs(restHeight - m_restHeight) > 0.5f) requestFrameWithin(0);
    m_restHeight = restHeight;
    const float contentBottom = ImGui::GetCursorPosY();

    // The teacher's way in, small and out of the pupil's path: in the bottom corner, or in the top
    // corner across from the languages when large text on a small screen leaves no room below.
    const char* teacher = tr("Leerkracht");
    const bool roomBelow = contentBottom + em(0.5f) <= ImGui::GetWindowHeight() - em(4);
    ImGui::SetCursorPos(roomBelow ? ImVec2(ImGui::GetWindowWidth() - ImGui::CalcTextSize(teacher).x - em(3.5f),
                                           ImGui::GetWindowHeight() - em(4))
                                  : ImVec2(em(1), em(1)));
    if (bigButton(teacher, false)) app.openPin(PinPurpose::EnterTeacher);
}

}  // namespace dlk::ui
