#include "ui/screens/teacher_screen.h"

#include <algorithm>
#include <vector>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
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
        // The logged-in teacher's classes (an administrator's: all). A class chosen before, by another
        // teacher or before it was handed on, is never kept when this teacher does not see it.
        m_classes = core.school().visibleClasses();
        const bool visible = std::any_of(m_classes.begin(), m_classes.end(),
                                         [&](const ClassInfo& c) { return c.id == m_selectedClass; });
        if (!visible) {  // the first class in use; an archived one only when there is no other
            const auto inUse =
                std::find_if(m_classes.begin(), m_classes.end(), [](const ClassInfo& c) { return !c.archived(); });
            m_selectedClass = m_classes.empty() ? 0 : inUse != m_classes.end() ? inUse->id : m_classes.front().id;
        }
        const CalibratedItems* calibration = core.calibration() ? &*core.calibration() : nullptr;
        const LevelTable* levels = core.levels() ? &*core.levels() : nullptr;
        const BankDif* dif = core.dif() ? &*core.dif() : nullptr;
        m_report = m_selectedClass ? buildClassReport(core.db(), core.bank(), m_selectedClass, calibration, levels, dif)
                                   : ClassReport{};
        if (m_selectedClass) attachNames(m_report, core.school());
        // The class against its most recent earlier measurement, when it has one.
        m_comparison.reset();
        m_earlierName.clear();
        if (m_selectedClass)
            if (const auto rounds = core.school().earlierRounds(m_selectedClass); !rounds.empty()) {
                const ClassReport earlier =
                    buildClassReport(core.db(), core.bank(), rounds.front().id, calibration, levels);
                m_comparison =
                    compareRounds(earlier, m_report, core.school().earlierPupils(m_selectedClass, rounds.front().id));
                m_earlierName = rounds.front().name;
            }
    } catch (const Error& e) {
        m_message = teacherError(tr("De resultaten konden niet worden gelezen."), e, "class report failed");
        // The last good report stays up, but never under another class's name.
        if (m_report.classId != m_selectedClass) m_report = ClassReport{};
    }
    m_resultsAtMs = app.now();
}

// The buttons about the school and oneself: an administrator's own tabs (Leerkrachten, Exporteren;
// about the school, so not in the class's row of tabs, which has no room left at 1366x768) and
// every teacher's Mijn pincode (the Leerkrachten tab gives a new PIN to one who forgot theirs).
std::vector<std::pair<std::string, int>> TeacherScreen::schoolButtonLabels(App& app) const {
    std::vector<std::pair<std::string, int>> labels;  // the words, and the tab (-1: Mijn pincode)
    if (app.core().school().loggedInAsAdmin()) {
        const auto tabs = teacherTabs();
        for (size_t i = 0; i < tabs.size(); ++i)
            if (tabs[i].adminOnly) labels.emplace_back(tr(tabs[i].label), static_cast<int>(i));
    }
    labels.emplace_back(tr("Mijn pincode"), -1);
    return labels;
}

float TeacherScreen::schoolButtonsWidth(App& app) const {
    float w = 0;
    for (const auto& [label, tab] : schoolButtonLabels(app)) w += ImGui::CalcTextSize(label.c_str()).x + em(2.75f);
    return w;
}

void TeacherScreen::schoolButtons(App& app) {
    bool first = true;
    for (const auto& [label, tab] : schoolButtonLabels(app)) {
        // In the body they flow: a button that would run past the right edge starts a new row.
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str()).x + em(2)) ImGui::NewLine();
        }
        first = false;
        const size_t t = static_cast<size_t>(tab);
        if (tab < 0) {
            if (bigButton(label.c_str(), false)) m_myPin.open();
        } else if (bigButton(label.c_str(), m_tab == t)) {
            m_tab = m_tab == t ? 0 : t;  // pressed again, it goes back to the class's first tab
        }
    }
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
    const bool admin = app.core().school().loggedInAsAdmin();
    const auto tabs = teacherTabs();
    float bw = ImGui::CalcTextSize(toPupils).x + ImGui::CalcTextSize(close).x + em(5.5f);
    // The school's buttons (an administrator's Leerkrachten and Exporteren, every teacher's Mijn
    // pincode) when the bar has room for them too; with large text on a small screen they go to the
    // top of the body instead (schoolButtons), never off the bar's left edge.
    const float schoolW = schoolButtonsWidth(app);
    m_myPinInTopBar = bw + schoolW <= width - em(2);
    if (m_myPinInTopBar) bw += schoolW;
    ImGui::SetCursorPos(ImVec2(em(1), (height - ImGui::GetFontSize() * 1.5f) / 2));
    // Who is logged in, and the school. With large text the school's name would run under the
    // buttons: then the teacher's name alone, in the body's size if need be (never under a button).
    const auto me = app.core().school().loggedInTeacher();
    const std::string who = me ? me->name : std::string(tr("Leerkracht"));
    const float room = width - bw - em(3);
    std::string title = who + " · " + app.core().school().schoolName();
    ImGui::PushFont(app.fonts().large);
    if (ImGui::CalcTextSize(title.c_str()).x > room) title = who;
    if (ImGui::CalcTextSize(title.c_str()).x > room) {
        ImGui::PopFont();
        ImGui::PushFont(app.fonts().bold);
        ImGui::SetCursorPosY((height - ImGui::GetFontSize()) / 2);
    }
    m_nameInTopBar = ImGui::CalcTextSize(title.c_str()).x <= room;
    if (m_nameInTopBar) ImGui::TextUnformatted(title.c_str());
    a11yRecord("text", std::string(tr("Ingelogd als")) + " " + who);
    ImGui::PopFont();
    ImGui::SetCursorPos(ImVec2(width - bw - em(1), (height - em(2.6f)) / 2));
    // Escape leaves, unless it is closing a popup.
    const bool popupOpen = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (m_myPinInTopBar) {
        schoolButtons(app);
        ImGui::SameLine();
    }
    if (bigButton(toPupils, !admin || !tabs[m_tab].adminOnly) || (escapePressed() && !popupOpen)) leave(app);
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
    const bool admin = app.core().school().loggedInAsAdmin();
    const auto tabs = teacherTabs();
    // The tabs this teacher has: an administrator's own only for administrators (drawn in the top
    // bar); without a class, only those about the kiosk as a whole.
    const auto allowed = [&](size_t i) { return (admin || !tabs[i].adminOnly) && (cls || !tabs[i].aboutClass); };
    if (m_tab >= tabs.size() || !allowed(m_tab)) m_tab = 0;
    const bool schoolTab = allowed(m_tab) && tabs[m_tab].adminOnly;
    if (!cls && !schoolTab) {
        wrappedText(m_classes.empty() && !admin
                        ? tr("Je hebt nog geen klas. Maak links een klas, of vraag de beheerder om je een klas te "
                             "geven.")
                        : tr("Maak links een klas. Elke leerling krijgt een eigen code om mee te beginnen."));
        return;
    }
    const float right = ImGui::GetContentRegionMax().x;
    ImGui::PushFont(app.fonts().large);
    ImGui::TextUnformatted(schoolTab ? tr(tabs[m_tab].label) : cls->name.c_str());
    ImGui::PopFont();
    if (!cls) {  // an administrator without classes, on the teachers' tab
        static const ClassInfo kNoClass{};
        static const ClassReport kNoReport{};
        TeacherTabContext context{kNoClass, kNoReport, m_message};
        m_tabs[m_tab]->draw(app, context);
        if (context.classesChanged) m_resultsAtMs = -1;
        return;
    }
    bool first = true;
    // The class's tabs, also under the teachers' tab (none of them lit then): one of them, the top
    // bar's button pressed again, or another class chosen in the list goes back to the class.
    for (size_t i = 0; i < tabs.size(); ++i) {
        if (!allowed(i) || tabs[i].adminOnly) continue;
        const char* label = tr(tabs[i].label);
        // As wide as the words need (at least 5 em), so that at 1366x768 the six tabs fit one row;
        // the padding is bigButton's own (2 em), or the row would wrap too late and cut a tab off.
        const float w = std::max(em(5), ImGui::CalcTextSize(label).x + em(2));
        // The buttons wrap onto the next line when the window or the text size leaves no room.
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        first = false;
        if (bigButton(label, m_tab == i, w)) m_tab = i;
    }
    ImGui::Dummy(em(0, 0.2f));
    TeacherTabContext context{*cls, m_report, m_message};
    if (m_comparison && m_report.classId == cls->id) {
        context.comparison = &*m_comparison;
        context.earlierName = m_earlierName;
    }
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
    // teacher/mypin: the teacher's own PIN dialog over the first tab.
    if (id == "mypin") {
        m_myPin.open();
        return true;
    }
    const auto tabs = teacherTabs();
    // A dialog inside a tab (teacher/report): that tab, with its dialog open.
    for (size_t i = 0; i < tabs.size(); ++i)
        if (m_tabs[i]->openDialog(id)) {
            m_tab = i;
            return true;
        }
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

void TeacherScreen::classPanel(App& app, float listW) {
    if (!m_nameInTopBar) {  // large text left the top bar no room for who is logged in: said here
        if (const auto me = app.core().school().loggedInTeacher())
            wrappedText(std::string(tr("Ingelogd als")) + " " + me->name, nullptr, palette().mutedText, listW);
    }
    if (!m_myPinInTopBar) {  // nor for the school's buttons
        schoolButtons(app);
        ImGui::Dummy(em(0, 0.3f));
    }
    const int64_t chosen = m_classList.draw(app, m_classes, m_selectedClass, listW, m_message);
    if (chosen != m_selectedClass) {
        selectClass(chosen);
        if (m_tab < teacherTabs().size() && teacherTabs()[m_tab].adminOnly)
            m_tab = 0;  // from Leerkrachten to the class
    }
    // The selected class's login cards, under the class list: with six tabs the tabs' row has no
    // room for them at 1366x768, and a row of their own would push the scoring tab's Save button
    // below the window.
    for (const ClassInfo& c : m_classes)
        if (c.id == m_selectedClass) {
            ImGui::Dummy(em(0, 0.3f));
            m_printCards.draw(app, c);
        }
    if (!m_message.empty()) wrappedText(m_message, nullptr, palette().danger, listW);
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
    const float bodyH = ImGui::GetWindowHeight() - barH - em(2);
    const float fullW = ImGui::GetWindowWidth() - em(2);
    // Below 50 em (1366x768 at 200% text, 1024x600 at 150%) a class list beside the results would
    // leave them a strip: it folds into a button above them.
    if (ImGui::GetWindowWidth() < em(50)) {
        if (m_classListOpen) {
            ImGui::BeginChild("classes", ImVec2(fullW, bodyH), false, ImGuiWindowFlags_NavFlattened);
            if (bigButton(tr("Sluiten"), false)) m_classListOpen = false;
            const int64_t before = m_selectedClass;
            classPanel(app, std::min(fullW - em(1), em(24)));
            if (m_selectedClass != before) m_classListOpen = false;  // chosen: back to its results
            ImGui::EndChild();
        } else {
            ImGui::BeginChild("results", ImVec2(fullW, bodyH), false, ImGuiWindowFlags_NavFlattened);
            std::string label = tr("Klassen");
            for (const ClassInfo& c : m_classes)
                if (c.id == m_selectedClass) label += std::string(": ") + c.name;
            if (bigButton(label.c_str(), false)) m_classListOpen = true;
            if (!m_myPinInTopBar) {  // the top bar had no room for the school's buttons either
                ImGui::SameLine();
                schoolButtons(app);
            }
            if (!m_message.empty()) wrappedText(m_message, nullptr, palette().danger);
            classView(app);
            ImGui::EndChild();
        }
    } else {
        m_classListOpen = false;
        // The class list gives way to the results when large text leaves little room.
        const float listW = std::min(em(15), ImGui::GetWindowWidth() * 0.3f);
        ImGui::BeginChild("classes", ImVec2(listW + em(1), bodyH), false, ImGuiWindowFlags_NavFlattened);
        classPanel(app, listW);
        ImGui::EndChild();
        ImGui::SameLine(0, em(1.5f));
        ImGui::BeginChild("results", ImVec2(ImGui::GetWindowWidth() - listW - em(4.5f), bodyH), false,
                          ImGuiWindowFlags_NavFlattened);
        classView(app);
        ImGui::EndChild();
    }
    m_myPin.draw(app);
    confirmClosePopup(app);
    endScreen();
}

}  // namespace dlk::ui
