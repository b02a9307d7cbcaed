// The class by hand (issue 13, point 2): its name, the session design its pupils are dealt
// (design_choice.h), pupils added by name or number, a pupil moved
// to another class, a pupil's background variables for research (school/background.h), a new
// measurement started (the answers so far kept in an archived round, for the Analyse tab's
// comparison), the class archived, and the class deleted after a confirmation that says what goes
// with it and a backup. An archived class is read-only here. Every control is a button or field
// that Tab reaches and Enter presses; the dialogs close with Escape.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "school/background.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/class_list.h"
#include "ui/screens/teacher/design_choice.h"
#include "ui/screens/teacher/names_field.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

// A pupil as the teacher sees them here: the name, or "Leerling 3" for a nameless code.
std::string shownName(const PupilInfo& p) {
    if (!p.displayName.empty()) return p.displayName;
    char s[64];
    std::snprintf(s, sizeof s, tr("Leerling %d"), p.numberInClass);
    return s;
}

class ClassTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override {
        const ClassInfo& cls = context.cls;
        reload(app, cls, context.message);
        if (m_demoBackground && !m_pupils.empty()) {
            m_demoBackground = false;
            openBackground(app, m_pupils.front(), shownName(m_pupils.front()));
        }
        const float width = std::min(em(22), ImGui::GetContentRegionAvail().x);
        if (cls.archived()) {  // an earlier round or a class that left: to read, and to delete
            wrappedText(cls.name, app.fonts().bold);
            wrappedText(tr("Deze klas is gearchiveerd: alleen te lezen. De codes van de leerlingen werken niet meer. "
                           "De resultaten staan bij Scores en Analyse."),
                        nullptr, palette().mutedText);
            deleteButton(app, context);
            ImGui::Dummy(em(0, 0.6f));
            pupilSection(app, false);
            deletePopup(app, context);
            return;
        }
        // The class's own controls first, then adding pupils, the session design, then the list (the
        // longest, last).
        nameSection(app, context, width);
        ImGui::Dummy(em(0, 0.6f));
        addSection(app, context, width);
        ImGui::Dummy(em(0, 0.6f));
        m_design.draw(app, cls, context.message, std::min(em(40), ImGui::GetContentRegionAvail().x));
        ImGui::Dummy(em(0, 0.6f));
        roundSection(app, context);
        ImGui::Dummy(em(0, 0.6f));
        pupilSection(app, true);
        movePopup(app, context);
        backgroundPopup(app, context);
        deletePopup(app, context);
        roundPopup(app, context);
    }

    // A screenshot of the tab shows the pupil list with its buttons (scrolled to it), below the forms.
    void showDemo(App&) override { m_scrollToList = true; }
    // teacher/background: the first pupil's background dialog, for screenshots.
    bool openDialog(const std::string& id) override {
        if (id != "background") return false;
        m_demoBackground = true;
        return true;
    }

private:
    DesignChoice m_design;
    // The class's pupils with codes and names (opened with the teacher's key), read again when
    // another class is shown, after a change here, or when the count no longer matches.
    void reload(App& app, const ClassInfo& cls, std::string& message) {
        if (cls.id == m_classId && !m_stale && static_cast<int>(m_pupils.size()) == cls.pupilCount) return;
        if (cls.id != m_classId) {
            m_rename = cls.name;
            m_names.clear();
        }
        m_classId = cls.id;
        m_stale = false;
        try {
            m_pupils = app.core().school().pupils(cls.id);
        } catch (const Error& e) {
            m_pupils.clear();
            message = teacherError(tr("De leerlingen van de klas konden niet worden gelezen."), e, "pupils not read");
        }
    }

    static void heading(App& app, const char* text) { wrappedText(text, app.fonts().bold); }

    void nameSection(App& app, TeacherTabContext& context, float width) {
        heading(app, tr("Naam van de klas"));
        ImGui::SetNextItemWidth(width);
        const bool enter =
            inputUtf8Text("##rename", m_rename, ClassList::kMaxClassNameBytes, ImGuiInputTextFlags_EnterReturnsTrue);
        a11yRecord("textbox", tr("Naam van de klas"));
        focusRing();
        const bool rename = bigButton(tr("Naam wijzigen"), false);
        ImGui::SameLine();
        deleteButton(app, context);
        if (!rename && !enter) return;
        const std::string n = trim(m_rename);
        if (n == context.cls.name) return;
        if (n.empty()) {
            context.message = tr("Geef de klas eerst een naam.");
            return;
        }
        try {
            app.core().school().renameClass(context.cls.id, n);
            logInfo("class renamed");
            context.message.clear();
            context.classesChanged = true;
        } catch (const Error& e) {
            // The one mistake a teacher can make here, in the UI's words; anything else as it is.
            context.message = app.core().school().findClass(n)
                                  ? std::string(tr("Er is al een klas met deze naam. Kies een andere naam."))
                                  : teacherError(tr("De naam is niet gewijzigd."), e, "class not renamed");
        }
    }

    void addSection(App& app, TeacherTabContext& context, float width) {
        heading(app, tr("Leerlingen toevoegen"));
        const NamesField::Pupils pupils = m_names.draw("addpupils", width);
        if (!bigButton(tr("Voeg leerlingen toe"), true)) return;
        if (!pupils.ok) {
            context.message = pupils.problem;
            return;
        }
        try {
            app.core().school().addPupils(context.cls.id, pupils.names, app.now());
            logInfo("added " + std::to_string(pupils.names.size()) + " pupils to a class");
            m_names.clear();
            context.message.clear();
            context.classesChanged = true;
            m_stale = true;
        } catch (const Error& e) {
            context.message = teacherError(tr("De leerlingen zijn niet toegevoegd."), e, "pupils not added");
        }
    }

    // A new measurement of the class, or the class archived: each after a confirmation.
    void roundSection(App& app, TeacherTabContext& context) {
        heading(app, tr("Nieuwe meting of archiveren"));
        wrappedText(tr("Meet de klas opnieuw (bijvoorbeeld in het voorjaar): de antwoorden van nu blijven bewaard "
                       "als vorige meting, en Analyse vergelijkt de klas en elke leerling ermee."),
                    nullptr, palette().mutedText);
        const auto open = [&](RoundAction action) {
            try {
                m_holdings = app.core().school().classHoldings(context.cls.id);
                m_roundAction = action;
                m_openRound = true;
            } catch (const Error& e) {
                context.message = teacherError(tr("De klas is niet gewijzigd."), e, "class holdings not read");
            }
        };
        if (bigButton(tr("Nieuwe meting starten…"), false)) open(RoundAction::NewRound);
        const char* archive = tr("Klas archiveren…");
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(archive).x + em(2) > ImGui::GetContentRegionMax().x)
            ImGui::NewLine();
        if (bigButton(archive, false)) open(RoundAction::Archive);
    }

    void roundPopup(App& app, TeacherTabContext& context) {
        if (m_openRound) {
            ImGui::OpenPopup("classround");
            m_openRound = false;
        }
        centreNextDialog(30);
        if (!ImGui::BeginPopupModal("classround", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        const bool newRound = m_roundAction == RoundAction::NewRound;
        char line[600];
        std::snprintf(line, sizeof line, newRound ? tr("Nieuwe meting voor %s?") : tr("Klas %s archiveren?"),
                      context.cls.name.c_str());
        wrappedText(line, app.fonts().large);
        if (newRound && m_holdings.attempts == 0) {
            wrappedText(tr("Er is nog niets gemaakt in deze klas: de eerste meting is nog niet begonnen."));
        } else if (newRound) {
            std::snprintf(line, sizeof line,
                          tr("De %d antwoorden in %d modules gaan naar een gearchiveerde kopie van de klas, die je "
                             "blijft lezen en vergelijken. De %d leerlingen houden hun code, naam en aanpassingen en "
                             "beginnen opnieuw."),
                          m_holdings.answers, m_holdings.attempts, m_holdings.pupils);
            wrappedText(line);
        } else {
            wrappedText(
                tr("De codes van de leerlingen werken dan niet meer en er kan niemand meer bij. De resultaten "
                   "blijven te lezen en te exporteren. Dit kan niet ongedaan worden gemaakt."));
        }
        wrappedText(tr("Eerst wordt een reservekopie gemaakt in de map backups."), nullptr, palette().mutedText);
        // A pupil of this class at this kiosk: their next answer belongs to the round they began.
        const auto& atKiosk = app.pupilAtKiosk();
        const bool pupilHere = atKiosk && atKiosk->classId == context.cls.id && app.session();
        if (pupilHere)
            wrappedText(tr("Een leerling van deze klas werkt nu op deze kiosk. Doe dit als die klaar is."),
                        app.fonts().bold, palette().warning);
        ImGui::Dummy(em(0, 0.5f));
        if (bigButton(tr("Annuleren"), true, em(9)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        const char* yes = newRound ? tr("Ja, nieuwe meting") : tr("Ja, archiveren");
        const float yesW = ImGui::CalcTextSize(yes).x + em(2);
        if (ImGui::GetCursorPosX() + yesW > ImGui::GetContentRegionMax().x) ImGui::NewLine();
        if (bigButton(yes, false, yesW, !pupilHere && (!newRound || m_holdings.attempts > 0))) {
            try {
                if (newRound) {
                    app.core().school().startNewRound(context.cls.id, app.now());
                    logInfo("new measurement round started for a class of " + std::to_string(m_holdings.pupils) +
                            " pupils");
                } else {
                    app.core().school().archiveClass(context.cls.id, app.now());
                    logInfo("class archived");
                }
                context.message.clear();
                context.classesChanged = true;
                m_stale = true;
            } catch (const Error& e) {
                context.message = teacherError(tr("De klas is niet gewijzigd."), e, "class round not changed");
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    void pupilSection(App& app, bool canMove) {
        char line[120];
        std::snprintf(line, sizeof line, tr("Leerlingen (%d)"), static_cast<int>(m_pupils.size()));
        heading(app, line);
        if (m_scrollToList) ImGui::SetScrollHereY(0.0f);
        m_scrollToList = false;
        if (m_pupils.empty()) return;
        // Two columns at any width: the pupil (number, name, and their code under it) and the
        // button, which keeps its whole word; the name wraps rather than the code being cut.
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
        if (!ImGui::BeginTable("pupils", 2, flags)) return;
        const char* move = tr("Verplaats");
        const char* details = tr("Gegevens");
        const float buttonW =
            canMove ? std::max(ImGui::CalcTextSize(move).x, ImGui::CalcTextSize(details).x) + em(2) : em(0.5f);
        ImGui::TableSetupColumn(tr("Leerling"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, buttonW);
        ImGui::TableHeadersRow();
        for (const PupilInfo& p : m_pupils) {
            ImGui::PushID(static_cast<int>(p.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string name = shownName(p);
            wrappedText(std::to_string(p.numberInClass) + ". " + name);
            wrappedText(p.code, nullptr, palette().mutedText);
            ImGui::TableNextColumn();
            if (canMove && bigButton(move, false, buttonW)) {
                m_move = p;
                m_moveName = name;
                m_otherClasses.clear();
                for (const ClassInfo& c : app.core().school().classes())
                    if (c.id != m_classId && !c.archived()) m_otherClasses.push_back(c);
                m_openMove = true;
            }
            // Grade, track, birth year and month, gender (school/background.h): for research, never shown to pupils.
            if (canMove && bigButton(details, false, buttonW)) openBackground(app, p, name);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    // Opens the confirmation, which says what the class holds (read now, not from the report).
    void deleteButton(App& app, TeacherTabContext& context) {
        const char* label = tr("Klas verwijderen…");
        if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(label).x + em(2) > ImGui::GetContentRegionMax().x)
            ImGui::NewLine();
        if (!bigButton(label, false)) return;
        try {
            m_holdings = app.core().school().classHoldings(context.cls.id);
            m_openDelete = true;
        } catch (const Error& e) {
            context.message = teacherError(tr("De klas is niet verwijderd."), e, "class holdings not read");
        }
    }

    static void centreNextDialog(float widthEm) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                                ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x - em(1), vp->WorkSize.y - em(1)));
        ImGui::SetNextWindowSize(ImVec2(std::min(em(widthEm), vp->WorkSize.x - em(1)), 0));
    }

    void movePopup(App& app, TeacherTabContext& context) {
        if (m_openMove) {
            ImGui::OpenPopup("movepupil");
            m_openMove = false;
        }
        centreNextDialog(26);
        if (!ImGui::BeginPopupModal("movepupil", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        char line[240];
        std::snprintf(line, sizeof line, tr("Naar welke klas gaat %s?"), m_moveName.c_str());
        wrappedText(line, app.fonts().large);
        if (m_otherClasses.empty())
            wrappedText(tr("Er is nog geen andere klas. Maak die eerst links."), nullptr, palette().mutedText);
        else
            wrappedText(tr("De code, antwoorden en aanpassingen gaan mee."), nullptr, palette().mutedText);
        ImGui::Dummy(em(0, 0.3f));
        const float w = ImGui::GetContentRegionAvail().x;
        for (const ClassInfo& c : m_otherClasses) {
            ImGui::PushID(static_cast<int>(c.id));
            if (bigButton(c.name.c_str(), true, w)) {
                try {
                    app.core().school().movePupil(m_move.id, c.id);
                    logInfo("pupil " + std::to_string(m_move.id) + " moved to another class");
                    context.message.clear();
                    context.classesChanged = true;
                    m_stale = true;
                } catch (const Error& e) {
                    context.message = teacherError(tr("De leerling is niet verplaatst."), e, "pupil not moved");
                }
                ImGui::CloseCurrentPopup();
            }
            ImGui::PopID();
        }
        ImGui::Dummy(em(0, 0.3f));
        if (bigButton(tr("Annuleren"), false, em(9)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }

    void openBackground(App& app, const PupilInfo& p, const std::string& name) {
        m_backgroundPupil = p.id;
        m_backgroundName = name;
        m_backgroundError.clear();
        try {
            m_background = loadBackground(app.core().db(), p.id);
        } catch (const Error& e) {
            m_background = {};
            m_backgroundError = e.what();
        }
        m_backgroundBefore = m_background;
        m_birthYearText = m_background.birthYear ? std::to_string(*m_background.birthYear) : std::string();
        m_openBackground = true;
    }

    // A row of choice buttons that wraps onto the next line where the dialog is too narrow (large text, small screen).
    static bool flowButton(const char* label, bool selected, bool first) {
        const float w = ImGui::CalcTextSize(label).x + em(1.6f);
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > ImGui::GetContentRegionMax().x) ImGui::NewLine();
        }
        return bigButton(label, selected, w);
    }

    // The pupil's background variables (issue 14): every choice a button Tab reaches, "not recorded" first; the
    // birth year a field, the month buttons; never a day.
    void backgroundPopup(App& app, TeacherTabContext& context) {
        if (m_openBackground) {
            ImGui::OpenPopup("background");
            m_openBackground = false;
        }
        centreNextDialog(30);
        if (!ImGui::BeginPopupModal("background", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        wrappedText(tr("Gegevens voor onderzoek"), app.fonts().bold);
        wrappedText(m_backgroundName, app.fonts().large);
        wrappedText(tr("Ze gaan alleen mee in de export, en alleen zo grof als nodig is om geen leerling herkenbaar "
                       "te maken."),
                    nullptr, palette().mutedText);
        // The year as typed: a number, or empty (not recorded).
        int64_t year = 0;
        const std::string typed = trim(m_birthYearText);
        const bool yearOk = typed.empty() || (parseInt64(typed, year) && year > 0 && year < 10000);
        m_background.birthYear = typed.empty() || !yearOk ? std::nullopt : std::optional<int>(static_cast<int>(year));
        if (!m_background.birthYear) m_background.birthMonth.reset();
        const int thisYear = static_cast<int>(
            std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()))
                .year());
        const std::string problem =
            yearOk ? backgroundProblem(m_background, thisYear) : std::string("the birth year is not a number");
        // The buttons first: in view even when large text on a small screen makes the choices scroll.
        if (bigButton(tr("Annuleren"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        const bool changed = !(m_background == m_backgroundBefore);
        if (bigButton(tr("Opslaan"), true, em(8), changed && problem.empty()) && changed && problem.empty()) {
            try {
                saveBackground(app.core().db(), m_backgroundPupil, m_background, wallClockMs());
                logInfo("background variables changed for pupil " + std::to_string(m_backgroundPupil));
            } catch (const Error& e) {
                context.message = teacherError(tr("De gegevens zijn niet opgeslagen."), e, "background not saved");
            }
            ImGui::CloseCurrentPopup();
        }
        if (!problem.empty() || !m_backgroundError.empty())
            wrappedText(!m_backgroundError.empty() ? m_backgroundError
                        : !yearOk                  ? std::string(tr("Het geboortejaar is geen getal."))
                                                   : std::string(tr("Deze gegevens kloppen niet: ")) + problem,
                        nullptr, palette().danger);
        const char* notRecorded = tr("niet vastgelegd");
        ImGui::Dummy(em(0, 0.3f));
        ImGui::TextUnformatted(tr("Groep of leerjaar"));
        if (flowButton(notRecorded, !m_background.grade, true)) m_background.grade.reset();
        for (int g = 1; g <= kMaxGrade; ++g) {
            ImGui::PushID(g);
            if (flowButton(std::to_string(g).c_str(), m_background.grade == g, false)) m_background.grade = g;
            ImGui::PopID();
        }
        ImGui::TextUnformatted(tr("Schoolsoort"));
        ImGui::PushID("track");
        if (flowButton(notRecorded, m_background.track.empty(), true)) m_background.track.clear();
        for (std::string_view t : trackIds()) {
            const std::string label(t);
            if (flowButton(label.c_str(), m_background.track == label, false)) m_background.track = label;
        }
        ImGui::PopID();
        ImGui::TextUnformatted(tr("Geboortejaar (bijvoorbeeld 2014)"));
        ImGui::SetNextItemWidth(em(6));
        inputUtf8Text("##birthyear", m_birthYearText, 4, ImGuiInputTextFlags_CharsDecimal);
        a11yRecord("textbox", tr("Geboortejaar (bijvoorbeeld 2014)"));
        focusRing();
        if (m_background.birthYear) {
            ImGui::TextUnformatted(tr("Geboortemaand (nooit de dag)"));
            ImGui::PushID("month");
            if (flowButton(notRecorded, !m_background.birthMonth, true)) m_background.birthMonth.reset();
            for (int m = 1; m <= 12; ++m) {
                ImGui::PushID(m);
                if (flowButton(std::to_string(m).c_str(), m_background.birthMonth == m, false))
                    m_background.birthMonth = m;
                ImGui::PopID();
            }
            ImGui::PopID();
        }
        ImGui::TextUnformatted(tr("Geslacht (alleen als de school het vastlegt)"));
        ImGui::PushID("gender");
        if (flowButton(notRecorded, m_background.gender.empty(), true)) m_background.gender.clear();
        for (const char* g : {"m", "v", "x"})
            if (flowButton(g, m_background.gender == g, false)) m_background.gender = g;
        ImGui::PopID();
        ImGui::Dummy(em(0, 0.4f));
        ImGui::EndPopup();
    }

    void deletePopup(App& app, TeacherTabContext& context) {
        if (m_openDelete) {
            ImGui::OpenPopup("deleteclass");
            m_openDelete = false;
        }
        centreNextDialog(30);
        if (!ImGui::BeginPopupModal("deleteclass", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        char line[400];
        std::snprintf(line, sizeof line, tr("Klas %s verwijderen?"), context.cls.name.c_str());
        wrappedText(line, app.fonts().large);
        std::snprintf(line, sizeof line,
                      tr("In deze klas zitten %d leerlingen met samen %d antwoorden in %d modules. Die worden "
                         "allemaal verwijderd, met hun codes, aanpassingen en beoordelingen."),
                      m_holdings.pupils, m_holdings.answers, m_holdings.attempts);
        wrappedText(line);
        const std::string backupNote = tr("Eerst wordt een reservekopie gemaakt in de map backups.");
        wrappedText(backupNote, nullptr, palette().mutedText);
        // A pupil of this class at this kiosk (the teacher came from their session): their next
        // answer would have nowhere to go.
        const auto& atKiosk = app.pupilAtKiosk();
        const bool pupilHere = atKiosk && atKiosk->classId == context.cls.id && app.session();
        if (pupilHere) {
            const std::string busy =
                tr("Een leerling van deze klas werkt nu op deze kiosk. Verwijder de klas als die "
                   "klaar is.");
            wrappedText(busy, app.fonts().bold, palette().warning);
        }
        ImGui::Dummy(em(0, 0.5f));
        if (bigButton(tr("Annuleren"), true, em(9)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + em(12) > ImGui::GetContentRegionMax().x) ImGui::NewLine();
        if (bigButton(tr("Ja, verwijderen"), false, em(12), !pupilHere)) {
            try {
                const std::string backup = app.core().school().deleteClass(context.cls.id, app.now());
                logInfo("class deleted with " + std::to_string(m_holdings.pupils) + " pupils; backup " + backup);
                context.message.clear();
                context.classDeleted = true;
                m_classId = 0;
            } catch (const Error& e) {
                context.message = teacherError(tr("De klas is niet verwijderd."), e, "class not deleted");
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    int64_t m_classId = 0;
    bool m_stale = false;
    std::vector<PupilInfo> m_pupils;
    std::string m_rename;
    NamesField m_names;
    PupilInfo m_move;
    std::string m_moveName;
    std::vector<ClassInfo> m_otherClasses;
    bool m_openMove = false;
    // The background dialog (backgroundPopup): whose, as stored when it opened, as edited.
    int64_t m_backgroundPupil = 0;
    std::string m_backgroundName, m_backgroundError, m_birthYearText;
    PupilBackground m_background, m_backgroundBefore;
    bool m_openBackground = false;
    bool m_demoBackground = false;  // teacher/background: open the first pupil's dialog once the pupils are read
    SchoolStore::ClassHoldings m_holdings;
    bool m_openDelete = false;
    enum class RoundAction { NewRound, Archive };
    RoundAction m_roundAction = RoundAction::NewRound;
    bool m_openRound = false;
    bool m_scrollToList = false;
};

}  // namespace

std::unique_ptr<TeacherTab> makeClassTab() {
    return std::make_unique<ClassTab>();
}

}  // namespace dlk::ui
