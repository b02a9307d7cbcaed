#pragma once
#include <string>

namespace dlk::ui {
class App;

// After a module: "Klaar!", then either the next module of the pupil's plan or the next pupil.
class FinishScreen {
public:
    void draw(App& app);
    // Called when the screen opens: the next module is looked up again.
    void reset() {
        m_nextTitle.clear();
        m_checkedNext = false;
    }

private:
    std::string m_nextTitle;
    bool m_checkedNext = false;
};

}  // namespace dlk::ui
