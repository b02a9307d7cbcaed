#include "ui/screens/item_screen.h"

#include <algorithm>
#include <cstdio>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/item_view.h"

namespace dlk::ui {

namespace {
const char* saveStatusText(ModuleSession& s) {
    switch (s.saveState()) {
        case SaveState::Saved: return s.isAnswered(s.position()) ? tr("✓ Opgeslagen") : "";
        case SaveState::Pending: return tr("Bezig met opslaan…");
        case SaveState::Failed: return tr("Nog niet opgeslagen");
    }
    return "";
}
}  // namespace

void ItemScreen::topBar(App& app, float height) {
    ModuleSession& s = *app.session();
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float width = ImGui::GetWindowWidth();
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), p.surface);
    dl->AddLine(ImVec2(origin.x, origin.y + height), ImVec2(origin.x + width, origin.y + height), p.border);

    // Progress: "Vraag 3 van 6" and a dot per item (filled when answered); a dot is a button.
    char progress[64];
    std::snprintf(progress, sizeof progress, tr("Vraag %zu van %zu"), s.position() + 1, s.itemCount());
    const float dot = em(1.3f);
    const float progressW = ImGui::CalcTextSize(progress).x + em(1) + dot * static_cast<float>(s.itemCount());
    const char* status = saveStatusText(s);
    // The countdown: calm, whole minutes; amber from 5 minutes; seconds only in the last minute.
    char countdown[64] = "";
    const int64_t left = s.remainingMs();
    if (left >= 0) {
        if (left > 60000) std::snprintf(countdown, sizeof countdown, tr("Nog %lld min"), static_cast<long long>((left + 59999) / 60000));
        else std::snprintf(countdown, sizeof countdown, tr("Nog %lld s"), static_cast<long long>((left + 999) / 1000));
    }
    const float countdownW = *countdown ? ImGui::CalcTextSize(countdown).x + em(1.5f) : 0.0f;
    const float statusW = ImGui::CalcTextSize(status).x + em(1) + countdownW;
    ImGui::PushFont(app.fonts().bold);
    const float titleW = ImGui::CalcTextSize(s.variant().title.c_str()).x;
    ImGui::PopFont();
    // Centred progress; pushed right of the title when they would touch, and the title dropped
    // when even that does not fit (large text on a small screen): progress matters more.
    float progressX = std::max((width - progressW) / 2, em(1) + titleW + em(1.5f));
    const bool showTitle = progressX + progressW <= width - statusW - em(1);
    if (!showTitle) progressX = em(1);
    if (showTitle) {
        ImGui::SetCursorPos(ImVec2(em(1), (height - ImGui::GetFontSize()) / 2));
        ImGui::PushFont(app.fonts().bold);
        ImGui::TextUnformatted(s.variant().title.c_str());
        ImGui::PopFont();
    }
    ImGui::SetCursorPos(ImVec2(progressX, (height - ImGui::GetFontSize()) / 2));
    ImGui::TextUnformatted(progress);
    const bool nonlinear = s.module().navigationMode != "linear";
    for (size_t i = 0; i < s.itemCount(); ++i) {
        ImGui::SameLine(0, i == 0 ? em(1) : 0);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::PushID(static_cast<int>(i));
        const float y = origin.y + height / 2;
        ImGui::SetCursorScreenPos(ImVec2(pos.x, y - dot / 2));
        if (ImGui::InvisibleButton("dot", ImVec2(dot, dot)) && nonlinear) s.goTo(i, app.now());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("Vraag %zu"), i + 1);
        focusRing();
        const ImVec2 c(pos.x + dot / 2, y);
        const float r = dot * 0.3f;
        if (s.isAnswered(i)) dl->AddCircleFilled(c, r, p.accent, 16);
        else dl->AddCircle(c, r, p.mutedText, 16, std::max(1.5f, em(0.08f)));
        if (i == s.position()) dl->AddCircle(c, r + em(0.18f), p.text, 16, std::max(1.5f, em(0.08f)));
        ImGui::PopID();
    }

    // Saved state, quietly on the right; only "Opgeslagen" after the commit.
    const ImU32 color = s.saveState() == SaveState::Failed ? p.danger : p.mutedText;
    ImGui::SetCursorPos(ImVec2(width - ImGui::CalcTextSize(status).x - em(1), (height - ImGui::GetFontSize()) / 2));
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(status);
    ImGui::PopStyleColor();
    if (*status) a11yRecord("status", status);
    if (*countdown) {
        // Right-aligned: [countdown]  [saved state]
        const bool warn = left <= 5 * 60000;
        const float statusX = width - ImGui::CalcTextSize(status).x - em(1);
        ImGui::PushFont(warn ? app.fonts().bold : app.fonts().regular);
        const float x = statusX - (*status ? em(1.5f) : 0.0f) - ImGui::CalcTextSize(countdown).x;
        ImGui::PopFont();
        ImGui::SetCursorPos(ImVec2(x, (height - ImGui::GetFontSize()) / 2));
        ImGui::PushFont(warn ? app.fonts().bold : app.fonts().regular);
        ImGui::PushStyleColor(ImGuiCol_Text, warn ? p.warning : p.mutedText);
        ImGui::TextUnformatted(countdown);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        a11yRecord("timer", countdown);
    }
}

void ItemScreen::bottomBar(App& app, float height) {
    ModuleSession& s = *app.session();
    const Palette& p = palette();
    const float width = ImGui::GetWindowWidth();
    const float top = ImGui::GetWindowHeight() - height;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    dl->AddRectFilled(ImVec2(origin.x, origin.y + top), ImVec2(origin.x + width, origin.y + top + height), p.surface);
    dl->AddLine(ImVec2(origin.x, origin.y + top), ImVec2(origin.x + width, origin.y + top), p.border);
    const float buttonW = em(9);
    const float y = top + (height - em(2.6f)) / 2;
    const bool nonlinear = s.module().navigationMode != "linear";
    ImGui::SetCursorPos(ImVec2(em(1), y));
    if (bigButton(tr("← Vorige"), false, buttonW, nonlinear && s.position() > 0)) s.previous(app.now());
    const bool last = s.position() + 1 == s.itemCount();
    ImGui::SetCursorPos(ImVec2(width - buttonW - em(1), y));
    if (last) {
        if (bigButton(tr("Klaar ✓"), true, buttonW)) m_openFinishDialog = true;
    } else if (bigButton(tr("Volgende →"), true, buttonW)) {
        s.next(app.now());
    }
}

void ItemScreen::finishDialog(App& app) {
    ModuleSession& s = *app.session();
    if (m_openFinishDialog) {
        ImGui::OpenPopup("finish");
        m_openFinishDialog = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(30), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("finish", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                                       ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    size_t open = 0;
    for (size_t i = 0; i < s.itemCount(); ++i) open += s.isAnswered(i) ? 0 : 1;
    wrappedText(tr("Ben je klaar?"), app.fonts().large);
    ImGui::Dummy(em(0, 0.3f));
    if (open > 0) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      open == 1 ? tr("Je hebt 1 vraag nog niet beantwoord.") : tr("Je hebt %zu vragen nog niet beantwoord."),
                      open);
        wrappedText(buf);
    }
    wrappedText(tr("Als je op Klaar drukt, kun je je antwoorden niet meer veranderen."));
    ImGui::Dummy(em(0, 0.6f));
    if (bigButton(tr("Nee, ga terug"), false, em(10)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::SameLine();
    if (bigButton(tr("Ja, ik ben klaar"), true, em(10))) {
        if (s.finish(app.now())) {
            logInfo("pupil finished module " + s.module().identifier);
            try {
                app.core().backup(app.now());
            } catch (const std::exception& e) {
                logWarning(std::string("backup after a finished module failed: ") + e.what());
            }
            app.go(ScreenId::Finish);
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void ItemScreen::draw(App& app) {
    ModuleSession& s = *app.session();
    s.tick(app.now());
    bool scrollToTop = false;
    if (s.position() != m_shownPosition) {
        logInfo("attempt " + std::to_string(s.attemptId()) + " shows item " + std::to_string(s.position() + 1));
        m_shownPosition = s.position();
        scrollToTop = true;
    }
    beginScreen("item");
    const float barH = em(3.2f), bottomH = em(4.2f);
    topBar(app, barH);
    bottomBar(app, bottomH);

    // A failed save speaks to the pupil in plain words and to the teacher with the detail.
    float bannerH = 0;
    if (s.saveState() == SaveState::Failed) {
        bannerH = em(3.4f);
        ImGui::SetCursorPos(ImVec2(em(1), barH + em(0.4f)));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().surface);
        ImGui::BeginChild("savefail", ImVec2(ImGui::GetWindowWidth() - em(2), bannerH - em(0.4f)), true);
        wrappedText(tr("Je antwoord is nog niet opgeslagen. Steek je hand op; de leerkracht helpt je. Je antwoord "
                       "blijft bewaard op het scherm."),
                    app.fonts().bold, palette().danger);
        wrappedText(s.lastError(), nullptr, palette().mutedText);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }

    ImGui::SetCursorPos(ImVec2(0, barH + bannerH));
    ImGui::BeginChild("content", ImVec2(ImGui::GetWindowWidth(), ImGui::GetWindowHeight() - barH - bannerH - bottomH),
                      false);
    if (scrollToTop) ImGui::SetScrollY(0);
    ImGui::Dummy(em(0, 1));
    const float width = std::min(ImGui::GetWindowWidth() - em(3), em(40));
    ImGui::SetCursorPosX(std::max(em(1.5f), (ImGui::GetWindowWidth() - width) / 2));
    ItemView view(s, app.itemViewState(), app.fonts(), app.now());
    ImGui::BeginGroup();
    view.draw(width);
    ImGui::EndGroup();
    ImGui::Dummy(em(0, 1));
    ImGui::EndChild();

    finishDialog(app);
    endScreen();
}

}  // namespace dlk::ui
