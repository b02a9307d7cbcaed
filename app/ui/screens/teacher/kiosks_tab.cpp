// "Kiosks" (issue 13.5): several kiosks, one school (kiosks/; docs/kiosks.md).
// - On a kiosk that joined a school: "Resultaten opslaan op USB", the signed result bundle of every
//   attempt made here, written to a stick or folder by a teacher (after the PIN: the kiosk's key is
//   sealed under it).
// - On the school's kiosk: "Resultaten inlezen" from a stick or folder (one bundle, or a folder of
//   them), with per bundle what happened (imported, already imported, refused and why, conflicts by
//   pupil code, module and both kiosks) and the list of what came in; an administrator also writes
//   the join file for a new kiosk and sees the kiosks registered.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosks/kiosk_join.h"
#include "kiosks/result_bundle.h"
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

// A kiosk's name as a file name: letters and digits kept, the rest a hyphen.
std::string fileNameFor(const std::string& kioskName) {
    std::string out;
    for (unsigned char c : kioskName) out += std::isalnum(c) ? static_cast<char>(c) : '-';
    return out.empty() ? std::string("kiosk") : out;
}

class KiosksTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override {
        (void)context;
        const float width = std::min(ImGui::GetContentRegionAvail().x, em(40));
        // Read again every 2 s at most, not on every frame (a join elsewhere shows after that).
        if (m_meAtMs < 0 || app.now() - m_meAtMs >= 2000) {
            m_me = thisKiosk(app.core().db());
            m_meAtMs = app.now();
        }
        m_chooser.refresh(app);
        if (m_chooser.place().empty())
            m_chooser.place() = m_chooser.sticks().empty() ? (fs::path(app.core().dataDir()) / "kiosks").string()
                                                           : m_chooser.sticks().front().string();
        if (m_me)
            drawPupilKiosk(app, width);
        else
            drawSchoolKiosk(app, width);
    }

    void showDemo(App& app) override { (void)app; }

private:
    void result(float width) {
        if (m_result.empty()) return;
        ImGui::Dummy(em(0, 0.3f));
        wrappedText(m_result, nullptr, m_failed ? palette().danger : palette().text, width);
    }

    void drawPupilKiosk(App& app, float width) {
        wrappedText(tr("Resultaten opslaan op USB"), app.fonts().bold);
        char line[600];
        std::snprintf(line, sizeof line,
                      tr("Deze kiosk is %s van %s. Sla de antwoorden die hier gegeven zijn op een USB-stick op en "
                         "lees ze in op de kiosk van de school. Elke keer gaan alle antwoorden van deze kiosk mee; "
                         "twee keer inlezen kan geen kwaad."),
                      m_me->name.c_str(), app.core().school().schoolName().c_str());
        wrappedText(line, nullptr, palette().mutedText, width);
        ImGui::Dummy(em(0, 0.3f));
        m_chooser.draw(app, "##kioskplace", width);
        ImGui::Dummy(em(0, 0.3f));
        if (bigButton(tr("Resultaten opslaan"), true, em(14))) {
            try {
                const std::string place = trim(m_chooser.place());
                if (place.empty()) throw Error(ErrorKind::Io, "no folder given");
                const BundleWritten w = writeResultBundle(app.core().db(), app.core().school(), place, app.now());
                logInfo("result bundle " + std::to_string(w.sequence) + " written from the teacher screen");
                std::snprintf(line, sizeof line, tr("Opgeslagen in %s: %d pogingen van %d leerlingen (pakket %lld)."),
                              w.folder.c_str(), static_cast<int>(w.attempts), static_cast<int>(w.pupils),
                              static_cast<long long>(w.sequence));
                m_result = line;
                m_failed = false;
                m_me = thisKiosk(app.core().db());
            } catch (const Error& e) {
                m_result = teacherError(tr("De resultaten zijn niet opgeslagen."), e, "result bundle failed");
                m_failed = true;
            }
        }
        result(width);
    }

    void drawSchoolKiosk(App& app, float width) {
        wrappedText(tr("Resultaten inlezen"), app.fonts().bold);
        wrappedText(tr("Lees de resultaten van de andere kiosks van de school in: kies de USB-stick of de map met "
                       "hun pakketten. Een pakket dat al is ingelezen verandert niets; een pakket dat veranderd, "
                       "afgebroken of niet van deze school is, wordt geweigerd."),
                    nullptr, palette().mutedText, width);
        ImGui::Dummy(em(0, 0.3f));
        m_chooser.draw(app, "##kioskplace", width);
        ImGui::Dummy(em(0, 0.3f));
        if (bigButton(tr("Resultaten inlezen"), true, em(14))) runImport(app);
        if (!m_importError.empty()) wrappedText(m_importError, nullptr, palette().danger, width);
        for (const std::string& row : m_rows) wrappedText(row, nullptr, 0, width);
        const auto done = importedBundles(app.core().db());
        if (!done.empty()) {
            ImGui::Dummy(em(0, 0.5f));
            wrappedText(tr("Ingelezen pakketten"), app.fonts().bold);
            char line[400];
            for (size_t i = 0; i < done.size() && i < 12; ++i) {
                std::snprintf(line, sizeof line, tr("%s, pakket %lld: %d pogingen, %d conflicten (%s)"),
                              done[i].kioskName.c_str(), static_cast<long long>(done[i].sequence), done[i].attempts,
                              done[i].conflicts, done[i].importedAt.c_str());
                wrappedText(line, nullptr, palette().mutedText, width);
            }
        }
        if (!app.core().school().loggedInAsAdmin()) return;
        ImGui::Dummy(em(0, 0.8f));
        wrappedText(tr("Een kiosk aansluiten"), app.fonts().bold);
        wrappedText(tr("Schrijf een aanmeldbestand voor een nieuwe kiosk in de map hierboven. Op de nieuwe kiosk "
                       "kies je bij de eerste start \"Aansluiten bij een school\". Het bestand bevat de klassen en "
                       "leerlingen alleen versleuteld, zoals ze hier zijn opgeslagen."),
                    nullptr, palette().mutedText, width);
        ImGui::TextUnformatted(tr("Naam van de nieuwe kiosk"));
        ImGui::SetNextItemWidth(std::min(width, em(20)));
        inputUtf8Text("##kioskname", m_kioskName, kKioskNameMaxBytes);
        a11yRecord("textbox", tr("Naam van de nieuwe kiosk"));
        focusRing();
        if (bigButton(tr("Aanmeldbestand schrijven"), false, em(14))) runJoinFile(app);
        result(width);
        const auto kiosks = registeredKiosks(app.core().db());
        if (!kiosks.empty()) {
            ImGui::Dummy(em(0, 0.3f));
            wrappedText(tr("Aangesloten kiosks"), app.fonts().bold);
            char line[300];
            for (const KioskInfo& k : kiosks) {
                std::snprintf(line, sizeof line, tr("%s (sleutel %s)"), k.name.c_str(), k.fingerprint.c_str());
                wrappedText(line, nullptr, palette().mutedText, width);
            }
        }
    }

    void runImport(App& app) {
        m_rows.clear();
        m_importError.clear();
        try {
            const std::string place = trim(m_chooser.place());
            const auto found = findBundleFolders({place});
            if (found.empty()) throw Error(ErrorKind::NotFound, "no result bundle in " + place);
            char line[900];
            for (const BundleImport& b : importResultBundles(app.core().db(), app.core().school(), found, app.now())) {
                const std::string name = fs::path(b.path).filename().string();
                if (b.outcome == BundleOutcome::Refused)
                    std::snprintf(line, sizeof line, tr("%s: geweigerd: %s"), name.c_str(), b.reason.c_str());
                else if (b.outcome == BundleOutcome::AlreadyImported)
                    std::snprintf(line, sizeof line, tr("%s: al ingelezen, niets veranderd."), name.c_str());
                else
                    std::snprintf(line, sizeof line, tr("%s (%s): ingelezen: %d nieuw, %d bijgewerkt, %d gelijk."),
                                  name.c_str(), b.kioskName.c_str(), static_cast<int>(b.added),
                                  static_cast<int>(b.updated), static_cast<int>(b.unchanged));
                m_rows.push_back(line);
                for (const BundleConflict& c : b.conflicts) {
                    std::snprintf(line, sizeof line,
                                  tr("Conflict: leerling %s, module %s: andere antwoorden op %s en op %s. De "
                                     "antwoorden van %s blijven staan."),
                                  c.pupil.c_str(), c.moduleId.c_str(), c.keptFrom.c_str(), c.bundleKiosk.c_str(),
                                  c.keptFrom.c_str());
                    m_rows.push_back(line);
                }
            }
            logInfo("result bundles read from the teacher screen: " + std::to_string(found.size()));
        } catch (const Error& e) {
            m_importError = teacherError(tr("De resultaten zijn niet ingelezen."), e, "bundle import failed");
        }
    }

    void runJoinFile(App& app) {
        try {
            const std::string place = trim(m_chooser.place());
            if (place.empty()) throw Error(ErrorKind::Io, "no folder given");
            std::error_code ec;
            if (!fs::exists(place, ec)) makePrivateDir(place);
            const std::string file = (fs::path(place) / (fileNameFor(trim(m_kioskName)) + ".dlkjoin")).string();
            const JoinFileWritten w = writeJoinFile(app.core().db(), app.core().school(), m_kioskName, file, app.now());
            char line[600];
            std::snprintf(line, sizeof line, tr("Aanmeldbestand voor %s opgeslagen in %s: %d leerlingen."),
                          w.kiosk.name.c_str(), file.c_str(), static_cast<int>(w.pupils));
            m_result = line;
            m_failed = false;
            m_kioskName.clear();
        } catch (const Error& e) {
            m_result = teacherError(tr("Het aanmeldbestand is niet geschreven."), e, "join file failed");
            m_failed = true;
        }
    }

    PlaceChooser m_chooser;
    int64_t m_meAtMs = -1;
    std::optional<ThisKiosk> m_me;
    std::string m_kioskName;
    std::vector<std::string> m_rows;  // per bundle of the last import
    std::string m_importError;        // the import as a whole failed (no folder, no PIN)
    std::string m_result;             // the bundle or join file written, or why not
    bool m_failed = false;
};

}  // namespace

std::unique_ptr<TeacherTab> makeKiosksTab() {
    return std::make_unique<KiosksTab>();
}

}  // namespace dlk::ui
