#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "results/class_report.h"
#include "results/round_comparison.h"
#include "school/school_store.h"
#include "ui/screens/teacher/class_list.h"
#include "ui/screens/teacher/my_pin.h"
#include "ui/screens/teacher/print_cards.h"
#include "ui/screens/teacher/teacher_tab.h"

namespace dlk::ui {
class App;

// The teacher's station: the frame around the teacher's views. A top bar (the teacher's own PIN,
// back to the pupils, close the kiosk), the class list, and the selected class's report in the tabs of
// teacher/teacher_tabs.cpp (scores, activity). Locks itself after 3 idle minutes.
class TeacherScreen {
public:
    static constexpr int64_t kIdleLockMs = 3 * 60 * 1000;
    TeacherScreen();
    ~TeacherScreen();
    void draw(App& app);
    void reset();
    // Selects the tab with this id (teacherTabs()) in its demo state; false for no such tab.
    bool openDemoTab(App& app, const std::string& id);
    void selectClass(int64_t classId) {
        m_selectedClass = classId;
        m_resultsAtMs = -1;
    }

private:
    void refresh(App& app);
    void topBar(App& app, float height);
    void classView(App& app);
    void classPanel(App& app, float width);
    std::vector<std::pair<std::string, int>> schoolButtonLabels(App& app) const;
    float schoolButtonsWidth(App& app) const;
    void schoolButtons(App& app);  // Leerkrachten, Exporteren (administrators), Mijn pincode  // who is logged in, the
                                   // class list, new class, login cards
    void confirmClosePopup(App& app);
    // Back to where the kiosk was: the pupil's item (or pause), their finish screen, or the login.
    void leave(App& app);

    std::vector<ClassInfo> m_classes;
    int64_t m_selectedClass = 0;
    ClassReport m_report;
    std::optional<RoundComparison> m_comparison;  // with the class's most recent earlier round
    std::string m_earlierName;
    ClassList m_classList;
    PrintCardsButton m_printCards;
    MyPinDialog m_myPin;                              // every teacher's own PIN, from the top bar
    std::vector<std::unique_ptr<TeacherTab>> m_tabs;  // as teacherTabs() lists them
    size_t m_tab = 0;
    int64_t m_resultsAtMs = -1;
    std::string m_message;
    bool m_confirmClose = false;
    bool m_nameInTopBar = true;   // false when large text left the top bar no room for the teacher's name
    bool m_myPinInTopBar = true;  // false when it left no room for the school's buttons (then in the body)
    // On a narrow screen (large text, a small laptop) the class list folds into one button above the
    // results; open, it takes the whole width until a class is chosen or it is closed.
    bool m_classListOpen = false;
};

}  // namespace dlk::ui
