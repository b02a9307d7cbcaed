#pragma once

namespace dlk::ui {
class App;

class FinishScreen {
public:
    void draw(App& app);
};

}  // namespace dlk::ui
