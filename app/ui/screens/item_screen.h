#pragma once
#include <cstddef>

namespace dlk::ui {
class App;

// One task at a time: a top bar (module, progress, saved state), the item, and a bottom bar
// with Vorige / Volgende (or Klaar) always in the same place.
class ItemScreen {
public:
    void draw(App& app);

private:
    void topBar(App& app, float height);
    void bottomBar(App& app, float height);
    void finishDialog(App& app);
    bool m_openFinishDialog = false;
    size_t m_shownPosition = static_cast<size_t>(-1);
};

}  // namespace dlk::ui
