#include "ui/screens/teacher/print_cards.h"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "print/login_cards.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace fs = std::filesystem;

std::string defaultPrintFolder(const std::string& dataDir) {
    std::error_code ec;
    if (const char* home = std::getenv("HOME"); home && *home && fs::is_directory(fs::path(home) / "Documents", ec))
        return (fs::path(home) / "Documents").string();
    return (fs::path(dataDir) / "print").string();
}

std::string loginCardsFileName(const std::string& className) {
    std::string name = trim(className);
    for (char& c : name)
        if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
    if (name.empty() || name == "." || name == "..") name = "klas";
    return std::string(tr("inlogkaarten")) + "-" + name + ".pdf";
}

void PrintCardsButton::draw(App& app, const ClassInfo& cls) {
    if (bigButton(tr("Inlogkaarten (PDF)"), false) || m_openRequested) {
        m_openRequested = false;
        m_result.clear();
        if (m_folder.empty()) m_folder = defaultPrintFolder(app.core().dataDir());
        ImGui::OpenPopup("printcards");
    }
    dialog(app, cls);
}

void PrintCardsButton::dialog(App& app, const ClassInfo& cls) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(34), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("printcards", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    const float width = ImGui::GetContentRegionAvail().x;
    wrappedText(std::string(tr("Inlogkaarten")) + " · " + cls.name, app.fonts().large);
    wrappedText(tr("Een kaart per leerling met de code om in te loggen, om uit te knippen. Namen staan er niet op."));
    ImGui::TextUnformatted(tr("Map"));
    ImGui::SetNextItemWidth(width);
    inputUtf8Text("##printfolder", m_folder, 1024);
    a11yRecord("textbox", tr("Map"));
    focusRing();
    if (!m_result.empty()) wrappedText(m_result, nullptr, m_failed ? palette().danger : palette().text, width);
    ImGui::Dummy(em(0, 0.5f));
    if (bigButton(tr("Opslaan"), true, em(8))) {
        const std::string path = (fs::path(trim(m_folder)) / loginCardsFileName(cls.name)).string();
        try {
            std::error_code ec;
            // The default print/ folder is made on first use, private like the data folder.
            if (trim(m_folder).empty()) throw Error(ErrorKind::Io, "no folder");
            if (!fs::exists(trim(m_folder), ec)) makePrivateDir(trim(m_folder));
            const LoginCardsSummary s = writeLoginCardsPdf(loginCardSheet(app.core().school(), cls.id, false), path);
            logInfo("login cards printed from the teacher screen: " + std::to_string(s.cards) + " cards");
            m_result = std::string(tr("Opgeslagen:")) + " " + path;
            m_failed = false;
        } catch (const Error& e) {
            m_result = teacherError(tr("De inlogkaarten zijn niet opgeslagen."), e, "login cards not written");
            m_failed = true;
        }
    }
    ImGui::SameLine();
    if (bigButton(tr("Sluiten"), false, em(8)) || escapePressed()) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace dlk::ui
