#pragma once
// The teacher's views of the selected class, one class per tab (scores, activity, ...). The
// teacher screen keeps the frame (top bar, idle lock, class list, the tab buttons) and draws the
// selected tab with the class report it has read; a tab formats what the report says and works
// out no figure of its own (results/class_report.h does, for the screen, reports and exports).
#include <memory>
#include <span>
#include <string>

#include "results/class_report.h"
#include "results/round_comparison.h"
#include "school/school_store.h"

namespace dlk::ui {
class App;

// What the teacher screen hands the selected tab every frame.
struct TeacherTabContext {
    const ClassInfo& cls;
    const ClassReport& report;
    std::string& message;  // a problem for the teacher, shown under the class list
    // Set by a tab that changed the school's classes (renamed, pupils added or moved): the screen
    // reads the classes and the report again. With classDeleted it also selects another class.
    bool classesChanged = false;
    bool classDeleted = false;
    // The class against its most recent earlier round (SchoolStore::startNewRound), named by
    // `earlierName`; null when the class has none.
    const RoundComparison* comparison = nullptr;
    std::string earlierName{};
};

class TeacherTab {
public:
    virtual ~TeacherTab() = default;
    // Draws the tab, with its own popups, in the space below the tab buttons.
    virtual void draw(App& app, TeacherTabContext& context) = 0;
    // For `--screen teacher/ID` (screenshots of a demo school): puts the tab in a state worth
    // looking at, as a teacher would have got there. Most tabs have nothing to set.
    virtual void showDemo(App& app) { (void)app; }
    // For `--screen teacher/ID` of a dialog inside a tab (teacher/report: the scores tab's class
    // report): opens it on the next frame and returns true when the tab has a dialog of that id.
    virtual bool openDialog(const std::string& id) {
        (void)id;
        return false;
    }
};

struct TeacherTabEntry {
    const char* id;     // a stable name for tests and logs
    const char* label;  // the button's msgid (marked with N_, translated when drawn)
    std::unique_ptr<TeacherTab> (*make)();
    bool aboutClass = true;  // shows the selected class (false: the kiosk as a whole, e.g. its item bank)
    bool adminOnly = false;  // shown to an administrator only (the core refuses the rest what it does)
};

// Every teacher tab in the order of its buttons: adding a tab is its own file and one row here.
std::span<const TeacherTabEntry> teacherTabs();

}  // namespace dlk::ui
