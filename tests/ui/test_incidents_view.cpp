// The incident log in the teacher's activity tab, driven by synthetic input: a pupil's name opens
// their incidents, a kind button notes one for the module the pupil is in, the table says it in
// words, Weghalen takes it away; a pupil who never started can have one too.
#include <string>

#include "delivery/response_store.h"
#include "school/incidents.h"
#include "ui_harness.h"

using dlk::test::UiHarness;

namespace {
int incidentRows(UiHarness& h, const char* where = "1") {
    auto st = h.core->db().prepare(std::string("SELECT count(*) FROM incidents WHERE ") + where);
    st.step();
    return static_cast<int>(st.getInt(0));
}
// The cells of a pupil's row in the activity table.
std::vector<std::string> rowOf(const std::string& name) {
    std::vector<std::string> row;
    bool theirs = false;
    for (const auto& node : dlk::ui::a11yFrame()) {
        if (node.role == "link") theirs = node.label == name;
        if (theirs && node.role == "cell") row.push_back(node.label);
    }
    return row;
}
}  // namespace

TEST_CASE("activity tab: the teacher notes an incident for a pupil's module - reads it in the table - removes it") {
    UiHarness h;
    const auto cls = h.core->school().classes().front();
    const auto pupils = h.addPupils(cls.id, {"Noor Voorval", "Sem Nietbegonnen"});
    dlk::ResponseStore(h.core->db()).startOrResume(pupils[0].id, "m01-schoolreis", "nl", h.clockMs);
    h.openTeacherScreen();
    h.click("Activiteit");
    REQUIRE(rowOf("Noor Voorval").size() == 7);
    CHECK(rowOf("Noor Voorval").back() == "–");

    h.click("Noor Voorval", "link");
    CHECK(h.has("Voorvallen"));
    CHECK(h.has("Geen voorvallen genoteerd."));
    h.click("Te laat begonnen", "button");
    CHECK(incidentRows(h) == 1);
    CHECK(incidentRows(h, "kind='late' AND module_id='m01-schoolreis'") == 1);
    CHECK_FALSE(h.has("Geen voorvallen genoteerd."));
    h.click("Technisch probleem", "button");
    CHECK(incidentRows(h) == 2);
    h.click("Sluiten");
    CHECK(rowOf("Noor Voorval").back() == "Te laat begonnen, Technisch probleem");

    // A wrong one is taken away again.
    h.click("Noor Voorval", "link");
    h.click("Weghalen", "button");
    CHECK(incidentRows(h) == 1);
    CHECK(incidentRows(h, "kind='technical'") == 1);  // the first listed (late) went
    h.click("Sluiten");
    CHECK(rowOf("Noor Voorval").back() == "Technisch probleem");

    // A pupil who never started opens too: absent or ill is worth noting.
    h.click("Sem Nietbegonnen", "link");
    CHECK(h.has("Nog geen activiteit."));
    h.click("Voelde zich niet goed", "button");
    CHECK(incidentRows(h, "kind='unwell' AND module_id=''") == 1);
    h.click("Sluiten");
    CHECK(rowOf("Sem Nietbegonnen").back() == "Voelde zich niet goed");
}

namespace {
// Presses Tab until the control with these words and role has the keyboard focus; false when 80
// presses never reach it.
bool tabTo(UiHarness& h, const std::string& label, const char* role) {
    for (int i = 0; i < 80; ++i) {
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.label == label && n.role == role && n.focused) return true;
        h.key(dlk::test::kKeyTab);
    }
    return false;
}
}  // namespace

TEST_CASE("activity tab: an incident is noted and the popup closed with the keyboard alone") {
    UiHarness h;
    const auto cls = h.core->school().classes().front();
    const auto pupils = h.addPupils(cls.id, {"Noor Voorval"});
    dlk::ResponseStore(h.core->db()).startOrResume(pupils[0].id, "m01-schoolreis", "nl", h.clockMs);
    h.openTeacherScreen();
    h.click("Activiteit");
    REQUIRE(tabTo(h, "Noor Voorval", "link"));
    h.key(dlk::test::kKeyEnter);
    REQUIRE(h.has("Geen voorvallen genoteerd."));
    REQUIRE(tabTo(h, "Voelde zich niet goed", "button"));
    h.key(dlk::test::kKeyEnter);
    CHECK(incidentRows(h, "kind='unwell' AND module_id='m01-schoolreis'") == 1);
    REQUIRE(tabTo(h, "Sluiten", "button"));
    h.key(dlk::test::kKeyEnter);
    CHECK_FALSE(h.has("Geen voorvallen genoteerd."));
    CHECK_FALSE(h.has("Voelde zich niet goed", "button"));
    CHECK(rowOf("Noor Voorval").back() == "Voelde zich niet goed");
}
