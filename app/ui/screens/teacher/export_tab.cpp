// The administrator's "Export" (issue 14): the school's anonymised data package (export/csv_export.h)
// written to a folder the administrator chooses: a USB stick when one is plugged in, else Documents
// in the home folder, else the data folder's export/ subfolder. What the command line's `dlkiosk
// export` writes, signed with the school's key; afterwards the screen says what went in, what was
// left out (typed answers, unless asked for after a warning; items that cannot be scored) and the
// key's fingerprint, which the recipient compares. The core refuses the export to anyone but a
// logged-in administrator (the export holds every class).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "export/csv_export.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/place_chooser.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace dlk::ui {

namespace {

// The export's own folder inside the place chosen: an earlier export there is replaced file by file.
constexpr const char* kExportFolderName = "dlkiosk-export";

std::string defaultExportPlace(const std::string& dataDir) {
    const auto sticks = mountedSticks();
    if (!sticks.empty()) return sticks.front().string();
    std::error_code ec;
    if (const char* home = std::getenv("HOME"); home && *home && fs::is_directory(fs::path(home) / "Documents", ec))
        return (fs::path(home) / "Documents").string();
    return (fs::path(dataDir) / "export").string();
}

class ExportTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override {
        (void)context;
        if (!app.core().school().loggedInAsAdmin()) {  // the screen shows the tab to administrators only
            wrappedText(tr("Alleen een beheerder kan de gegevens van de school exporteren."));
            return;
        }
        if (m_chooser.place().empty()) m_chooser.place() = defaultExportPlace(app.core().dataDir());
        const float width = std::min(ImGui::GetContentRegionAvail().x, em(40));
        wrappedText(tr("Gegevens exporteren"), app.fonts().bold);
        wrappedText(tr("Een geanonimiseerd gegevenspakket van alle klassen van de school, voor het schoolbestuur of "
                       "een onderzoeker: zonder namen, codes en datums, met elke leerling onder een schuilnaam. "
                       "Groepen van 5 leerlingen of minder krijgen geen cijfers, en zo nodig gaan klassen of "
                       "ondersteuning minder precies mee, zodat geen leerling te herkennen is. Het pakket is "
                       "ondertekend met de sleutel van de school."),
                    nullptr, palette().mutedText, width);
        ImGui::Dummy(em(0, 0.3f));
        m_chooser.draw(app, "##exportplace", width);
        char into[1200];
        std::snprintf(into, sizeof into, tr("Het pakket komt in de map %s daarin."), kExportFolderName);
        wrappedText(into, nullptr, palette().mutedText, width);
        ImGui::Dummy(em(0, 0.3f));
        if (choiceRow("##freetext", tr("Ook getypte antwoorden exporteren"), m_freeText, Indicator::Check, width))
            m_freeText = !m_freeText;
        if (m_freeText)
            wrappedText(tr("Let op: namen van de klassenlijsten, e-mailadressen, telefoonnummers en codes worden "
                           "weggelaten, maar iets anders dat een leerling over zichzelf typte (een straat, een "
                           "bijnaam) niet. Lees de antwoorden voordat je het pakket doorgeeft."),
                        nullptr, palette().warning, width);
        if (choiceRow("##events", tr("Ook procesdata exporteren (elke klik, met tijden)"), m_events, Indicator::Check,
                      width))
            m_events = !m_events;
        ImGui::Dummy(em(0, 0.3f));
        if (bigButton(tr("Exporteren"), true, em(12))) run(app);
        if (!m_result.empty()) {
            ImGui::Dummy(em(0, 0.3f));
            wrappedText(m_result, nullptr, m_failed ? palette().danger : palette().text, width);
        }
    }

private:
    void run(App& app) {
        const std::string place = trim(m_chooser.place());
        try {
            if (place.empty()) throw Error(ErrorKind::Io, "no folder given");
            std::error_code ec;
            if (!fs::exists(place, ec)) makePrivateDir(place);  // the default export/ is made on first use
            const std::string folder = (fs::path(place) / kExportFolderName).string();
            ExportOptions options;
            options.freeText = m_freeText;
            options.workbook = true;  // a school board opens the package in a spreadsheet
            options.events = m_events;
            // The scale scores and levels as the teacher's screen shows them (items/irt/items.csv, levels.csv).
            if (app.core().calibration()) options.calibration = &*app.core().calibration();
            if (app.core().levels()) options.levels = &*app.core().levels();
            const ExportSummary s = exportCsv(app.core().db(), app.core().bank(), folder, app.core().school(), options);
            logInfo("export written from the teacher screen: " + std::to_string(s.pupils) + " pupils, " +
                    std::to_string(s.responseRows) + " item rows");
            m_failed = false;
            char line[400];
            std::snprintf(line, sizeof line, tr("Opgeslagen in %s: %d leerlingen, %d antwoordregels."), folder.c_str(),
                          s.pupils, s.responseRows);
            m_result = line;
            if (s.freeTextWithheld > 0) {
                std::snprintf(line, sizeof line,
                              tr("%d getypte antwoorden zijn weggelaten (alleen hun score gaat mee)."),
                              s.freeTextWithheld);
                m_result += std::string("\n") + line;
            }
            for (const UnscorableItem& item : s.unscorable) {
                std::snprintf(line, sizeof line, tr("Vraag %s van module %s kan niet worden gescoord: %d regels."),
                              item.itemId.c_str(), item.moduleId.c_str(), item.rows);
                m_result += std::string("\n") + line;
            }
            m_result += disclosureLines(app, s);
            std::snprintf(line, sizeof line,
                          tr("Ondertekend met de sleutel %s. Geef deze code apart door (bijvoorbeeld per telefoon): "
                             "wie het pakket krijgt, controleert ermee dat er niets aan veranderd is."),
                          s.fingerprint.c_str());
            m_result += std::string("\n") + line;
        } catch (const Error& e) {
            m_result = teacherError(tr("De export is niet geschreven."), e, "export from the teacher screen failed");
            m_failed = true;
        }
    }

    // What the disclosure control (export/disclosure.h) changed, with the classes' real names: the
    // administrator knows them, and the package holds only their pseudonyms.
    static std::string disclosureLines(App& app, const ExportSummary& s) {
        std::string out;
        char line[400];
        for (const DisclosureStep& step : s.disclosure) {
            std::string className;
            for (const ClassInfo& c : app.core().school().classes())
                if (c.id == step.classId) className = c.name;
            if (step.suppressed)
                std::snprintf(line, sizeof line,
                              tr("%d leerlingen uit klassen met minder dan 5 leerlingen zijn weggelaten: samen zijn "
                                 "ze te weinig om onherkenbaar te blijven."),
                              step.pupils);
            else if (step.classWithheld)
                std::snprintf(line, sizeof line,
                              tr("%d kleine klassen (%d leerlingen) gaan mee zonder hun klas, samengevoegd."),
                              step.classes, step.pupils);
            else if (step.detail == AccommodationDetail::Any)
                std::snprintf(line, sizeof line,
                              tr("%s: alleen óf een leerling ondersteuning heeft gaat mee, niet welke (anders is "
                                 "een leerling te herkennen)."),
                              className.c_str());
            else if (step.detail == AccommodationDetail::None)
                std::snprintf(line, sizeof line,
                              tr("%s: de ondersteuning gaat niet mee (te weinig leerlingen met of zonder)."),
                              className.c_str());
            else
                line[0] = '\0';
            if (line[0]) out += std::string("\n") + line;
            if (step.suppressed || !step.changesBackground()) continue;
            // The background variables, generalised in the order of export/disclosure.h.
            std::string what;
            auto add = [&what](const char* text) { what += (what.empty() ? "" : ", ") + std::string(text); };
            if (step.ageBanded) add(tr("leeftijd in groepen van twee jaar"));
            if (step.genderWithheld) add(tr("geen geslacht"));
            if (step.tracksMerged) add(tr("schoolsoorten samengevoegd"));
            if (step.ageWithheld) add(tr("geen leeftijd"));
            if (step.gradeAndTrackWithheld) add(tr("geen leerjaar en schoolsoort"));
            std::snprintf(line, sizeof line, tr("%s: %s (anders is een leerling te herkennen)."),
                          step.classWithheld ? tr("Kleine klassen samen") : className.c_str(), what.c_str());
            out += std::string("\n") + line;
        }
        if (s.suppressedCells > 0) {
            std::snprintf(line, sizeof line,
                          tr("%d cijfers in het overzicht (summary.csv) zijn leeg gelaten: groepen van 5 leerlingen "
                             "of minder."),
                          s.suppressedCells);
            out += std::string("\n") + line;
        }
        return out;
    }

    PlaceChooser m_chooser;
    bool m_freeText = false;
    bool m_events = false;  // process data only when asked (issue 14)
    std::string m_result;   // what was written, or what went wrong
    bool m_failed = false;
};

}  // namespace

std::unique_ptr<TeacherTab> makeExportTab() {
    return std::make_unique<ExportTab>();
}

}  // namespace dlk::ui
