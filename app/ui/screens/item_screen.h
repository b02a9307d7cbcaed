#pragma once
#include <cstddef>

namespace dlk::ui {
class App;

// One task at a time: a top bar (module, progress dots with flags, time, saved state, a quiet
// "Leerkracht" button), the item, and a bottom bar with Vorige / Markeer / Overzicht / Volgende
// (or Klaar) always in the same place. The overview lists every item with its state in words and
// a symbol; before Klaar it is the confirmation. A paused pupil sees the pause notice instead.
class ItemScreen {
public:
    void draw(App& app);
    // Opens the overview as the Overzicht button does (for the demo screens).
    void showOverview(App& app) { openOverview(app, Overview::Browse); }

private:
    enum class Overview { Browse, Finish };
    struct BottomLayout {
        bool twoRows = false;  // Markeer and Overzicht on their own row when the window is narrow
        float sideW = 0, midW = 0, height = 0;
    };
    BottomLayout bottomLayout(App& app) const;
    // The progress dots' smallest size when large text leaves little room: still a visible target.
    static constexpr float kMinDotEm = 0.9f;
    void topBar(App& app, float height);
    void bottomBar(App& app, const BottomLayout& layout);
    void openOverview(App& app, Overview mode);
    void overviewDialog(App& app);
    bool m_requestOverview = false;
    Overview m_overviewMode = Overview::Browse;
    size_t m_shownPosition = static_cast<size_t>(-1);
};

}  // namespace dlk::ui
