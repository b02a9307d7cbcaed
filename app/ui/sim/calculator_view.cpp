// The pocket calculator's view (model: app/core/sim/calculator): a display and a keypad of big
// keys. Every key is a Tab stop that Enter or Space presses; while one of them has the focus,
// the keyboard's own digits, + - * / = , . Backspace and Delete work as on a real calculator.
// Dutch pupils see a decimal comma, English ones a point; the model and the answer use a point.
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "sim/calculator/calculator.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using sim::calculator::Key;

struct KeyCap {
    Key key;
    const char* label;  // "," is replaced by the pupil's decimal sign
    int columns = 1;    // 0 is two keys wide
};

// Four columns, like the calculator on a phone.
constexpr KeyCap kRows[5][4] = {
    {{Key::Clear, "C"}, {Key::Back, "←"}, {Key::Sign, "±"}, {Key::Divide, "÷"}},
    {{Key::Digit7, "7"}, {Key::Digit8, "8"}, {Key::Digit9, "9"}, {Key::Times, "×"}},
    {{Key::Digit4, "4"}, {Key::Digit5, "5"}, {Key::Digit6, "6"}, {Key::Minus, "−"}},
    {{Key::Digit1, "1"}, {Key::Digit2, "2"}, {Key::Digit3, "3"}, {Key::Plus, "+"}},
    {{Key::Digit0, "0", 2}, {Key::Point, ","}, {Key::Equals, "="}, {Key::Equals, nullptr, 0}},
};

const char* operatorSign(sim::calculator::Operator op) {
    switch (op) {
        case sim::calculator::Operator::Plus:
            return "+";
        case sim::calculator::Operator::Minus:
            return "−";
        case sim::calculator::Operator::Times:
            return "×";
        case sim::calculator::Operator::Divide:
            return "÷";
        case sim::calculator::Operator::None:
            return "";
    }
    return "";
}

// A number as the pupil reads it: the decimal comma in Dutch.
std::string shown(std::string s, bool comma) {
    if (comma) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// The key a typed character stands for, when a key of the calculator has the focus.
std::optional<Key> keyForCharacter(ImWchar c) {
    if (c >= '0' && c <= '9') return static_cast<Key>(static_cast<int>(Key::Digit0) + (c - '0'));
    switch (c) {
        case '+':
            return Key::Plus;
        case '-':
            return Key::Minus;
        case '*':
        case 'x':
        case 'X':
            return Key::Times;
        case '/':
        case ':':
            return Key::Divide;
        case '=':
            return Key::Equals;
        case ',':
        case '.':
            return Key::Point;
        default:
            return std::nullopt;
    }
}

}  // namespace

void calculator(EnvironmentContext& ctx) {
    using namespace sim::calculator;
    const auto& scenario = static_cast<const CalculatorScenario&>(ctx.scenario);
    const State state = fromResponse(ctx.response.current());
    const bool comma = ctx.view.session().variant().language != "en";
    const Palette& p = palette();
    const float gap = em(0.4f);
    const float keyW = std::min(em(4.5f), (ctx.view.width() - 3 * gap) / 4);
    const float width = 4 * keyW + 3 * gap;
    const float left = ctx.view.left();

    // The display: the pending sum in small letters above the number.
    ImGui::SetCursorPosX(left);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float height = em(4.2f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(at, ImVec2(at.x + width, at.y + height), p.surface, em(0.3f));
    dl->AddRect(at, ImVec2(at.x + width, at.y + height), p.border, em(0.3f), 0, std::max(1.5f, em(0.08f)));
    const std::string number = state.error ? std::string(tr("Fout")) : shown(state.display, comma);
    const std::string pending =
        state.op == Operator::None ? "" : shown(formatDouble(state.memory), comma) + " " + operatorSign(state.op);
    if (!pending.empty()) {
        const float w = ImGui::CalcTextSize(pending.c_str()).x;
        dl->AddText(ImVec2(at.x + width - w - em(0.6f), at.y + em(0.3f)), p.mutedText, pending.c_str());
    }
    ImGui::PushFont(ctx.view.fonts().large);
    const ImVec2 ts = ImGui::CalcTextSize(number.c_str());
    dl->AddText(ImVec2(at.x + width - ts.x - em(0.6f), at.y + height - ts.y - em(0.4f)),
                state.error ? p.danger : p.text, number.c_str());
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(width, height));
    a11yRecord("text", std::string(tr("Rekenmachine")) + ": " + (pending.empty() ? "" : pending + " ") + number);
    ImGui::Dummy(em(0, 0.3f));

    std::optional<Key> pressed;
    bool keyFocused = false;
    for (const auto& row : kRows) {
        ImGui::SetCursorPosX(left);
        bool first = true;
        for (const KeyCap& cap : row) {
            if (!cap.label) continue;
            if (!first) ImGui::SameLine(0, gap);
            first = false;
            std::string label = cap.key == Key::Point ? (comma ? "," : ".") : cap.label;
            label += std::string("##") + keyName(cap.key);
            const float w = cap.columns == 2 ? 2 * keyW + gap : keyW;
            const bool isOperator = cap.key == Key::Plus || cap.key == Key::Minus || cap.key == Key::Times ||
                                    cap.key == Key::Divide || cap.key == Key::Equals;
            if (bigButton(label.c_str(), isOperator, w)) pressed = cap.key;
            keyFocused = keyFocused || ImGui::IsItemFocused();
        }
    }
    // The keyboard's own keys, while the calculator has the focus.
    if (keyFocused) {
        ImGuiIO& io = ImGui::GetIO();
        for (int i = 0; i < io.InputQueueCharacters.Size && !pressed; ++i)
            pressed = keyForCharacter(io.InputQueueCharacters[i]);
        if (pressed) io.InputQueueCharacters.resize(0);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) pressed = Key::Back;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete))) pressed = Key::Clear;
    }
    if (!pressed) return;
    const State next = press(scenario, state, *pressed);
    // The first key of an untouched calculator always counts (the answer becomes the calculator);
    // a key that changes nothing is still an action the process data keeps.
    ctx.act(sim::Action{"key", keyName(*pressed)},
            next == state && !ctx.response.current().isNull() ? ctx.response.current() : toResponse(next));
}

}  // namespace dlk::ui::views
