#pragma once
// One item, one widget: a bare ImGui context drawing a single QTI item through ItemView, with
// its answers going through a real ModuleSession into a real SQLite file. Tests drive it with
// synthetic mouse and keyboard input and check the response variable the widget produced, both
// in memory and as committed on disk (read through a second connection).
#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/module_session.h"
#include "delivery/response_store.h"
#include "delivery/review_session.h"
#include "qti/qti_loader.h"
#include "school/school_store.h"
#include "storage/database.h"
#include "storage/schema.h"
#include "test_io.h"
#include "test_support.h"
#include "ui/theme.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/item_view.h"
#include "util/json.h"

namespace dlk::test {

class WidgetHarness : public InputDriver {
public:
    static constexpr int kKeyTab = dlk::test::kKeyTab, kKeyLeft = dlk::test::kKeyLeft, kKeyRight = dlk::test::kKeyRight,
                         kKeyUp = dlk::test::kKeyUp, kKeyDown = dlk::test::kKeyDown, kKeyEnter = dlk::test::kKeyEnter,
                         kKeyEscape = dlk::test::kKeyEscape, kKeyBackspace = dlk::test::kKeyBackspace,
                         kKeySpace = dlk::test::kKeySpace;

    // `itemPath`: a QTI item file (e.g. DLK_TEST_DATA "/spec/gap_match.xml").
    explicit WidgetHarness(const std::string& itemPath, int width = 1366, int height = 768) {
        m_ctx = createTestContext(width, height);
        ImGuiIO& io = ImGui::GetIO();
        fonts = ui::loadFonts(io, DLK_FONT_DIR, 20.0f);
        io.Fonts->Build();
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ui::applyTheme(false);
        ui::scaleStyleToFont(20.0f);

        module = singleItemModule("widget-test", std::make_shared<Item>(loadItemFile(itemPath)), "nl", "Widget");

        db = std::make_unique<Database>(path);
        migrateSchema(*db);
        SchoolStore school(*db);
        const int64_t classId = school.createClass("Groep 8", clockMs);
        // A bare pupil row: these tests are about one widget, not about schools, codes or PINs
        // (the full login path is in ui_harness.h).
        auto pupil = db->prepare("INSERT INTO pupils(class_id, created_at) VALUES (?, 'test')");
        pupil.bind(1, classId);
        pupil.run();
        pupilId = db->lastInsertId();
        store = std::make_unique<ResponseStore>(*db);
        session = std::make_unique<ModuleSession>(*store, module, pupilId, "nl", clockMs);
        frames(2);
    }
    ~WidgetHarness() {
        session.reset();
        ImGui::DestroyContext(m_ctx);
    }

    const Item& item() const { return session->currentItem(); }

    void frame() override {
        ImGui::NewFrame();
        ui::a11yBeginFrame();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(vp->WorkPos);
        ImGui::SetNextWindowSize(vp->WorkSize);
        ImGui::Begin("widget", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::SetCursorPosX(ui::em(1));
        ui::ItemView view(*session, state, fonts, clockMs);
        if (images) view.setImages(images);
        ImGui::BeginGroup();
        view.draw(std::min(ImGui::GetWindowWidth() - ui::em(2), ui::em(40)));
        ImGui::EndGroup();
        ImGui::End();
        ui::endFrameTypedCharacters();
        ImGui::Render();
        session->tick(clockMs);
        clockMs += 16;
    }

    // Lets the typing delay pass so typed answers are committed.
    void wait(int64_t ms) {
        clockMs += ms;
        frames(2);
    }

    // The response as the session holds it, as "NULL" or the value's JSON text.
    std::string response(const std::string& rid = "RESPONSE") const {
        const Value v = session->response(rid);
        return v.isNull() ? "NULL" : dumpJson(valueToJson(v));
    }
    // The response as committed in SQLite, read through a second connection; nullopt when none.
    // The simulated software's actions recorded as process data ("mail.open=m1"), in order, as a
    // second connection reads them from the file.
    std::vector<std::string> envEvents() const {
        Database other(path);
        auto st = other.prepare("SELECT detail FROM events WHERE kind='env_action' ORDER BY id");
        std::vector<std::string> out;
        while (st.step()) out.push_back(st.getText(0));
        return out;
    }

    std::optional<std::string> stored(const std::string& rid = "RESPONSE") const {
        Database other(path);
        auto st = other.prepare("SELECT value FROM responses WHERE item_id=? AND response_id=?");
        st.bind(1, item().identifier).bind(2, rid);
        if (!st.step()) return std::nullopt;
        return st.getText(0);
    }

    TempDir dir;
    std::string path = dir.file("widget.db");
    int64_t clockMs = 1'800'000'000'000;
    Module module;
    std::unique_ptr<Database> db;
    std::unique_ptr<ResponseStore> store;
    std::unique_ptr<ModuleSession> session;
    int64_t pupilId = 0;
    ui::ItemViewState state;
    ui::Fonts fonts;
    ui::ImageCache* images = nullptr;

private:
    ImGuiContext* m_ctx = nullptr;
};

}  // namespace dlk::test
