// The class's scores: raw scores per domain, the scale score with its margin and level, the class
// figure the privacy rule allows; a pupil's name opens their accommodations.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "bank/domain.h"
#include "results/report_figures.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/fitted_table.h"
#include "ui/screens/teacher/print_report.h"
#include "ui/screens/teacher/status_text.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

std::string scoreCell(double raw, double max) {
    if (max <= 0) return "–";
    return formatDouble(raw) + " / " + formatDouble(max);
}

// The levels of the bank's scale; empty without parameters or without a level table for it.
const std::vector<ProficiencyLevel>* scaleLevels(App& app) {
    const auto& calibration = app.core().calibration();
    const auto& table = app.core().levels();
    if (!calibration || !table || !table->hasScale(calibration->scaleName)) return nullptr;
    return &table->levels(calibration->scaleName);
}

class ScoresTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override;

private:
    void table(App& app, TeacherTabContext& context);
    void accommodationsPopup(App& app, std::string& message);
    void levelLegend(App& app);
    bool openDialog(const std::string& id) override {
        if (id != "report") return false;
        m_printReport.openOnNextFrame();
        return true;
    }

    float m_belowHeight = 0;  // of what the last frame drew below the table
    int64_t m_editPupil = 0;  // the pupil whose accommodations are being edited
    Accommodations m_edit;
    Accommodations m_editBefore;  // as stored when the dialog opened
    std::string m_editName;       // the pupil's name, shown in the dialog
    PrintReportButton m_printReport;
};

// What a pupil's scale score rests on, in one sentence.
std::string basisText(const ScaleScore& sc) {
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  tr("De schaalscore telt %d vragen mee (%d van %d punten); %d vragen hebben nog geen "
                     "schaalgegevens en tellen niet mee."),
                  sc.itemsUsed, sc.rawScore, sc.maxScore, sc.itemsWithoutParameters);
    return buf;
}

void ScoresTab::draw(App& app, TeacherTabContext& context) {
    const Palette& p = palette();
    const ClassReport& report = context.report;
    // An item whose processing fails is named with its reason; every other score stands.
    for (const UnscorableItem& item : report.unscorable) {
        char line[300];
        std::snprintf(line, sizeof line,
                      tr("Vraag %s (module %s) kan niet worden gescoord en telt bij geen leerling mee. De andere "
                         "vragen zijn gewoon gescoord."),
                      item.itemId.c_str(), item.moduleId.c_str());
        wrappedText(line, app.fonts().bold, p.warning);
        char details[600];
        std::snprintf(details, sizeof details, tr("Details: %s"), item.reason.c_str());
        wrappedText(details, nullptr, p.mutedText);
    }
    wrappedText(tr("Ruwe scores per domein: behaalde punten van het maximum van de vragen die de leerling kreeg. "
                   "Klik op een naam voor aanpassingen (tekstgrootte, contrast, extra tijd)."),
                nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    table(app, context);
    const float tableEnd = ImGui::GetCursorPosY();
    if (report.scaled) {
        wrappedText(report.provisional
                        ? tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau. VOORLOPIG: de vragen "
                             "zijn nog niet op echte leerlingen gekalibreerd; gebruik deze score niet voor besluiten.")
                        : tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau; de eigen schaal van "
                             "dlkiosk, nog niet gekoppeld aan ICILS."),
                    nullptr, report.provisional ? p.warning : p.mutedText);
        // Why two pupils with different totals can have the same scale score.
        const bool leftOut = std::any_of(report.pupils.begin(), report.pupils.end(), [](const PupilReport& pupil) {
            return pupil.scale && (pupil.scale->itemsWithoutParameters > 0 || !pupil.scale->itemsOutOfRange.empty());
        });
        if (leftOut)
            wrappedText(tr("* Telt mee: de punten op vragen met schaalgegevens; alleen die tellen in de schaalscore. "
                           "Evenveel punten daarop geeft dezelfde schaalscore, ook bij een ander totaal."),
                        nullptr, p.mutedText);
    }
    // The levels explained, and beside it the class's printed report and feedback sheets: on this
    // row, which the tab has anyway, rather than beside the login cards above, where at 1366x768 a
    // second row of buttons would push the scoring tab's Save button off the screen.
    if (report.scaled && scaleLevels(app)) {
        levelLegend(app);
        ImGui::SameLine();
        const float reportW = ImGui::CalcTextSize(tr("Klasrapport (PDF)")).x + em(2);
        if (ImGui::GetCursorPosX() + reportW > ImGui::GetContentRegionMax().x) ImGui::NewLine();
    }
    m_printReport.draw(app, context.cls);
    char buf[200];
    if (report.meanPercent)
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar; gemiddeld %d%% van de punten."), report.finished,
                      *report.meanPercent);
    else  // Withheld::SmallGroup, the only reason there is
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar. Een klasgemiddelde volgt vanaf %d leerlingen."),
                      report.finished, kMinGroupWithStatistics);
    wrappedText(buf, nullptr, p.mutedText);
    // What was drawn below the table, so the next frame's table leaves exactly that room.
    m_belowHeight = ImGui::GetCursorPosY() - tableEnd;
}

void ScoresTab::table(App& app, TeacherTabContext& context) {
    const ClassReport& report = context.report;
    const bool scaled = report.scaled;
    // Every cell's text first, so the columns can be made as wide as their widest text.
    constexpr size_t kName = 0, kFirstDomain = 3, kTotal = kFirstDomain + kAllDomains.size(), kScale = kTotal + 1;
    std::vector<const char*> headers = {tr("Naam"), tr("Code"), tr("Status")};
    for (Domain d : kAllDomains) headers.push_back(tr(domainShortNameNl(d)));
    headers.push_back(tr("Totaal"));
    constexpr size_t kBasis = kTotal + 2;
    if (scaled) {
        headers.push_back(tr("Schaal*"));
        // The points the scale score rests on: only items with parameters count (see the note).
        headers.push_back(tr("Telt mee*"));
    }
    FittedTable fit(headers, app.fonts().bold, em(6));
    std::vector<std::vector<std::string>> rows;
    for (const PupilReport& pupil : report.pupils) {
        const PupilResult& r = pupil.result;
        std::vector<std::string> row = {r.displayName.empty() ? "–" : r.displayName, r.code, statusText(r.status)};
        for (Domain d : kAllDomains) {
            const DomainScore& score = r.domains[static_cast<size_t>(d)];
            row.push_back(scoreCell(score.raw, score.max));
        }
        std::string total = scoreCell(r.totalRaw(), r.totalMax());
        if (r.unscorable > 0) {
            char note[96];
            std::snprintf(note, sizeof note, tr("%s (%d niet te scoren)"), total.c_str(), r.unscorable);
            total = note;
        }
        if (r.awaitingTeacher > 0) {  // counted nowhere until a teacher scores the rubric
            char note[128];
            std::snprintf(note, sizeof note, tr("%s (%d nog niet beoordeeld)"), total.c_str(), r.awaitingTeacher);
            total = note;
        }
        row.push_back(total);
        if (scaled) {
            char cell[64] = "–";
            if (const auto& sc = pupil.scale; sc && sc->level)
                std::snprintf(cell, sizeof cell, tr("%.0f ±%.0f N%d"), sc->score, sc->margin95, sc->level->level);
            else if (sc)
                std::snprintf(cell, sizeof cell, "%.0f ±%.0f", sc->score, sc->margin95);
            else if (!pupil.scaleProblem.empty())
                std::snprintf(cell, sizeof cell, "%s", tr("geen schaalscore"));
            row.push_back(cell);
            row.push_back(pupil.scale ? scoreCell(pupil.scale->rawScore, pupil.scale->maxScore) : "–");
        }
        for (size_t c = 0; c < row.size(); ++c) fit.measure(c, row[c]);
        rows.push_back(std::move(row));
    }
    // Below the table: the notes, the levels' button (and, opened, one line a level), the class
    // line. Their height is measured each frame; the first frame guesses.
    const float below = m_belowHeight > 0 ? m_belowHeight + ImGui::GetStyle().ItemSpacing.y : em(scaled ? 9.5f : 6.5f);
    const float tableH = ImGui::GetContentRegionAvail().y - below;
    // The dialog is drawn outside the table's rows, every frame, even when the table or its row is
    // out of view (large text on a small screen), which would otherwise hide it.
    const ImGuiID dialog = ImGui::GetID("accommodations");
    if (!fit.begin("results", std::max(em(8), tableH))) {
        accommodationsPopup(app, context.message);
        return;
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (size_t c = 0; c < headers.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::PushFont(app.fonts().bold);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(headers[c]);
        a11yRecord("cell", headers[c]);
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        if (c >= kFirstDomain && c < kTotal && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(domainNameNl(kAllDomains[c - kFirstDomain])));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const PupilReport& pupil = report.pupils[i];
        const int64_t id = pupil.result.pupilId;
        ImGui::TableNextRow(0, em(1.8f));
        ImGui::TableNextColumn();
        // The name opens the pupil's accommodations (text size, contrast, extra time).
        ImGui::PushID(static_cast<int>(id));
        if (tabStopSelectable(rows[i][kName].c_str(), false)) {
            m_editPupil = id;
            for (const auto& info : app.core().school().pupils(context.cls.id))
                if (info.id == id) m_edit = info.accommodations;
            m_editBefore = m_edit;
            m_editName = pupil.name();
            ImGui::OpenPopup(dialog);
        }
        a11yRecord("link", pupil.name());
        focusRing();
        ImGui::PopID();
        const ScaleScore* sc = pupil.scale ? &*pupil.scale : nullptr;
        for (size_t c = kName + 1; c < rows[i].size(); ++c) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rows[i][c].c_str());
            a11yRecord("cell", rows[i][c]);
            if (c == kScale && sc && sc->level && ImGui::IsItemHovered()) {
                char tip[200];
                std::snprintf(tip, sizeof tip, tr("Niveau %d tot %d (95%%-interval); kans op niveau %d: %.0f%%"),
                              sc->level->lowest, sc->level->highest, sc->level->level, 100.0 * sc->level->probability);
                std::string text = tip;
                if (const auto* levels = scaleLevels(app);
                    levels && static_cast<size_t>(sc->level->level) < levels->size())
                    text += "\nN" + std::to_string(sc->level->level) + ": " +
                            levelSentenceForTeacher((*levels)[static_cast<size_t>(sc->level->level)]);
                ImGui::SetTooltip("%s", text.c_str());
            } else if (c == kScale && !pupil.scaleProblem.empty() && ImGui::IsItemHovered())
                ImGui::SetTooltip(tr("Details: %s"), pupil.scaleProblem.c_str());
            if (c == kBasis && sc && ImGui::IsItemHovered()) {
                std::string tip = basisText(*sc);
                for (const std::string& item : sc->itemsOutOfRange)
                    tip += "\n" + std::string(tr("Niet meegeteld, de vraag is veranderd: ")) + item;
                ImGui::SetTooltip("%s", tip.c_str());
            }
        }
    }
    fit.end();
    accommodationsPopup(app, context.message);
}

// Each level of the bank's scale in one plain sentence, in a window of its own so the table keeps
// its room at any window and text size.
void ScoresTab::levelLegend(App& app) {
    const auto* levels = scaleLevels(app);
    if (!levels) return;
    if (bigButton(tr("Wat betekenen de niveaus?"), false)) ImGui::OpenPopup("levels");
    const float width = std::min(em(36), ImGui::GetIO().DisplaySize.x - em(2));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x / 2, ImGui::GetIO().DisplaySize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("levels", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) return;
    wrappedText(tr("Wat betekenen de niveaus?"), app.fonts().bold);
    std::vector<std::string> lines;
    for (size_t k = 0; k < levels->size(); ++k) {
        const ProficiencyLevel& level = (*levels)[k];
        char range[64];
        if (k == 0)
            std::snprintf(range, sizeof range, tr("onder %.0f"), *(*levels)[1].minScore);
        else if (k + 1 < levels->size())
            std::snprintf(range, sizeof range, "%.0f–%.0f", *level.minScore, *(*levels)[k + 1].minScore - 1);
        else
            std::snprintf(range, sizeof range, tr("%.0f en hoger"), *level.minScore);
        char line[400];
        std::snprintf(line, sizeof line, "N%d (%s): %s", level.level, range, levelSentenceForTeacher(level).c_str());
        lines.emplace_back(line);
    }
    // The sentences scroll when large text makes them taller than the window, so "Sluiten" always
    // stays on screen below them.
    const float wrap = ImGui::GetContentRegionAvail().x;
    float textH = 0;
    for (const std::string& line : lines)
        textH += ImGui::CalcTextSize(line.c_str(), nullptr, false, wrap).y + ImGui::GetStyle().ItemSpacing.y;
    const float maxH = ImGui::GetIO().DisplaySize.y - em(9);
    ImGui::BeginChild("levelsText", ImVec2(0, std::max(em(3), std::min(textH, maxH))));
    for (const std::string& line : lines) wrappedText(line);
    ImGui::EndChild();
    ImGui::Dummy(em(0, 0.4f));
    if (bigButton(tr("Sluiten"), true, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void ScoresTab::accommodationsPopup(App& app, std::string& message) {
    // Inside the window whatever the text size and screen (ImGui centres a modal): never wider or
    // taller than the window less a margin; what does not fit scrolls, below the buttons.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x - em(1), vp->WorkSize.y - em(1)));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(24), vp->WorkSize.x - em(1)), 0));
    if (!ImGui::BeginPopupModal("accommodations", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize))
        return;
    wrappedText(tr("Aanpassingen voor deze leerling"), app.fonts().bold);
    wrappedText(m_editName, app.fonts().large);  // whose they are, so the teacher never sets another's
    wrappedText(tr("Ze gelden vanaf de volgende keer dat de leerling inlogt."), nullptr, palette().mutedText);
    // The buttons first: in view even when large text on a small screen makes the choices scroll.
    if (bigButton(tr("Annuleren"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::SameLine();
    // Saved only when something changed: opening and closing the dialog changes nothing.
    const bool changed = !(m_edit == m_editBefore);
    if (bigButton(tr("Opslaan"), true, em(8), changed) && changed) {
        try {
            app.core().school().setAccommodations(m_editPupil, m_edit);
            logInfo("accommodations changed for pupil " + std::to_string(m_editPupil));
        } catch (const Error& e) {
            message = teacherError(tr("De aanpassingen zijn niet opgeslagen."), e, "accommodations not saved");
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::Dummy(em(0, 0.3f));
    ImGui::TextUnformatted(tr("Tekstgrootte"));
    for (int pct : {100, 125, 150, 200}) {
        const std::string label = std::to_string(pct) + "%";
        if (bigButton(label.c_str(), m_edit.textScalePct == pct, em(4.5f))) m_edit.textScalePct = pct;
        if (pct != 200) ImGui::SameLine();
    }
    ImGui::TextUnformatted(tr("Extra tijd"));
    for (int pct : {0, 25, 50}) {
        const std::string label = "+" + std::to_string(pct) + "%";
        if (bigButton(label.c_str(), m_edit.extraTimePct == pct, em(4.5f))) m_edit.extraTimePct = pct;
        if (pct != 50) ImGui::SameLine();
    }
    if (choiceRow("contrast", tr("Hoog contrast"), m_edit.highContrast, Indicator::Check, em(22)))
        m_edit.highContrast = !m_edit.highContrast;
    if (choiceRow("dyslexia", tr("Dyslexielettertype (OpenDyslexic)"), m_edit.dyslexiaFont, Indicator::Check, em(22)))
        m_edit.dyslexiaFont = !m_edit.dyslexiaFont;
    if (choiceRow("readaloud", tr("Voorlezen (tekst, keuzes en knoppen)"), m_edit.readAloud, Indicator::Check, em(22)))
        m_edit.readAloud = !m_edit.readAloud;
    ImGui::Dummy(em(0, 0.4f));
    ImGui::EndPopup();
}

}  // namespace

std::unique_ptr<TeacherTab> makeScoresTab() {
    return std::make_unique<ScoresTab>();
}

}  // namespace dlk::ui
