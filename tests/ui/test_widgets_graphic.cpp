// Interactions over a picture (hotspot, select point, graphic order, graphic associate, graphic
// gap match, position object), pictures in item bodies, and the ImageCache that decodes them.
// Each widget is driven as a pupil would: with the mouse, or with the keyboard alone. Answers
// are checked as the session holds them and as committed to SQLite. Points are aimed at in the
// picture's own coordinates through the drawn picture's rectangle, so a wrong scale shows up as
// a wrong answer.
#include <imgui_internal.h>

#include <cfloat>
#include <cstring>
#include <fstream>
#include <iterator>

#include "qti/package.h"
#include "qti/response_processing.h"
#include "ui/widgets/image_cache.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;
using dlk::ui::ImageCache;

namespace {

const std::string kSpec = DLK_TEST_DATA "/spec/";
const std::string kUi = DLK_TEST_DATA "/ui/";
const std::string kKeyboardHint =
    "Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent.";

// An uploader that stands in for the GPU: counts, remembers what it was given, hands out ids.
struct FakeGpu {
    int uploads = 0, releases = 0;
    int lastWidth = 0, lastHeight = 0;
    std::vector<unsigned char> lastPixels;
    ImageCache cache{[this](const unsigned char* rgba, int w, int h) {
                         ++uploads;
                         lastWidth = w;
                         lastHeight = h;
                         lastPixels.assign(rgba, rgba + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
                         return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1000 + uploads));
                     },
                     [this](ImTextureID) { ++releases; }};
};

// The screen position of a point given in the picture's own coordinates (declaredWidth wide).
ImVec2 onPicture(const WidgetHarness& h, const std::string& alt, float x, float y, float declaredWidth = 400) {
    const dlk::ui::A11yNode* n = h.find(alt, "image");
    REQUIRE_MESSAGE(n, "no picture '" << alt << "' on screen");
    const float scale = (n->max.x - n->min.x) / declaredWidth;
    return ImVec2(n->min.x + x * scale, n->min.y + y * scale);
}

// The item's SCORE for the answer the widget produced, by the item's own response processing.
double score(const WidgetHarness& h) {
    return dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")}});
}

bool focused(const WidgetHarness& h, const std::string& label, const char* role) {
    const dlk::ui::A11yNode* n = h.find(label, role);
    return n && n->focused;
}

// Presses Tab until the control with these words has the keyboard focus, shown (ImGui hides
// the focus until a navigation key is used, and then Enter does nothing, as for a person).
void tabTo(WidgetHarness& h, const std::string& label, const char* role = "choice") {
    if (ImGui::GetCurrentContext()->NavDisableHighlight) h.key(WidgetHarness::kKeyTab);
    for (int i = 0; i < 20 && !focused(h, label, role); ++i) h.key(WidgetHarness::kKeyTab);
    REQUIRE_MESSAGE(focused(h, label, role), "Tab never reached '" << label << "'");
}

void checkStored(const WidgetHarness& h, const std::string& json) {
    CHECK(h.response() == json);
    REQUIRE(h.stored());
    CHECK(*h.stored() == json);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string base64(const std::string& bytes) {
    static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int k = 18; k >= 0; k -= 6) out += abc[(v >> k) & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += abc[(v >> 18) & 63];
        out += abc[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? abc[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace

// ---- ImageCache ------------------------------------------------------------------------------------

TEST_CASE("image cache decodes a PNG of the bank once and hands its pixels to the uploader") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    const auto& first = gpu.cache.get("picture_body.xml", "pictures/webshop.png");
    REQUIRE_MESSAGE(first.ok(), first.error);
    CHECK(first.width == 400);
    CHECK(first.height == 300);
    CHECK(gpu.uploads == 1);
    // Real pixels, top row first: the green padlock at (30, 20), the dark bar at (5, 5).
    auto pixel = [&](int x, int y) {
        const size_t at = (static_cast<size_t>(y) * 400 + static_cast<size_t>(x)) * 4;
        return std::vector<int>(gpu.lastPixels.begin() + static_cast<long>(at),
                                gpu.lastPixels.begin() + static_cast<long>(at) + 4);
    };
    CHECK(pixel(30, 20) == std::vector<int>{46, 160, 90, 255});
    CHECK(pixel(5, 5) == std::vector<int>{60, 64, 72, 255});
    // Asked again, by another item in the same folder, or by the item's absolute path: no new upload.
    const auto& again = gpu.cache.get("picture_body.xml", "pictures/webshop.png");
    const auto& viaOther = gpu.cache.get("hotspot_multiple.xml", "./pictures/webshop.png");
    const auto& viaAbsolute = gpu.cache.get(kUi + "hotspot_multiple.xml", "pictures/webshop.png");
    CHECK(gpu.uploads == 1);
    CHECK(again.texture == first.texture);
    CHECK(viaOther.texture == first.texture);
    CHECK(viaAbsolute.texture == first.texture);
    // Another file is another upload, at its own size.
    const auto& half = gpu.cache.get("picture_body.xml", "pictures/webshop_half.png");
    REQUIRE(half.ok());
    CHECK(gpu.uploads == 2);
    CHECK(half.width == 200);
    CHECK(half.height == 150);
    CHECK(gpu.cache.uploads() == 2);
}

TEST_CASE("image cache resolves pictures relative to the item inside the bank") {
    dlk::test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "m01" / "nl" / "media");
    std::filesystem::copy_file(kUi + "pictures/trash.png", dir.path() / "m01" / "nl" / "media" / "trash.png");
    const dlk::Package bank = dlk::Package::openFolder(dir.str());
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    // The bank names items package-relative ("m01/nl/item.xml"); media sit next to them.
    const auto& ok = gpu.cache.get("m01/nl/item.xml", "media/trash.png");
    CHECK_MESSAGE(ok.ok(), ok.error);
    const auto& percent = gpu.cache.get("m01/nl/item.xml", "media/tr%61sh.png");
    CHECK(percent.texture == ok.texture);
    const auto& wrongFolder = gpu.cache.get("m01/item.xml", "media/trash.png");
    CHECK_FALSE(wrongFolder.ok());
    CHECK(wrongFolder.error.find("m01/media/trash.png") != std::string::npos);
    CHECK(gpu.uploads == 1);
}

TEST_CASE("image cache refuses broken oversized and unknown pictures with their name") {
    dlk::test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "bank");
    // More than 8 MiB: a PNG signature and zeros.
    {
        std::ofstream big(dir.file("bank/big.png"), std::ios::binary);
        big << "\x89PNG\r\n\x1a\n" << std::string(9u << 20, '\0');
    }
    {
        std::ofstream svg(dir.file("bank/drawing.svg"));
        svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>";
    }
    std::filesystem::copy_file(kUi + "pictures/broken.png", dir.path() / "bank" / "broken.png");
    std::filesystem::copy_file(kUi + "pictures/too_wide.png", dir.path() / "bank" / "too_wide.png");
    const dlk::Package bank = dlk::Package::openFolder(dir.file("bank"));
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    struct Case {
        const char* src;
        const char* words;
    };
    for (const Case& c : {Case{"broken.png", "broken"}, Case{"too_wide.png", "5000x1"}, Case{"big.png", "8 MiB"},
                          Case{"drawing.svg", "SVG"}, Case{"missing.png", "no such file"}}) {
        CAPTURE(c.src);
        const auto& image = gpu.cache.get("item.xml", c.src);
        CHECK_FALSE(image.ok());
        CHECK(image.error.find(c.src) != std::string::npos);  // the file is named
        CHECK(image.error.find(c.words) != std::string::npos);
        // Asked again: the same answer, nothing read or decoded twice, nothing thrown.
        CHECK(gpu.cache.get("item.xml", c.src).error == image.error);
    }
    CHECK(gpu.uploads == 0);
}

TEST_CASE("image cache never reads a picture outside the item bank") {
    dlk::test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "bank" / "items");
    // A real, readable picture right next to the bank: reaching it would be a leak.
    std::filesystem::copy_file(kUi + "pictures/trash.png", dir.path() / "outside.png");
    const dlk::Package bank = dlk::Package::openFolder(dir.file("bank"));
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    const std::vector<std::string> sources = {"../../outside.png",       "%2e%2e/%2e%2e/outside.png",
                                              "..\\..\\outside.png",     "../items/../../outside.png",
                                              dir.file("outside.png"),   "file://" + dir.file("outside.png"),
                                              "http://example.org/a.png"};
    for (const std::string& src : sources) {
        CAPTURE(src);
        const auto& image = gpu.cache.get("items/item.xml", src);
        CHECK_FALSE(image.ok());
        CHECK(image.error.find(src) != std::string::npos);             // named as written
        CHECK(image.error.find("no such file") == std::string::npos);  // refused, not looked for
    }
    // An item file outside the bank cannot lend its folder either.
    const auto& foreign = gpu.cache.get(dir.file("item.xml"), "outside.png");
    CHECK_FALSE(foreign.ok());
    CHECK(foreign.error.find("not inside the item bank") != std::string::npos);
    CHECK(gpu.uploads == 0);
}

TEST_CASE("image cache reads base64 PNG data URIs and refuses SVG ones") {
    FakeGpu gpu;  // no package at all: inline pictures need none
    const std::string png = readFile(kUi + "pictures/webshop_half.png");
    REQUIRE(png.size() > 100);
    const auto& inlinePng = gpu.cache.get("item.xml", "data:image/png;base64," + base64(png));
    REQUIRE_MESSAGE(inlinePng.ok(), inlinePng.error);
    CHECK(inlinePng.width == 200);
    CHECK(gpu.uploads == 1);
    const auto& svg = gpu.cache.get("item.xml", "data:image/svg+xml;base64,PHN2Zy8+");
    CHECK_FALSE(svg.ok());
    CHECK(svg.error.find("data:image/svg+xml") != std::string::npos);
    const auto& garbage = gpu.cache.get("item.xml", "data:image/png;base64,@@@@");
    CHECK(garbage.error.find("base64") != std::string::npos);
    const auto& file = gpu.cache.get("item.xml", "pictures/webshop.png");
    CHECK(file.error.find("no item bank") != std::string::npos);
}

TEST_CASE("image cache releases every texture it made and reports an uploader that fails") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    const dlk::Package other = dlk::Package::openFolder(kSpec);
    int uploads = 0, releases = 0;
    {
        ImageCache cache([&](const unsigned char*, int,
                             int) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(++uploads)); },
                         [&](ImTextureID) { ++releases; });
        cache.setPackage(&bank);
        REQUIRE(cache.get("x.xml", "pictures/webshop.png").ok());
        REQUIRE(cache.get("x.xml", "pictures/trash.png").ok());
        cache.clear();
        CHECK(releases == 2);
        REQUIRE(cache.get("x.xml", "pictures/trash.png").ok());  // decoded again after clear
        CHECK(uploads == 3);
        cache.setPackage(&other);  // another bank: the old pictures go
        CHECK(releases == 3);
        cache.setPackage(&bank);
        REQUIRE(cache.get("x.xml", "pictures/trash.png").ok());
        CHECK(uploads == 4);
    }
    CHECK(releases == 4);  // the last one went with the cache
    ImageCache refusing([](const unsigned char*, int, int) { return ImTextureID(nullptr); });
    refusing.setPackage(&bank);
    const auto& image = refusing.get("x.xml", "pictures/trash.png");
    CHECK_FALSE(image.ok());
    CHECK(image.error.find("pictures/trash.png") != std::string::npos);
    CHECK(image.error.find("graphics card") != std::string::npos);
}

// ---- pictures in the body ----------------------------------------------------------------------

TEST_CASE("a picture in the body is drawn at its declared size and narrowed to the column") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    const std::string alt = "Een webwinkel met een slotje";
    {
        WidgetHarness h(kUi + "picture_body.xml");
        h.images = &gpu.cache;
        h.frames(2);
        const auto* image = h.find(alt, "image");
        REQUIRE(image);
        // 400x300 declared (the file is 200x150), 1 CSS px = 1/16 em = 1.25 px at 20 px text.
        CHECK(image->max.x - image->min.x == doctest::Approx(500));
        CHECK(image->max.y - image->min.y == doctest::Approx(375));
        CHECK(gpu.uploads == 1);  // two frames, one upload
        // The broken one keeps its alt text on screen, and the cache says why, naming it.
        CHECK(h.has("Een kapotte afbeelding", "image"));
        CHECK(gpu.cache.get(kUi + "picture_body.xml", "pictures/broken.png").error.find("pictures/broken.png") !=
              std::string::npos);
    }
    {
        WidgetHarness h(kUi + "picture_body.xml", 480, 768);
        h.images = &gpu.cache;
        h.frames(2);
        const auto* image = h.find(alt, "image");
        REQUIRE(image);
        const float w = image->max.x - image->min.x, hgt = image->max.y - image->min.y;
        CHECK(w == doctest::Approx(440));    // the column: the window less 1 em each side
        CHECK(hgt == doctest::Approx(330));  // the aspect kept
        CHECK(gpu.uploads == 1);             // still the one upload
    }
    {
        WidgetHarness h(kUi + "picture_body.xml");  // no ImageCache: the same size, with the alt text
        const auto* image = h.find(alt, "image");
        REQUIRE(image);
        CHECK(image->max.x - image->min.x == doctest::Approx(500));
    }
}

// ---- hotspot ---------------------------------------------------------------------------------------

TEST_CASE("hotspot: a click on a shape chooses its identifier") {
    WidgetHarness h(kSpec + "hotspot.xml");  // no ImageCache: hotspots over the placeholder
    const std::string alt = "Een browservenster met een webwinkel";
    // Inside the padlock circle's bounding box, but outside the circle: nothing.
    h.clickAt(onPicture(h, alt, 20, 10));
    CHECK(h.response() == "NULL");
    CHECK_FALSE(h.stored());
    h.click("slotje", "choice");
    checkStored(h, "\"SLOT\"");
    h.clickAt(onPicture(h, alt, 70, 85));  // inside the logo polygon
    checkStored(h, "\"LOGO\"");
    CHECK(h.find("logo", "choice")->selected);
    CHECK_FALSE(h.find("slotje", "choice")->selected);
}

TEST_CASE("hotspot: the keyboard alone chooses with Tab and Enter or Space") {
    WidgetHarness h(kSpec + "hotspot.xml");
    tabTo(h, "adresbalk");
    h.key(WidgetHarness::kKeyEnter);
    checkStored(h, "\"ADRES\"");
    tabTo(h, "logo");
    h.key(WidgetHarness::kKeySpace);
    checkStored(h, "\"LOGO\"");
    // Shift+Tab goes back.
    ImGui::GetIO().KeyShift = true;
    h.key(WidgetHarness::kKeyTab);
    ImGui::GetIO().KeyShift = false;
    CHECK(focused(h, "adresbalk", "choice"));
}

TEST_CASE("hotspot: multiple choices stop at maxChoices over a real picture") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    WidgetHarness h(kUi + "hotspot_multiple.xml");
    h.images = &gpu.cache;
    h.frames(2);
    CHECK(gpu.uploads == 1);
    CHECK(h.has("Je kiest er hoogstens 2."));
    h.click("slotje", "choice");
    h.click("adresbalk", "choice");
    checkStored(h, R"(["SLOT","ADRES"])");
    h.click("logo", "choice");  // a third: refused
    checkStored(h, R"(["SLOT","ADRES"])");
    h.click("slotje", "choice");  // clicked again: off
    checkStored(h, R"(["ADRES"])");
    // The small button drawn inside the large content area is hit, not the area around it.
    h.clickAt(onPicture(h, "Een browservenster met een webwinkel", 200, 120));
    checkStored(h, R"(["ADRES","KNOP"])");
    CHECK(gpu.uploads == 1);
}

// ---- select point ----------------------------------------------------------------------------------

TEST_CASE("select point: clicks are points in picture coordinates at any window size") {
    const std::string alt = "Een webwinkel met een afgeprijsde telefoon";
    // Wide, narrow, and wide with 150% text (everything in em: the picture grows with the text).
    for (const auto& [width, textScale] : {std::pair{1366, 1.0f}, std::pair{600, 1.0f}, std::pair{1366, 1.5f}}) {
        CAPTURE(width);
        CAPTURE(textScale);
        WidgetHarness h(kSpec + "select_point.xml", width, 768);
        ImGui::GetIO().FontGlobalScale = textScale;
        h.frames(2);
        h.clickAt(onPicture(h, alt, 100, 100));
        h.clickAt(onPicture(h, alt, 340, 230));
        checkStored(h, R"(["100 100","340 230"])");
        h.clickAt(onPicture(h, alt, 10, 290));
        checkStored(h, R"(["100 100","340 230","10 290"])");
        h.clickAt(onPicture(h, alt, 250, 50));  // a fourth: refused (maxChoices 3)
        checkStored(h, R"(["100 100","340 230","10 290"])");
        h.clickAt(onPicture(h, alt, 341, 231));  // on a point: takes it away
        checkStored(h, R"(["100 100","10 290"])");
    }
}

TEST_CASE("select point: the keyboard alone moves a crosshair and sets the point with Enter") {
    WidgetHarness h(kSpec + "select_point.xml");
    const std::string alt = "Een webwinkel met een afgeprijsde telefoon";
    // The picture is the item's first control; the first key shows the keyboard focus on it.
    h.key(WidgetHarness::kKeyDown);
    REQUIRE(focused(h, alt, "image"));
    REQUIRE(h.has(kKeyboardHint));
    // The crosshair starts in the middle (200, 150); a step is a 40th of the picture.
    h.key(WidgetHarness::kKeyRight);
    h.key(WidgetHarness::kKeyRight);
    h.key(WidgetHarness::kKeyUp);
    h.key(WidgetHarness::kKeyEnter);
    checkStored(h, R"(["220 142"])");
    for (int i = 0; i < 5; ++i) h.key(WidgetHarness::kKeyLeft);
    h.key(WidgetHarness::kKeySpace);
    checkStored(h, R"(["220 142","170 142"])");
    // Escape gives the arrows back to the rest of the screen; Enter takes them again.
    h.key(WidgetHarness::kKeyEscape);
    CHECK_FALSE(h.has(kKeyboardHint));
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has(kKeyboardHint));
    checkStored(h, R"(["220 142","170 142"])");  // re-entering set no point
    // Enter on a point takes it away again.
    h.key(WidgetHarness::kKeyEnter);
    checkStored(h, R"(["220 142"])");
}

TEST_CASE("select point: QTI 2.1 object over a real picture answers in its declared size") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    for (int width : {1366, 700}) {
        CAPTURE(width);
        WidgetHarness h(kUi + "select_point_png.xml", width, 768);
        h.images = &gpu.cache;
        h.frames(2);
        // The file is 200x150; the object says 400x300: that is the answer's coordinate system.
        h.clickAt(onPicture(h, "Een browservenster", 30, 20));
        checkStored(h, "\"30 20\"");
        CHECK(score(h) == doctest::Approx(1.0));
        h.clickAt(onPicture(h, "Een browservenster", 390, 290));  // single: the new point replaces it
        checkStored(h, "\"390 290\"");
    }
    CHECK(gpu.uploads == 1);
}

TEST_CASE("select point: the QTI 2.1 spelling with object works as the QTI 3 one") {
    WidgetHarness h(kSpec + "select_point_v21.xml");
    h.clickAt(onPicture(h, "Een webwinkel met een afgeprijsde telefoon", 350, 220));
    checkStored(h, R"(["350 220"])");
}

// ---- graphic order ---------------------------------------------------------------------------------

TEST_CASE("graphic order: hotspots clicked in order give the ordered identifiers") {
    WidgetHarness h(kSpec + "graphic_order.xml");
    h.click("INSTELLINGEN", "choice");
    h.click("PRIVACY", "choice");
    h.click("LOCATIE", "choice");
    checkStored(h, R"(["INSTELLINGEN","PRIVACY","LOCATIE"])");
    h.click("CAMERA", "choice");  // maxChoices 3: refused
    checkStored(h, R"(["INSTELLINGEN","PRIVACY","LOCATIE"])");
    h.click("PRIVACY", "choice");  // its number goes; LOCATIE moves up
    checkStored(h, R"(["INSTELLINGEN","LOCATIE"])");
    h.click("CAMERA", "choice");
    checkStored(h, R"(["INSTELLINGEN","LOCATIE","CAMERA"])");
}

TEST_CASE("graphic order: the keyboard alone sets the order") {
    WidgetHarness h(kSpec + "graphic_order.xml");
    tabTo(h, "INSTELLINGEN");
    h.key(WidgetHarness::kKeyEnter);
    tabTo(h, "PRIVACY");
    h.key(WidgetHarness::kKeyEnter);
    tabTo(h, "LOCATIE");
    h.key(WidgetHarness::kKeySpace);
    checkStored(h, R"(["INSTELLINGEN","PRIVACY","LOCATIE"])");
    CHECK(score(h) == doctest::Approx(1.0));
}

// ---- graphic associate -----------------------------------------------------------------------------

TEST_CASE("graphic associate: click two hotspots or drag between them to connect") {
    WidgetHarness h(kSpec + "graphic_associate.xml");
    h.click("LAPTOP", "choice");
    CHECK(h.has("Klik nu op de plek waarmee je deze wilt verbinden."));
    CHECK(h.response() == "NULL");
    h.click("ROUTER", "choice");
    checkStored(h, R"(["LAPTOP ROUTER"])");
    h.drag("PRINTER", "ROUTER");
    checkStored(h, R"(["LAPTOP ROUTER","PRINTER ROUTER"])");
    // LAPTOP takes one connection (matchMax 1): connecting it elsewhere moves it.
    h.click("LAPTOP", "choice");
    h.click("MODEM", "choice");
    checkStored(h, R"(["PRINTER ROUTER","LAPTOP MODEM"])");
    h.click("Weghalen: PRINTER – ROUTER", "button");
    checkStored(h, R"(["LAPTOP MODEM"])");
    // Clicking the picked place again puts it down.
    h.click("PRINTER", "choice");
    h.click("PRINTER", "choice");
    CHECK_FALSE(h.has("Klik nu op de plek waarmee je deze wilt verbinden."));
    checkStored(h, R"(["LAPTOP MODEM"])");
}

TEST_CASE("graphic associate: the keyboard alone connects and removes") {
    WidgetHarness h(kSpec + "graphic_associate.xml");
    tabTo(h, "LAPTOP");
    h.key(WidgetHarness::kKeyEnter);
    tabTo(h, "ROUTER");
    h.key(WidgetHarness::kKeyEnter);
    tabTo(h, "MODEM");
    h.key(WidgetHarness::kKeySpace);
    tabTo(h, "ROUTER");
    h.key(WidgetHarness::kKeySpace);
    checkStored(h, R"(["LAPTOP ROUTER","MODEM ROUTER"])");
    tabTo(h, "Weghalen: LAPTOP – ROUTER", "button");
    h.key(WidgetHarness::kKeyEnter);
    checkStored(h, R"(["MODEM ROUTER"])");
}

// ---- graphic gap match -----------------------------------------------------------------------------

TEST_CASE("graphic gap match: drag or click a choice onto a hotspot") {
    WidgetHarness h(kSpec + "graphic_gap_match.xml");
    h.drag("vergrootglas", "PLEK_A");
    checkStored(h, R"(["ZOEK PLEK_A"])");
    h.click("drie streepjes", "choice");
    CHECK(h.find("drie streepjes", "choice")->selected);
    h.click("PLEK_B", "choice");
    checkStored(h, R"(["ZOEK PLEK_A","MENU PLEK_B"])");
    // A hotspot that takes one choice swaps it.
    h.drag("huisje", "PLEK_A");
    checkStored(h, R"(["MENU PLEK_B","HOME PLEK_A"])");
    // A choice usable once (MENU) moves.
    h.drag("drie streepjes", "PLEK_C");
    checkStored(h, R"(["HOME PLEK_A","MENU PLEK_C"])");
    // A filled hotspot clicked with nothing picked up gives its choice back.
    h.click("PLEK_A", "choice");
    checkStored(h, R"(["MENU PLEK_C"])");
    // ZOEK may be used twice (matchMax 2); maxAssociations 3 stops a fourth pair.
    h.drag("vergrootglas", "PLEK_A");
    h.drag("vergrootglas", "PLEK_B");
    checkStored(h, R"(["MENU PLEK_C","ZOEK PLEK_A","ZOEK PLEK_B"])");
}

TEST_CASE("graphic gap match: the keyboard alone picks a choice and places it") {
    WidgetHarness h(kSpec + "graphic_gap_match.xml");
    tabTo(h, "vergrootglas");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.find("vergrootglas", "choice")->selected);
    tabTo(h, "PLEK_A");
    h.key(WidgetHarness::kKeyEnter);
    tabTo(h, "huisje");
    h.key(WidgetHarness::kKeySpace);
    tabTo(h, "PLEK_C");
    h.key(WidgetHarness::kKeySpace);
    checkStored(h, R"(["ZOEK PLEK_A","HOME PLEK_C"])");
}

namespace {

// Every picture drawn this frame (any texture but the font's), each quad by its screen rectangle.
std::vector<ImRect> pictureQuads() {
    std::vector<ImRect> out;
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data);
    const ImTextureID font = ImGui::GetIO().Fonts->TexID;
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback || cmd.TextureId == font) continue;
            for (unsigned i = 0; i + 6 <= cmd.ElemCount; i += 6) {  // AddImage: one quad, 6 indices
                ImRect r(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX);
                for (unsigned k = 0; k < 6; ++k)
                    r.Add(list->VtxBuffer[static_cast<int>(cmd.VtxOffset +
                                                           list->IdxBuffer[static_cast<int>(cmd.IdxOffset + i + k)])]
                              .pos);
                out.push_back(r);
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("graphic gap match: a dropped file leaves its folder's number in sight (spreekbeurt-05)") {
    // The folders of mappen.png (480x220) have their numbers 1-4 under them, from y = 150 down;
    // the places (hotspots) are the folders with their numbers, y 54-196.
    const dlk::Package bank = dlk::Package::openFolder(DLK_SOURCE_ITEMS);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    // A narrow screen too (the harness does not scroll: tall enough to reach the choices).
    for (const int w : {1366, 1024}) {
        CAPTURE(w);
        WidgetHarness h(DLK_SOURCE_ITEMS "/m04-spreekbeurt/nl/spreekbeurt-05-mappen.xml", w, 768);
        h.images = &gpu.cache;
        h.frames(2);
        h.drag("bij-op-bloem.jpg", "map 1: Afbeeldingen");
        h.click("gezoem.mp3", "choice");
        h.click("map 4: Geluid", "choice");
        checkStored(h, R"(["W1 A","W3 D"])");
        h.frames(1);
        for (const char* place : {"map 1: Afbeeldingen", "map 4: Geluid"}) {
            CAPTURE(place);
            const auto* spot = h.find(place, "choice");
            REQUIRE(spot);
            CHECK(spot->selected);
            const float top = spot->min.y, height = spot->max.y - spot->min.y;
            const float numberTop = top + (150.0f - 54.0f) / (196.0f - 54.0f) * height;
            // The piece on the place: a picture drawn within the place's rectangle (the picture
            // of the folders is the whole picture, larger than a place).
            std::vector<ImRect> placed;
            for (const ImRect& q : pictureQuads())
                if (q.Min.x >= spot->min.x - 1 && q.Max.x <= spot->max.x + 1 && q.Min.y >= spot->min.y - 1 &&
                    q.Max.y <= spot->max.y + 1)
                    placed.push_back(q);
            REQUIRE(placed.size() == 1);
            CHECK(placed[0].Max.y <= numberTop);  // the number stays uncovered
            // And the file itself is readable: as large as among the choices (64x80 at the
            // picture's scale), not shrunk to a speck.
            const float scale = (spot->max.x - spot->min.x) / (126.0f - 24.0f);
            CHECK(placed[0].GetHeight() >= 0.9f * 80 * scale);
            CHECK(placed[0].GetWidth() >= 0.9f * 64 * scale);
        }
    }
}

// ---- position object -------------------------------------------------------------------------------

TEST_CASE("position object: a click on the stage puts the object there in stage coordinates") {
    const std::string stage = "Een leeg bureaublad";
    for (const auto& [width, textScale] : {std::pair{1366, 1.0f}, std::pair{560, 1.0f}, std::pair{1366, 1.25f}}) {
        CAPTURE(width);
        CAPTURE(textScale);
        WidgetHarness h(kSpec + "position_object.xml", width, 768);
        ImGui::GetIO().FontGlobalScale = textScale;
        h.frames(2);
        h.clickAt(onPicture(h, stage, 370, 270));
        checkStored(h, "\"370 270\"");
        CHECK(score(h) == doctest::Approx(1.0));
        h.clickAt(onPicture(h, stage, 100, 60));  // the object is single: it moves
        checkStored(h, "\"100 60\"");
        h.clickAt(onPicture(h, stage, 110, 70));  // on the placed object: it goes back
        CHECK(h.response() == "NULL");
    }
}

TEST_CASE("position object: dragging the object drops it where the pointer is") {
    WidgetHarness h(kSpec + "position_object.xml");
    const auto* object = h.find("prullenbak", "choice");
    REQUIRE(object);
    h.dragAt(object->center(), onPicture(h, "Een leeg bureaublad", 360, 250));
    checkStored(h, "\"360 250\"");
}

TEST_CASE("position object: the keyboard alone moves the crosshair and places the object") {
    WidgetHarness h(kSpec + "position_object.xml");
    const std::string stage = "Een leeg bureaublad";
    h.key(WidgetHarness::kKeyDown);
    if (!focused(h, stage, "image")) tabTo(h, stage, "image");
    REQUIRE(h.has(kKeyboardHint));
    for (int i = 0; i < 16; ++i) h.key(WidgetHarness::kKeyRight);  // 200 + 16 x 10
    for (int i = 0; i < 15; ++i) h.key(WidgetHarness::kKeyDown);   // 150 + 15 x 8
    h.key(WidgetHarness::kKeyEnter);
    checkStored(h, "\"360 270\"");
    CHECK(score(h) == doctest::Approx(1.0));
}

TEST_CASE("position object: several placements stop at maxChoices") {
    const dlk::Package bank = dlk::Package::openFolder(kUi);
    FakeGpu gpu;
    gpu.cache.setPackage(&bank);
    WidgetHarness h(kUi + "position_object_multiple.xml");
    h.images = &gpu.cache;
    h.frames(2);
    CHECK(gpu.uploads == 2);  // the stage and the object
    const std::string stage = "Een bureaublad";
    h.clickAt(onPicture(h, stage, 50, 250));
    h.clickAt(onPicture(h, stage, 300, 200));
    checkStored(h, R"(["50 250","300 200"])");
    h.clickAt(onPicture(h, stage, 200, 100));  // a third: refused
    checkStored(h, R"(["50 250","300 200"])");
    CHECK(h.has("Je kunt dit hoogstens 2 keer plaatsen."));
    h.clickAt(onPicture(h, stage, 45, 245));  // on the first object: taken off
    checkStored(h, R"(["300 200"])");
    CHECK(gpu.uploads == 2);
}
