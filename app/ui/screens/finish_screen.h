#pragma once
#include <optional>
#include <string>

namespace dlk::ui {
class App;

// After a module: "Klaar!", then either the next module of the pupil's plan or the next pupil.
class FinishScreen {
public:
    void draw(App& app);
    // Called when the screen opens: the next module is looked up again.
    void reset() { m_nextTitle.reset(); }

private:
    std::optional<std::string> m_nextTitle;  // looked up once per opening; empty: the plan is done
};

}  // namespace dlk::ui
