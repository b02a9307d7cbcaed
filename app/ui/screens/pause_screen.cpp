#include "ui/screens/pause_screen.h"

#include <algorithm>
#include <cstdio>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher_screen.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"

namespace dlk::ui {

void drawFlagMark(ImDrawList* dl, ImVec2 base, float h, ImU32 color) {
    dl->AddLine(base, ImVec2(base.x, base.y - h), color, std::max(1.5f, h * 0.12f));
    dl->AddTriangleFilled(ImVec2(base.x, base.y - h), ImVec2(base.x + h * 0.65f, base.y - h * 0.78f),
                          ImVec2(base.x, base.y - h * 0.55f), color);
}

bool teacherButton(float height) {
    // Quiet on purpose: muted text on the bar's own colour, so pupils are not drawn to it; still
    // a real control (keyboard, focus ring, accessibility tree).
    const Palette& p = palette();
    const char* label = tr("Leerkracht");
    ImGui::PushStyleColor(ImGuiCol_Button, p.surface);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.selected);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.selected);
    ImGui::PushStyleColor(ImGuiCol_Text, p.mutedText);
    const bool pressed = ImGui::Button(label, ImVec2(ImGui::CalcTextSize(label).x + em(1.2f), height));
    ImGui::PopStyleColor(4);
    a11yRecord("button", label);
    focusRing();
    return pressed;
}

void drawPauseNotice(App& app) {
    ModuleSession& s = *app.session();
    beginScreen("pause");
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.28f);
    const float w = centeredColumn(28);
    ImGui::BeginGroup();
    wrappedText(tr("Pauze"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.5f));
    wrappedText(
        tr("De leerkracht heeft je toets even stilgezet. Je antwoorden zijn bewaard en de tijd loopt niet door."),
        nullptr, 0, w);
    ImGui::Dummy(em(0, 0.3f));
    wrappedText(tr("Wacht rustig. Straks ga je verder waar je was."), nullptr, 0, w);
    if (s.saveState() == SaveState::Failed) {
        // The pause holds on this screen; the teacher needs to know it is not yet on disk.
        ImGui::Dummy(em(0, 0.5f));
        wrappedText(std::string(tr("Voor de leerkracht:")) + " " + s.lastError(), nullptr, palette().mutedText, w);
    }
    ImGui::EndGroup();
    const float h = em(2.0f);
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - ImGui::CalcTextSize(tr("Leerkracht")).x - em(2.2f),
                               ImGui::GetWindowHeight() - h - em(1)));
    if (teacherButton(h)) app.openPin(PinPurpose::SessionMenu);
    endScreen();
}

void TeacherMenuScreen::draw(App& app) {
    ModuleSession* s = app.session();
    if (!s || s->finished()) {
        app.go(s ? ScreenId::Finish : ScreenId::Login);
        return;
    }
    if (app.now() - app.lastInputMs() > TeacherScreen::kIdleLockMs) {
        // A teacher who walked away: back to the pupil's screen, the PIN needed again.
        logInfo("teacher menu closed after idle time");
        app.go(ScreenId::Item);
        return;
    }
    beginScreen("teachermenu");
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.15f);
    const float w = centeredColumn(26);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    wrappedText(tr("Leerkracht"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.3f));
    // Where this pupil is, without their name (anyone standing by can read the screen).
    char where[256];
    std::snprintf(where, sizeof where, tr("Vraag %zu van %zu"), s->position() + 1, s->itemCount());
    std::string state = s->variant().title + " · " + where;
    if (const int64_t remaining = s->remainingMs(); remaining >= 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, tr("Nog %lld min"), static_cast<long long>((remaining + 59999) / 60000));
        state += std::string(" · ") + buf;
    }
    wrappedText(state, nullptr, palette().mutedText, w);
    wrappedText(s->paused() ? tr("Deze leerling heeft pauze: de tijd staat stil.")
                            : tr("Deze leerling is bezig: de tijd loopt."),
                app.fonts().bold, 0, w);
    ImGui::Dummy(em(0, 0.6f));

    ImGui::SetCursorPosX(left);
    if (!s->paused()) {
        if (bigButton(tr("Pauzeer deze leerling"), true, w)) {
            if (s->setPaused(true, app.now())) {
                logInfo("attempt " + std::to_string(s->attemptId()) + " paused by the teacher");
                app.go(ScreenId::Item);
            } else {
                m_message = std::string(tr("De pauze is nog niet opgeslagen: ")) + s->lastError();
                logError("pausing attempt " + std::to_string(s->attemptId()) + " failed: " + s->lastError());
            }
        }
    } else if (bigButton(tr("Laat de leerling verder werken"), true, w)) {
        if (s->setPaused(false, app.now())) {
            logInfo("attempt " + std::to_string(s->attemptId()) + " resumed by the teacher");
            app.go(ScreenId::Item);
        } else {
            m_message = std::string(tr("Het einde van de pauze is nog niet opgeslagen: ")) + s->lastError();
            logError("resuming attempt " + std::to_string(s->attemptId()) + " failed: " + s->lastError());
        }
    }
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Naar het leerkrachtscherm"), false, w)) app.go(ScreenId::Teacher);
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Kiosk afsluiten"), false, w)) {
        s->flush(app.now());
        logInfo("kiosk closed by the teacher from a pupil's session");
        app.quit();
    }
    ImGui::SetCursorPosX(left);
    if (bigButton(tr("Terug"), false, w) || escapePressed()) app.go(ScreenId::Item);
    if (!m_message.empty()) {
        ImGui::Dummy(em(0, 0.4f));
        ImGui::SetCursorPosX(left);
        wrappedText(m_message, nullptr, palette().danger, w);
    }
    ImGui::EndGroup();
    endScreen();
}

}  // namespace dlk::ui
