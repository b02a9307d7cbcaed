#pragma once
// The class's session design (issue 13, point 4; issue 16, point 1): which modules its pupils are
// dealt, chosen before or during a session from the designs of <items>/session-design.json, each
// said in modules and minutes. A pupil already dealt keeps their plan. A part of the class tab.
#include <string>

#include "delivery/session_plan.h"
#include "school/school_store.h"

namespace dlk::ui {
class App;

// What the design deals, in the teacher's words: "Oefenmodule, dan 2 van de 4 modules (A · B · C ·
// D), dan de 2 modules (E · F). Samen 4 modules, hoogstens 120 minuten."
std::string designSummary(const BookletDesign& design, const ItemBank& bank, const std::string& language);
// The design's name for the teacher: its label in the language, else its name.
std::string designLabel(const BookletDesign& design, const std::string& language);

class DesignChoice {
public:
    // Draws the heading, the designs as radio rows and what the choice means; a click or Enter
    // on a row stores it for the class. A problem goes to `message`.
    void draw(App& app, const ClassInfo& cls, std::string& message, float width);

private:
    void reload(App& app, int64_t classId, std::string& message);
    int64_t m_classId = -1;
    std::string m_chosen;    // the stored name; empty: the default
    int m_dealt = 0;         // pupils of the class with a plan already
    int64_t m_readAtMs = 0;  // read again every few seconds: pupils log in during a session
};

}  // namespace dlk::ui
