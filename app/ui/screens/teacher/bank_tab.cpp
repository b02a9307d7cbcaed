// The item bank as the kiosk loaded it: the modules pupils can get, and every module that was
// left out with the file and line that broke it, so a teacher (or the school's IT person) knows
// what to mend. A module with a broken language version is never given to a pupil in another
// language: it is left out whole (bank/item_bank.h).
#include <string>

#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/teacher/fitted_table.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"

namespace dlk::ui {

namespace {

class BankTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext&) override {
        const ItemBank& bank = app.core().bank();
        const Palette& p = palette();
        char line[256];
        std::snprintf(line, sizeof line, tr("%d modules in gebruik, uit %s"), static_cast<int>(bank.modules().size()),
                      bank.folder().c_str());
        wrappedText(line, nullptr, p.mutedText);
        ImGui::Dummy(em(0, 0.3f));
        for (const RefusedModule& refused : bank.refusedModules()) {
            std::snprintf(line, sizeof line, tr("Module '%s' wordt niet gebruikt: een taalversie is kapot."),
                          refused.identifier.c_str());
            wrappedText(line, app.fonts().bold, p.warning);
            for (const BrokenVersion& v : refused.broken) {
                std::snprintf(line, sizeof line, tr("%s-versie (%s):"), v.language.c_str(), v.testPath.c_str());
                wrappedText(line);
                wrappedText(v.cause.text(), nullptr, p.mutedText);
            }
            ImGui::Dummy(em(0, 0.3f));
        }
        if (!bank.refusedModules().empty())
            wrappedText(
                tr("Leerlingen krijgen deze modules pas weer als de bestanden hersteld zijn en de kiosk opnieuw "
                   "is gestart."),
                nullptr, p.mutedText);
        ImGui::Dummy(em(0, 0.3f));
        modules(app, bank);
    }

private:
    static void modules(App& app, const ItemBank& bank) {
        const ImGuiTableFlags flags =
            ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable("bank", 4, flags)) return;
        ImGui::TableSetupColumn(tr("Module"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(tr("Vragen"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("Tijd"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("Talen"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        for (const Module& m : bank.modules()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string title =
                m.variant(app.language()).title + (m.practice ? std::string(" · ") + tr("oefenen") : "");
            wrappedText(title);
            ImGui::TableNextColumn();
            ImGui::Text("%zu", m.itemCount());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.maxTimeSeconds > 0 ? (std::to_string(m.maxTimeSeconds / 60) + " min").c_str()
                                                        : "–");
            ImGui::TableNextColumn();
            std::string languages;
            for (const auto& [lang, variant] : m.variants) languages += (languages.empty() ? "" : ", ") + lang;
            ImGui::TextUnformatted(languages.c_str());
        }
        ImGui::EndTable();
    }
};

}  // namespace

std::unique_ptr<TeacherTab> makeBankTab() {
    return std::make_unique<BankTab>();
}

}  // namespace dlk::ui
