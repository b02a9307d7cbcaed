#pragma once
// The scores tab's "Klasrapport (PDF)": the class report, or the feedback sheets of every pupil
// who has started (one page each, in one PDF), written to a folder the teacher chooses (the same
// default as the login cards). The teacher screen is open, so the store is unlocked. Pupils
// appear by code; the private names stay off the paper here (the command line's --names is for
// a teacher who asks on purpose).
#include <string>

#include "school/school_store.h"

namespace dlk::ui {
class App;

class PrintReportButton {
public:
    // The button, and its dialog while open.
    void draw(App& app, const ClassInfo& cls);
    // Opens the dialog as if the button was clicked (--screen teacher/report).
    void openOnNextFrame() { m_openRequested = true; }

private:
    void dialog(App& app, const ClassInfo& cls);
    void save(App& app, const ClassInfo& cls, bool sheets);
    bool m_openRequested = false;
    std::string m_folder;
    std::string m_result;  // where the PDF went, or what went wrong
    bool m_failed = false;
};

// One pupil's feedback sheet, from the Analyse tab's pupil profile, to the default print folder
// as "feedback-<class>-<code>.pdf". Returns what the teacher reads: "Opgeslagen: <path>", or what
// went wrong (`failed` set).
std::string saveOneFeedbackSheet(App& app, const ClassInfo& cls, int64_t pupilId, const std::string& code,
                                 bool& failed);

// "klasrapport-Groep 7b.pdf" and "feedback-Groep 7b.pdf": the class name made safe as in
// loginCardsFileName.
std::string classReportFileName(const std::string& className);
std::string feedbackSheetsFileName(const std::string& className);

}  // namespace dlk::ui
