// A pupil's whole session as the design deals it: the tutorial first, then the dealt modules one
// after the other, and "all done" when the plan is finished; stopping halfway resumes where the
// pupil left off.
#include <filesystem>
#include <fstream>

#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

// Three copies of the mini module: a tutorial and two modules, of which each pupil gets one.
struct DesignBank {
    dlk::test::TempDir dir;
    std::filesystem::path items = dir.path() / "items";
    DesignBank() {
        for (const std::string id : {"m00-oefenen", "m01-a", "m02-b"}) {
            const auto folder = items / id;
            std::filesystem::create_directories(folder);
            std::filesystem::copy(DLK_TEST_DATA "/bank/m99-mini", folder, std::filesystem::copy_options::recursive);
            const auto test = folder / "module.nl.xml";
            std::ifstream in(test);
            std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            in.close();
            xml.replace(xml.find("m99-mini"), 8, id);
            xml.replace(xml.find("Mini-module voor de tests"), 25, "Module " + id);
            std::ofstream(test) << xml;
        }
        std::ofstream(items / "session-design.json")
            << R"({"tutorial": "m00-oefenen", "modules": ["m01-a", "m02-b"], "perPupil": 1})";
    }
};

void finishModule(UiHarness& h) {
    REQUIRE(h.app->screen() == ScreenId::Item);
    REQUIRE(h.app->session()->finish(h.clockMs));
    h.app->go(ScreenId::Finish);
    h.frames(2);
}

}  // namespace

TEST_CASE("session flow: tutorial first - then the dealt module - then all done") {
    DesignBank bank;
    UiHarness h(true, 1366, 768, bank.items.string());
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {"Test Leerling"}).front();
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    CHECK(h.app->session()->module().identifier == "m00-oefenen");
    finishModule(h);

    const auto plan = h.core->sessionPlans().find(pupil.id);
    REQUIRE(plan);
    REQUIRE(plan->modules.size() == 2);
    CHECK(h.has("Hierna komt: Module " + plan->modules[1]));
    h.click("Verder →");
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(h.app->session()->module().identifier == plan->modules[1]);
    finishModule(h);

    // The plan is done: no next module, the kiosk goes back to the next pupil.
    CHECK_FALSE(h.has("Verder →"));
    h.click("Volgende leerling");
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::AllDone);
}

TEST_CASE("session flow: stopping after the tutorial resumes with the dealt module at the next login") {
    DesignBank bank;
    UiHarness h(true, 1366, 768, bank.items.string());
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {"Test Leerling"}).front();
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    finishModule(h);
    h.click("Stoppen voor nu");
    CHECK(h.app->screen() == ScreenId::Login);
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    const auto plan = h.core->sessionPlans().find(pupil.id);
    REQUIRE(plan);
    CHECK(h.app->session()->module().identifier == plan->modules[1]);
}

TEST_CASE("session flow: two pupils in a row get the two modules - the rotation is balanced") {
    DesignBank bank;
    UiHarness h(true, 1366, 768, bank.items.string());
    const auto cls = h.core->school().classes().front();
    const auto pupils = h.addPupils(cls.id, {"A", "B"});
    std::set<std::string> dealt;
    for (const auto& p : pupils) {
        std::string detail;
        REQUIRE(h.app->loginPupil(p.code, detail) == dlk::ui::App::LoginResult::Started);
        dealt.insert(h.core->sessionPlans().find(p.id)->modules.at(1));
        h.app->endPupilSession();
    }
    CHECK(dealt == std::set<std::string>{"m01-a", "m02-b"});
}
