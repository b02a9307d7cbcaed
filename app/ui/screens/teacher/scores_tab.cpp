// The class's scores: raw scores per domain, the scale score with its margin and level, the class
// figure the privacy rule allows; a pupil's name opens their accommodations.
#include <algorithm>
#include <cstdio>

#include "bank/domain.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/status_text.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

std::string scoreCell(double raw, double max) {
    if (max <= 0) return "–";
    return formatDouble(raw) + " / " + formatDouble(max);
}

class ScoresTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override;

private:
    void table(App& app, TeacherTabContext& context);
    void accommodationsPopup(App& app, std::string& message);

    int64_t m_editPupil = 0;  // the pupil whose accommodations are being edited
    Accommodations m_edit;
};

void ScoresTab::draw(App& app, TeacherTabContext& context) {
    const Palette& p = palette();
    const ClassReport& report = context.report;
    wrappedText(tr("Ruwe scores per domein: behaalde punten van het maximum van de vragen die de leerling kreeg. "
                   "Klik op een naam voor aanpassingen (tekstgrootte, contrast, extra tijd)."),
                nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    table(app, context);
    if (report.scaled) {
        wrappedText(report.provisional
                        ? tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau. VOORLOPIG: de vragen "
                             "zijn nog niet op echte leerlingen gekalibreerd; gebruik deze score niet voor besluiten.")
                        : tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau; de eigen schaal van "
                             "dlkiosk, nog niet gekoppeld aan ICILS."),
                    nullptr, report.provisional ? p.warning : p.mutedText);
    }
    char buf[200];
    if (report.meanPercent)
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar; gemiddeld %d%% van de punten."), report.finished,
                      *report.meanPercent);
    else  // Withheld::SmallGroup, the only reason there is
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar. Een klasgemiddelde volgt vanaf %d leerlingen."),
                      report.finished, kMinGroupWithStatistics);
    wrappedText(buf, nullptr, p.mutedText);
}

void ScoresTab::table(App& app, TeacherTabContext& context) {
    const ClassReport& report = context.report;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    const bool scaled = report.scaled;
    const float tableH = ImGui::GetContentRegionAvail().y - em(scaled ? 6.0f : 3.5f);
    const int columns = scaled ? 9 : 8;
    if (!ImGui::BeginTable("results", columns, flags, ImVec2(0, std::max(em(8), tableH)))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Naam"), ImGuiTableColumnFlags_WidthStretch, 2.1f);
    ImGui::TableSetupColumn(tr("Code"), ImGuiTableColumnFlags_WidthStretch, 1.75f);
    ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    for (Domain d : kAllDomains) ImGui::TableSetupColumn(tr(domainShortNameNl(d)), ImGuiTableColumnFlags_WidthStretch, 0.95f);
    ImGui::TableSetupColumn(tr("Totaal"), ImGuiTableColumnFlags_WidthStretch, 0.95f);
    if (scaled) ImGui::TableSetupColumn(tr("Schaal*"), ImGuiTableColumnFlags_WidthStretch, 1.9f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < columns; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::PushFont(app.fonts().bold);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(ImGui::TableGetColumnName(c));
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        if (c >= 3 && c < 7 && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(domainNameNl(kAllDomains[static_cast<size_t>(c - 3)])));
    }
    for (const PupilReport& pupil : report.pupils) {
        const PupilResult& r = pupil.result;
        ImGui::TableNextRow(0, em(1.8f));
        ImGui::TableNextColumn();
        // The name opens the pupil's accommodations (text size, contrast, extra time).
        ImGui::PushID(static_cast<int>(r.pupilId));
        if (ImGui::Selectable(r.displayName.empty() ? "–" : r.displayName.c_str(), false)) {
            m_editPupil = r.pupilId;
            for (const auto& info : app.core().school().pupils(context.cls.id))
                if (info.id == r.pupilId) m_edit = info.accommodations;
            ImGui::OpenPopup("accommodations");
        }
        a11yRecord("link", pupil.name());
        focusRing();
        accommodationsPopup(app, context.message);
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.code.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(statusText(r.status));
        for (Domain d : kAllDomains) {
            ImGui::TableNextColumn();
            const DomainScore& score = r.domains[static_cast<size_t>(d)];
            ImGui::TextUnformatted(scoreCell(score.raw, score.max).c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(scoreCell(r.totalRaw(), r.totalMax()).c_str());
        if (!scaled) continue;
        ImGui::TableNextColumn();
        if (!pupil.scale) {
            ImGui::TextUnformatted("–");
            continue;
        }
        const ScaleScore& sc = *pupil.scale;
        char cell[64];
        if (sc.level)
            std::snprintf(cell, sizeof cell, tr("%.0f ±%.0f N%d"), sc.score, sc.margin95, sc.level->level);
        else
            std::snprintf(cell, sizeof cell, "%.0f ±%.0f", sc.score, sc.margin95);
        ImGui::TextUnformatted(cell);
        if (ImGui::IsItemHovered() && sc.level)
            ImGui::SetTooltip(tr("Niveau %d tot %d (95%%-interval); kans op niveau %d: %.0f%%"), sc.level->lowest,
                              sc.level->highest, sc.level->level, 100.0 * sc.level->probability);
    }
    ImGui::EndTable();
}

void ScoresTab::accommodationsPopup(App& app, std::string& message) {
    ImGui::SetNextWindowSize(ImVec2(em(24), 0));
    if (!ImGui::BeginPopupModal("accommodations", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) return;
    wrappedText(tr("Aanpassingen voor deze leerling"), app.fonts().bold);
    wrappedText(tr("Ze gelden vanaf de volgende keer dat de leerling inlogt."), nullptr, palette().mutedText);
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
    if (choiceRow("contrast", tr("Hoog contrast"), m_edit.highContrast, Indicator::Check, em(22))) m_edit.highContrast = !m_edit.highContrast;
    if (choiceRow("dyslexia", tr("Dyslexielettertype (OpenDyslexic)"), m_edit.dyslexiaFont, Indicator::Check, em(22)))
        m_edit.dyslexiaFont = !m_edit.dyslexiaFont;
    if (choiceRow("readaloud", tr("Voorlezen (tekst, keuzes en knoppen)"), m_edit.readAloud, Indicator::Check, em(22)))
        m_edit.readAloud = !m_edit.readAloud;
    ImGui::Dummy(em(0, 0.4f));
    if (bigButton(tr("Annuleren"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::SameLine();
    if (bigButton(tr("Opslaan"), true, em(8))) {
        try {
            app.core().school().setAccommodations(m_editPupil, m_edit);
            logInfo("accommodations changed for pupil " + std::to_string(m_editPupil));
        } catch (const Error& e) {
            message = e.what();
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

std::unique_ptr<TeacherTab> makeScoresTab() { return std::make_unique<ScoresTab>(); }

}  // namespace dlk::ui
