#include "ui/screens/teacher/print_report.h"

#include <imgui.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "print/class_report_pdf.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/print_cards.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace fs = std::filesystem;

namespace {
// "inlogkaarten-<class>.pdf" with another first word: the same safe class name.
std::string withPrefix(const char* prefix, const std::string& className) {
    const std::string cards = loginCardsFileName(className);
    return std::string(prefix) + cards.substr(cards.find('-'));
}

// The date printed on the report: the app's clock (injected in tests) in the laptop's time zone.
std::string dateOf(int64_t unixMs) {
    const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}
}  // namespace

std::string classReportFileName(const std::string& className) {
    return withPrefix(tr("klasrapport"), className);
}

std::string feedbackSheetsFileName(const std::string& className) {
    return withPrefix(tr("feedback"), className);
}

void PrintReportButton::draw(App& app, const ClassInfo& cls) {
    if (bigButton(tr("Klasrapport (PDF)"), false) || m_openRequested) {
        m_openRequested = false;
        m_result.clear();
        if (m_folder.empty()) m_folder = defaultPrintFolder(app.core().dataDir());
        ImGui::OpenPopup("printreport");
    }
    dialog(app, cls);
}

void PrintReportButton::save(App& app, const ClassInfo& cls, bool sheets) {
    const std::string folder = trim(m_folder);
    const std::string path =
        (fs::path(folder) / (sheets ? feedbackSheetsFileName(cls.name) : classReportFileName(cls.name))).string();
    try {
        std::error_code ec;
        if (folder.empty()) throw Error(ErrorKind::Io, "no folder");
        // The default print/ folder is made on first use, private like the data folder.
        if (!fs::exists(folder, ec)) makePrivateDir(folder);
        const ReportPaper paper = reportPaper(app.core(), cls.id, false, dateOf(app.now()));
        const PrintSummary s = sheets ? writeFeedbackSheetsPdf(paper, path) : writeClassReportPdf(paper, path);
        logInfo(std::string(sheets ? "feedback sheets" : "class report") + " printed from the teacher screen: " +
                std::to_string(s.pupils) + " pupils on " + std::to_string(s.pages) + " pages");
        m_result = std::string(tr("Opgeslagen:")) + " " + path;
        m_failed = false;
    } catch (const Error& e) {
        m_result = teacherError(
            sheets ? tr("De feedbackbladen zijn niet opgeslagen.") : tr("Het klasrapport is niet opgeslagen."), e,
            sheets ? "feedback sheets not written" : "class report not written");
        m_failed = true;
    }
}

std::string saveOneFeedbackSheet(App& app, const ClassInfo& cls, int64_t pupilId, const std::string& code,
                                 bool& failed) {
    const std::string folder = defaultPrintFolder(app.core().dataDir());
    const std::string sheets = feedbackSheetsFileName(cls.name);  // "feedback-<class>.pdf"
    // A pupil's code is letters, digits and a hyphen: safe in a file name as it is.
    const std::string name =
        sheets.substr(0, sheets.size() - 4) + "-" + (code.empty() ? std::to_string(pupilId) : code) + ".pdf";
    const std::string path = (fs::path(folder) / name).string();
    try {
        std::error_code ec;
        if (!fs::exists(folder, ec)) makePrivateDir(folder);
        const ReportPaper paper = reportPaper(app.core(), cls.id, false, dateOf(app.now()));
        writeFeedbackSheetsPdf(paper, path, pupilId);
        logInfo("one pupil's feedback sheet printed from the teacher screen");
        failed = false;
        return std::string(tr("Opgeslagen:")) + " " + path;
    } catch (const Error& e) {
        failed = true;
        return teacherError(tr("Het feedbackblad is niet opgeslagen."), e, "feedback sheet not written");
    }
}

void PrintReportButton::dialog(App& app, const ClassInfo& cls) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(36), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("printreport", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    const float width = ImGui::GetContentRegionAvail().x;
    wrappedText(std::string(tr("Klasrapport")) + " · " + cls.name, app.fonts().large);
    wrappedText(
        tr("Het klasrapport: per domein de klas, de niveaus en een tabel van de leerlingen. De "
           "feedbackbladen: per leerling een blad om mee te geven. Leerlingen staan erop met hun code, "
           "niet met hun naam."));
    ImGui::TextUnformatted(tr("Map"));
    ImGui::SetNextItemWidth(width);
    inputUtf8Text("##reportfolder", m_folder, 1024);
    a11yRecord("textbox", tr("Map"));
    focusRing();
    if (!m_result.empty()) wrappedText(m_result, nullptr, m_failed ? palette().danger : palette().text, width);
    ImGui::Dummy(em(0, 0.5f));
    const char* reportLabel = tr("Klasrapport opslaan");
    const char* sheetsLabel = tr("Feedbackbladen opslaan");
    const char* closeLabel = tr("Sluiten");
    if (bigButton(reportLabel, true, std::max(em(8), ImGui::CalcTextSize(reportLabel).x + em(2))))
        save(app, cls, false);
    ImGui::SameLine();
    const float sheetsW = std::max(em(8), ImGui::CalcTextSize(sheetsLabel).x + em(2));
    if (ImGui::GetCursorPosX() + sheetsW > width) ImGui::NewLine();
    if (bigButton(sheetsLabel, true, sheetsW)) save(app, cls, true);
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + em(8) > width) ImGui::NewLine();
    if (bigButton(closeLabel, false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace dlk::ui
