#include "ui/screens/teacher_screen.h"

#include <algorithm>
#include <vector>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "util/error.h"

namespace dlk::ui {

TeacherScreen::TeacherScreen() {
    for (const TeacherTabEntry& entry : teacherTabs()) m_tabs.push_back(entry.make());
}

TeacherScreen::~TeacherScreen() = default;

void TeacherScreen::reset() {
    m_resultsAtMs = -1;
    m_message.clear();
    m_confirmClose = false;
}

void TeacherScreen::refresh(App& app) {
    // Results are recomputed from the stored answers when the screen opens, on a class change,
    // and every 10 s while it stays open, so a teacher watching a session sees progress.
    if (m_resultsAtMs >= 0 && app.now() - m_resultsAtMs < 10000) return;
    try {
        KioskCore& core = app.core();
        m_classes = core.school().classes();
        if (m_selectedClass == 0 && !m_classes.empty()) m_selectedClass = m_classes.front().id;
        const CalibratedItems* calibration = core.calibration() ? &*core.calibration() : nullptr;
        const LevelTable* levels = core.levels() ? &*core.levels() : nullptr;
        m_report = m_selectedClass ? buildClassReport(core.db(), core.bank(), m_selectedClass, calibration, levels)
                                   : ClassReport{};
        if (m_selectedClass) attachNames(m_report, core.school());
    } catch (const Error& e) {
        m_message = teacherError(tr("De resultaten konden niet worden gelezen."), e, "class report failed");
        // The last good report stays up, but never under another class's name.
        if (m_report.classId != m_selectedClass) m_report = ClassReport{};
    }
    m_resultsAtMs = app.now();
}

void TeacherScreen::topBar(App& app, float height) {
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    const float width = ImGui::GetWindowWidth();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + height), p.surface);
    dl->AddLine(ImVec2(o.x, o.y + height), ImVec2(o.x + width, o.y + height), p.border);
    const char* toPupils = tr("Naar leerlingscherm");
    const char* close = tr("Kiosk afsluiten");
    const float bw = ImGui::CalcTextSize(toPupils).x + ImGui::CalcTextSize(close).x + em(5.5f);
    ImGui::SetCursorPos(ImVec2(em(1), (height - ImGui::GetFontSize() * 1.5f) / 2));
    ImGui::PushFont(app.fonts().large);
    // With large text the school's name would run under the buttons: then the title alone.
    std::string title = std::string(tr("Leerkracht")) + " · " + app.core().school().schoolName();
    if (ImGui::CalcTextSize(title.c_str()).x > width - bw - em(3)) title = tr("Leerkracht");
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ImGui::SetCursorPos(ImVec2(width - bw - em(1), (height - em(2.6f)) / 2));
    // Escape leaves, unless it is closing a popup.
    const bool popupOpen = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (bigButton(toPupils, true) || (escapePressed() && !popupOpen)) leave(app);
    ImGui::SameLine();
    if (bigButton(close, false)) m_confirmClose = true;
}

void TeacherScreen::classView(App& app) {
    // A module left out of the item bank is the teacher's to know before a session, not only the log's.
    if (const size_t refused = app.core().bank().refusedModules().size(); refused > 0) {
        char line[200];
        std::snprintf(line, sizeof line,
                      refused == 1
                          ? tr("Let op: %zu module van de itembank kan niet worden gebruikt. Zie Itembank.")
                          : tr("Let op: %zu modules van de itembank kunnen niet worden gebruikt. Zie Itembank."),
                      refused);
        wrappedText(line, app.fonts().bold, palette().warning);
    }
    const ClassInfo* cls = nullptr;
    for (const auto& c : m_classes)
        if (c.id == m_selectedClass) cls = &c;
    if (!cls) {
        wrappedText(tr("Maak links een klas. Elke leerling krijgt een eigen code om mee te beginnen."));
        return;
    }
    const auto tabs = teacherTabs();
    const float right = ImGui::GetContentRegionMax().x;
    ImGui::PushFont(app.fonts().large);
    ImGui::TextUnformatted(cls->name.c_str());
    ImGui::PopFont();
    for (size_t i = 0; i < tabs.size(); ++i) {
        const char* label = tr(tabs[i].label);
        // As wide as the words need (at least 5 em), so that at 1366x768 the six tabs fit one row.
        const float w = std::max(em(5), ImGui::CalcTextSize(label).x + em(1.5f));
        // The buttons wrap onto the next line when the window or the text size leaves no room.
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        if (bigButton(label, m_tab == i, w)) m_tab = i;
    }
    ImGui::Dummy(em(0, 0.2f));
    TeacherTabContext context{*cls, m_report, m_message};
    m_tabs[m_tab]->draw(app, context);
    if (context.classDeleted) m_selectedClass = 0;  // refresh() selects the first class left
    if (context.classesChanged || context.classDeleted) m_resultsAtMs = -1;
}

bool TeacherScreen::openDemoTab(App& app, const std::string& id) {
    // teacher/cards: the login cards dialog over the first tab (for screenshots of the dialog).
    if (id == "cards") {
        m_printCards.openOnNextFrame();
        return true;
    }
    const auto tabs = teacherTabs();
    for (size_t i = 0; i < tabs.size(); ++i)
        if (id == tabs[i].id) {
            m_tab = i;
            m_tabs[i]->showDemo(app);
            return true;
        }
    return false;
}

void TeacherScreen::leave(App& app) {
    reset();
    // A teacher who came from a pupil's session (the teacher menu) goes back to it.
    ModuleSession* s = app.session();
    app.go(!s ? ScreenId::Login : s->finished() ? ScreenId::Finish : ScreenId::Item);
}

void TeacherScreen::confirmClosePopup(App& app) {
    if (m_confirmClose) {
        ImGui::OpenPopup("confirmclose");
        m_confirmClose = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(28), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("confirmclose", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    wrappedText(tr("De kiosk afsluiten?"), app.fonts().large);
    wrappedText(tr("Alle antwoorden zijn opgeslagen. Leerlingen kunnen na een herstart verder waar ze waren."));
    ImGui::Dummy(em(0, 0.5f));
    if (bigButton(tr("Nee"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::SameLine();
    if (bigButton(tr("Ja, afsluiten"), true, em(10))) {
        logInfo("kiosk closed by the teacher");
        if (app.session()) app.session()->flush(app.now());  // a pupil's session left open: store its last events
        app.quit();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void TeacherScreen::draw(App& app) {
    if (app.now() - app.lastInputMs() > kIdleLockMs) {
        // Walking past must not reveal results: after 3 idle minutes the PIN is needed again.
        logInfo("teacher screen locked after idle time");
        leave(app);
        return;
    }
    refresh(app);
    beginScreen("teacher");
    const float barH = em(3.6f);
    topBar(app, barH);
    ImGui::SetCursorPos(ImVec2(em(1), barH + em(1)));
    // The class list gives way to the results when large text leaves little room.
    const float listW = std::min(em(15), ImGui::GetWindowWidth() * 0.3f);
    const float bodyH = ImGui::GetWindowHeight() - barH - em(2);
    ImGui::BeginChild("classes", ImVec2(listW + em(1), bodyH), false);
    const int64_t chosen = m_classList.draw(app, m_classes, m_selectedClass, listW, m_message);
    if (chosen != m_selectedClass) selectClass(chosen);
    // The selected class's login cards, under the class list: with six tabs the tabs' row has no
    // room for them at 1366x768, and a row of their own would push the scoring tab's Save button
    // below the window.
    for (const ClassInfo& c : m_classes)
        if (c.id == m_selectedClass) {
            ImGui::Dummy(em(0, 0.3f));
            m_printCards.draw(app, c);
        }
    if (!m_message.empty()) wrappedText(m_message, nullptr, palette().danger, listW);
    ImGui::EndChild();
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginChild("results", ImVec2(ImGui::GetWindowWidth() - listW - em(4.5f), bodyH), false);
    classView(app);
    ImGui::EndChild();
    confirmClosePopup(app);
    endScreen();
}

}  // namespace dlk::ui
