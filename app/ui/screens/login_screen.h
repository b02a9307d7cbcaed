#pragma once
#include <optional>
#include <string>

#include "school/school_store.h"

namespace dlk::ui {
class App;

// The pupil's start: type the code from the teacher, choose the language, start; then confirm
// who the code belongs to ("Dit ben ik"), so a mistyped code never starts another pupil.
class LoginScreen {
public:
    void draw(App& app);
    void reset();
    // The "Ben jij dit?" step for `pupil`, as after typing their code (the --screen demo uses it).
    void confirm(App& app, const PupilInfo& pupil);

private:
    void drawCodeStep(App& app);
    void drawConfirmStep(App& app);
    void showResult(App& app, int result);  // an App::LoginResult other than Started and Found
    std::optional<PupilInfo> m_candidate;   // found by the code, awaiting "Dit ben ik"
    std::string m_candidateClass;
    char m_code[32] = "";
    std::string m_message;
    bool m_focusSet = false;
    bool m_fieldActive = false;  // the code field had the keyboard last frame
    // The code step's column at the last frame: the instruction under "Welkom!" and the rest.
    float m_instructionHeight = 0.0f;
    float m_restHeight = 0.0f;
};

}  // namespace dlk::ui
