// The single-item harness itself: a choice clicked in it is in the session and on disk.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "widget_harness.h"

using dlk::test::WidgetHarness;

TEST_CASE("widget harness: a clicked choice is the response and is committed") {
    WidgetHarness h(DLK_TEST_DATA "/spec/choice_single.xml");
    CHECK(h.response() == "NULL");
    CHECK_FALSE(h.stored());
    const auto& first = dlk::ui::a11yFrame();
    REQUIRE_FALSE(first.empty());
    std::string label;
    for (const auto& n : first)
        if (n.role == "choice") {
            label = n.label;
            break;
        }
    REQUIRE_FALSE(label.empty());
    h.click(label, "choice");
    CHECK(h.response() != "NULL");
    REQUIRE(h.stored());
    CHECK(*h.stored() == h.response());
}

TEST_CASE("widget harness: a test neither reads nor writes imgui.ini in its working folder") {
    // ctest runs test processes side by side in one folder; a shared imgui.ini was read half-written.
    const auto folder = std::filesystem::temp_directory_path() / ("dlk-ini-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const auto before = std::filesystem::current_path();
    std::filesystem::current_path(folder);
    {
        WidgetHarness h(DLK_TEST_DATA "/spec/choice_single.xml");
        CHECK(ImGui::GetIO().IniFilename == nullptr);
        h.frames(3);
    }  // ImGui saves its settings file when the context is destroyed, if it has one
    CHECK_FALSE(std::filesystem::exists(folder / "imgui.ini"));
    std::filesystem::current_path(before);
    std::filesystem::remove_all(folder);
}
