#pragma once
// The class view's "Inlogkaarten (PDF)": the class's login cards (print/login_cards.h) written to
// a folder the teacher chooses, by default Documents in the home folder, else the data folder's
// print/ subfolder. The teacher screen is open, so the store is unlocked and the codes readable.
// The cards carry codes only; the private names stay off the paper here (the command line's
// --names is for a teacher who asks on purpose).
#include <string>

#include "school/school_store.h"

namespace dlk::ui {
class App;

class PrintCardsButton {
public:
    // The button, and its dialog while open.
    void draw(App& app, const ClassInfo& cls);
    // Opens the dialog as if the button was clicked (--screen teacher/cards).
    void openOnNextFrame() { m_openRequested = true; }

private:
    void dialog(App& app, const ClassInfo& cls);
    bool m_openRequested = false;
    std::string m_folder;
    std::string m_result;  // where the PDF went, or what went wrong
    bool m_failed = false;
};

// The folder the dialog starts with: $HOME/Documents when it exists, else <data>/print.
std::string defaultPrintFolder(const std::string& dataDir);
// "inlogkaarten-Groep 7b.pdf": the class name with path separators and control characters replaced.
std::string loginCardsFileName(const std::string& className);

}  // namespace dlk::ui
