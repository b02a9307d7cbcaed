// The accommodations a teacher sets change what the pupil sees at login and go away with them:
// OpenDyslexic (with DejaVu filling in symbols it lacks), and a missing dyslexia font never
// keeps a pupil out.
#include <string>

#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

std::string primaryFontName() {
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->ConfigData.Size > 0);
    return atlas->ConfigData[0].Name;
}

void loginWith(UiHarness& h, const dlk::Accommodations& a) {
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {"Test Leerling"}).front();
    h.core->school().setAccommodations(pupil.id, a);
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    h.app->prepareFonts(1366, 768);
    h.frames(2);
}

// Restores the harness's font folder even when a check fails.
struct DyslexiaFontDir {
    std::string saved = UiHarness::dyslexiaFontDir;
    explicit DyslexiaFontDir(const std::string& dir) { UiHarness::dyslexiaFontDir = dir; }
    ~DyslexiaFontDir() { UiHarness::dyslexiaFontDir = saved; }
};

}  // namespace

TEST_CASE("dyslexia font: a pupil who has it reads in OpenDyslexic and the next pupil in DejaVu") {
    UiHarness h;
    CHECK(primaryFontName().find("DejaVuSans") != std::string::npos);
    dlk::Accommodations a;
    a.dyslexiaFont = true;
    loginWith(h, a);
    CHECK(h.app->look().dyslexiaFont);
    CHECK(primaryFontName().find("OpenDyslexic") != std::string::npos);
    // Arrows and check marks come from DejaVu: the buttons still show them, not boxes.
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    CHECK(font->FindGlyphNoFallback(0x2192) != nullptr);  // →
    CHECK(font->FindGlyphNoFallback(0x2713) != nullptr);  // ✓
    CHECK(font->FindGlyphNoFallback(0x00EB) != nullptr);  // ë
    h.app->endPupilSession();
    h.app->prepareFonts(1366, 768);
    h.frames(2);
    CHECK(primaryFontName().find("DejaVuSans") != std::string::npos);
}

TEST_CASE("dyslexia font: when OpenDyslexic is missing the pupil still gets in - in DejaVu") {
    DyslexiaFontDir missing("/nonexistent/opendyslexic");
    UiHarness h;
    dlk::Accommodations a;
    a.dyslexiaFont = true;
    loginWith(h, a);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(primaryFontName().find("DejaVuSans") != std::string::npos);
    CHECK_FALSE(h.app->look().dyslexiaFont);
}

TEST_CASE("accommodations: text size and contrast apply at login and are undone for the next pupil") {
    UiHarness h;
    const float before = ImGui::GetFontSize();
    dlk::Accommodations a;
    a.textScalePct = 150;
    a.highContrast = true;
    loginWith(h, a);
    CHECK(ImGui::GetFontSize() == doctest::Approx(before * 1.5f).epsilon(0.05));
    CHECK(h.app->look().highContrast);
    h.app->endPupilSession();
    h.app->prepareFonts(1366, 768);
    h.frames(2);
    CHECK(ImGui::GetFontSize() == doctest::Approx(before));
    CHECK_FALSE(h.app->look().highContrast);
}
