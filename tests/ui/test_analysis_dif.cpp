// The Analyse tab's item table flags an item the bank's DIF table (items/irt/dif.csv) marks C or B,
// with its grouping variable ("Let op: DIF (taal): C") on a line under the item's title, its meaning
// read aloud with it, and a note above the table; an item of class A gets no flag. The flag stays
// in the window on the smallest screen at 200% text, where the table scrolls sideways.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "results/class_report.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
namespace fs = std::filesystem;

namespace {

// The bundled bank with a DIF table of our own: one C item, one B item, one A item, all in the CT
// module every pupil of the default design takes.
fs::path bankWithDif(const dlk::test::TempDir& dir) {
    const fs::path bank = dir.path() / "bank";
    fs::copy(DLK_SOURCE_ITEMS, bank, fs::copy_options::recursive);
    std::ofstream out(bank / "irt" / "dif.csv", std::ios::binary | std::ios::trunc);
    out << "group,reference,focal,item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal\n"
           "language,nl,en,robot-01-route,-1.92,0.21,C,0.82,0.09,-0.19,1250,1250\n"
           "language,nl,en,robot-02-eindpunt,0.12,0.20,A,-0.05,0.09,0.01,1250,1250\n"
           "language,nl,en,robot-03-onderdelen,1.21,0.20,B,-0.52,0.09,0.12,1250,1250\n";
    return bank;
}

// The first a11y node whose label starts with `prefix`.
const dlk::ui::A11yNode* findStarting(const std::string& prefix) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0) return &n;
    return nullptr;
}

// The first cell whose label holds `part` (a note may list the class's own concerns before the flag).
const dlk::ui::A11yNode* findCellWith(const std::string& part) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "cell" && n.label.find(part) != std::string::npos) return &n;
    return nullptr;
}

}  // namespace

TEST_CASE(
    "analysis tab: an item the bank's DIF table marks C shows DIF (taal) C under its title - read aloud with its "
    "meaning") {
    struct Look {
        int width, height, textPct;
    };
    for (const Look look : {Look{1366, 768, 100}, Look{1024, 600, 200}}) {
        CAPTURE(look.width);
        CAPTURE(look.textPct);
        dlk::test::TempDir bankDir;
        const fs::path bank = bankWithDif(bankDir);
        UiHarness h(false, look.width, look.height, bank.string());
        REQUIRE(h.core->dif().has_value());
        dlk::DemoOptions demo;
        demo.pupils = 20;
        demo.pin = "246813";
        demo.finishedShare = 1.0;
        h.classInfo = dlk::makeDemoSchool(h.core->school(), h.core->db(), h.core->bank(), h.core->sessionDesign(), demo,
                                          h.clockMs);
        h.core->school().lock();
        h.startApp();
        h.frames(2);

        // The report the screen draws carries the flags of the C and B items only.
        const auto cls = h.core->school().classes().front();
        const dlk::ClassReport report =
            dlk::buildClassReport(h.core->db(), h.core->bank(), cls.id, nullptr, nullptr, &*h.core->dif());
        const dlk::ItemAnalysis *c = nullptr, *b = nullptr, *a = nullptr;
        for (const dlk::ItemAnalysis& item : report.items) {
            if (item.itemId == "robot-01-route") c = &item;
            if (item.itemId == "robot-03-onderdelen") b = &item;
            if (item.itemId == "robot-02-eindpunt") a = &item;
            if (item.itemId != "robot-01-route" && item.itemId != "robot-03-onderdelen") CHECK(item.dif.empty());
        }
        REQUIRE(c);
        REQUIRE(b);
        REQUIRE(a);
        REQUIRE(c->dif.size() == 1);
        REQUIRE(b->dif.size() == 1);

        h.openTeacherScreen();
        if (look.textPct != 100) h.setTextSize(look.textPct);
        h.click("Analyse", "button");
        const std::string cFlag =
            "DIF (taal): C. In de proefmeting was deze vraag bij gelijke vaardigheid moeilijker voor 'en' dan voor "
            "'nl' (groot verschil).";
        const std::string bFlag =
            "DIF (taal): B. In de proefmeting was deze vraag bij gelijke vaardigheid moeilijker voor 'nl' dan voor "
            "'en' (matig verschil).";
        // Scroll down the page until the C item's row is drawn (ImGui draws a table's rows in view).
        bool sawC = false, sawB = false, sawNote = false;
        const std::string cTitle = c->title.empty() ? c->itemId : c->title;
        for (int i = 0; i < 300 && !(sawC && sawB && sawNote); ++i) {
            const dlk::ui::A11yNode* flag = findCellWith(cFlag);
            const dlk::ui::A11yNode* title = h.find(cTitle, "cell");
            if (flag && title && flag->max.y <= static_cast<float>(look.height)) {
                sawC = true;
                CHECK(flag->label.rfind("Let op: ", 0) == 0);
                // Under its own item's title, in the first column, and inside the window.
                CHECK(std::abs(flag->min.x - title->min.x) < 1.0f);
                CHECK(flag->min.y >= title->max.y - 1);
                CHECK(flag->min.y - title->max.y < ImGui::GetFontSize());
                CHECK(flag->max.x <= static_cast<float>(look.width));
            }
            sawB = sawB || findCellWith(bFlag);
            sawNote = sawNote || findStarting("DIF: in de proefmeting waarmee de vragen geijkt zijn");
            CHECK_FALSE(findCellWith("DIF (taal): A"));
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = ImVec2(look.width * 0.66f, look.height * 0.65f);
            io.MouseWheel = -1.0f;
            h.frame();
            io.MouseWheel = 0;
            h.frame();
        }
        CHECK(sawC);
        CHECK(sawB);
        // The note that says what DIF means, as text read-aloud speaks.
        CHECK(sawNote);
    }
}
