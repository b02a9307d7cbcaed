// Read-aloud as a pupil who has it meets it: "Lees voor" speaks the item's text and choices in
// the order they are shown, a control that gets keyboard focus is spoken, and nothing is said
// for pupils without the accommodation or on the teacher's screens.
#include <algorithm>
#include <vector>

#include "ui/read_aloud.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

class RecordingSpeaker : public dlk::Speaker {
public:
    bool available() const override { return works; }
    void say(const std::string& text, const std::string& language) override {
        said.push_back(text);
        languages.push_back(language);
    }
    void stop() override { ++stops; }
    bool speaking() const override { return false; }
    bool works = true;
    std::vector<std::string> said, languages;
    int stops = 0;
};

std::string loginWith(UiHarness& h, bool readAloud) {
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {"Test Leerling"}).front();
    dlk::Accommodations a;
    a.readAloud = readAloud;
    h.core->school().setAccommodations(pupil.id, a);
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    h.frames(3);
    return pupil.code;
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("read-aloud: Lees voor speaks the item text and its choices in screen order") {
    UiHarness h;
    RecordingSpeaker speaker;
    h.app->setSpeaker(&speaker);
    loginWith(h, true);
    REQUIRE(h.has("▶ Lees voor"));
    speaker.said.clear();
    h.click("▶ Lees voor");
    REQUIRE_FALSE(speaker.said.empty());
    const std::string text = speaker.said.back();
    CHECK(speaker.languages.back() == "nl");
    // Every choice the pupil sees is in what was read, in the order they are shown.
    std::vector<std::string> choices;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "choice") choices.push_back(n.label);
    REQUIRE(choices.size() >= 2);
    size_t at = 0;
    for (const auto& c : choices) {
        CAPTURE(c);
        const size_t found = text.find(c, at);
        REQUIRE(found != std::string::npos);
        at = found + c.size();
    }
    // The process data says read-aloud was used for the whole item (not what it said).
    h.app->session()->flush(h.clockMs);
    auto st = h.core->db().prepare("SELECT detail FROM events WHERE kind='read_aloud' ORDER BY id");
    std::vector<std::string> details;
    while (st.step()) details.push_back(st.getText(0));
    CHECK(std::find(details.begin(), details.end(), "item") != details.end());
    // Buttons and the save status are not part of the item's text.
    CHECK_FALSE(contains(text, "Volgende →"));
    CHECK_FALSE(contains(text, "Lees voor"));
    CHECK_FALSE(contains(text, "Opgeslagen"));
}

TEST_CASE("read-aloud: a control that gets keyboard focus is spoken once") {
    UiHarness h;
    RecordingSpeaker speaker;
    h.app->setSpeaker(&speaker);
    loginWith(h, true);
    speaker.said.clear();
    h.key(dlk::test::kKeyDown);  // the first arrow press puts keyboard focus on a control
    h.key(dlk::test::kKeyDown);
    h.frames(2);
    REQUIRE_FALSE(speaker.said.empty());
    std::string focused;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.focused) focused = n.label;
    REQUIRE_FALSE(focused.empty());
    CHECK(speaker.said.back() == focused);
    const size_t count = speaker.said.size();
    h.frames(5);  // focus stays: nothing more is said
    CHECK(speaker.said.size() == count);
}

TEST_CASE("read-aloud: pupils without the accommodation get no button and no speech") {
    UiHarness h;
    RecordingSpeaker speaker;
    h.app->setSpeaker(&speaker);
    loginWith(h, false);
    CHECK_FALSE(h.has("▶ Lees voor"));
    h.key(dlk::test::kKeyDown);
    h.frames(3);
    CHECK(speaker.said.empty());
}

TEST_CASE("read-aloud: without a working voice the button is not offered") {
    UiHarness h;
    RecordingSpeaker speaker;
    speaker.works = false;
    h.app->setSpeaker(&speaker);
    loginWith(h, true);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK_FALSE(h.has("▶ Lees voor"));
    CHECK(speaker.said.empty());
}

TEST_CASE("read-aloud: the next pupil at the kiosk does not inherit it") {
    UiHarness h;
    RecordingSpeaker speaker;
    h.app->setSpeaker(&speaker);
    loginWith(h, true);
    CHECK(h.has("▶ Lees voor"));
    h.app->endPupilSession();
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK_FALSE(h.app->look().readAloud);
    speaker.said.clear();
    h.key(dlk::test::kKeyDown);
    h.frames(2);
    CHECK(speaker.said.empty());
}

TEST_CASE("read-aloud: screen text joins blocks with pauses and skips buttons and status") {
    std::vector<dlk::ui::A11yNode> frame = {
        {"heading", "Schoolreis", {}, {}, false, false},  {"text", "Waar gaan we heen?", {}, {}, false, false},
        {"choice", "Naar het bos", {}, {}, false, false}, {"button", "Volgende →", {}, {}, false, false},
        {"status", "✓ Opgeslagen", {}, {}, false, false}, {"choice", "Naar zee", {}, {}, false, false},
    };
    CHECK(dlk::ui::ReadAloud::screenText(frame) == "Schoolreis. Waar gaan we heen? Naar het bos. Naar zee");
}
