// What each pupil did, from the process data: time, answer changes, idle time, flags and pauses,
// and what the teacher noted happened (the incident log, school/incidents.h); a pupil's name opens
// the time per item and the incidents, where the teacher records one.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "school/incidents.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/pause_screen.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/fitted_table.h"
#include "ui/screens/teacher/status_text.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"

namespace dlk::ui {

namespace {

// "45 s", "12 min": enough precision for a teacher's glance.
std::string durationText(int64_t ms) {
    if (ms < 60000) return std::to_string((ms + 500) / 1000) + " s";
    return std::to_string((ms + 30000) / 60000) + " min";
}
// "3:05" for the time on one item.
std::string clockText(int64_t ms) {
    const int64_t s = (ms + 500) / 1000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return buf;
}

class ActivityTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override;

private:
    void table(App& app, const ClassReport& report);
    void popup(App& app, const ClassReport& report);
    void incidentsSection(App& app);
    // The class's incidents, read when the class changes and after each change, never per frame.
    void loadIncidents(App& app, int64_t classId);
    const std::vector<Incident>& incidentsOf(int64_t pupilId) const;

    int64_t m_incidentsClass = -1;
    std::map<int64_t, std::vector<Incident>> m_incidents;  // by pupil
    std::string m_incidentError;

    std::map<std::string, std::string> m_itemTitles;  // item id -> title, for the popup
    int64_t m_pupil = 0;                              // whose activity the popup shows
    std::string m_name;
    bool m_open = false;
};

void ActivityTab::draw(App& app, TeacherTabContext& context) {
    if (m_itemTitles.empty())
        for (const Module& m : app.core().bank().modules())
            for (const auto& item : m.variant(app.language()).items) m_itemTitles[item->identifier] = item->title;
    wrappedText(
        tr("Wat elke leerling deed: tijd in de toets, hoe vaak een antwoord veranderde, tijd zonder activiteit "
           "(60 s of langer), gemarkeerde vragen en voorvallen. Klik op een naam voor de tijd per vraag en om een "
           "voorval te noteren."),
        nullptr, palette().mutedText);
    ImGui::Dummy(em(0, 0.3f));
    if (m_incidentsClass != context.cls.id) loadIncidents(app, context.cls.id);
    table(app, context.report);
    popup(app, context.report);
}

void ActivityTab::loadIncidents(App& app, int64_t classId) {
    m_incidentsClass = classId;
    m_incidents.clear();
    try {
        for (Incident& i : IncidentLog(app.core().db()).forClass(classId)) m_incidents[i.pupilId].push_back(i);
    } catch (const Error& e) {
        m_incidentError = teacherError(tr("De voorvallen konden niet worden gelezen."), e, "incidents: reading");
    }
}

const std::vector<Incident>& ActivityTab::incidentsOf(int64_t pupilId) const {
    static const std::vector<Incident> none;
    const auto it = m_incidents.find(pupilId);
    return it == m_incidents.end() ? none : it->second;
}

// What was noted for a pupil, and the buttons that note more: one per kind, for the module the
// pupil is in. A wrong one is removed with its own button.
void ActivityTab::incidentsSection(App& app) {
    const Palette& p = palette();
    ImGui::Dummy(em(0, 0.3f));
    wrappedText(tr("Voorvallen"), app.fonts().bold);
    const auto& noted = incidentsOf(m_pupil);
    if (noted.empty()) wrappedText(tr("Geen voorvallen genoteerd."), nullptr, p.mutedText);
    std::optional<int64_t> removeId;
    for (const Incident& i : noted) {
        ImGui::PushID(static_cast<int>(i.id));
        std::string line = tr(incidentKindLabel(i.kind));
        if (!i.moduleId.empty()) {
            const Module* m = app.core().bank().findModule(i.moduleId);
            line += " · " + (m ? m->variant(app.language()).title : i.moduleId);
        }
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(line.c_str());
        a11yRecord("text", line);
        ImGui::SameLine();
        if (bigButton(tr("Weghalen"), false)) removeId = i.id;
        ImGui::PopID();
    }
    wrappedText(tr("Noteer wat er gebeurde. Het gaat mee met de resultaten, zonder naam."), nullptr, p.mutedText);
    std::optional<IncidentKind> add;
    const float right = ImGui::GetContentRegionMax().x;
    bool first = true;
    for (IncidentKind kind : kIncidentKinds) {
        const char* label = tr(incidentKindLabel(kind));
        const float w = ImGui::CalcTextSize(label).x + em(2);
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        first = false;
        ImGui::PushID(incidentKindId(kind));
        if (bigButton(label, false, w)) add = kind;
        ImGui::PopID();
    }
    if (!add && !removeId) return;
    try {
        IncidentLog log(app.core().db());
        if (add) {
            log.add(m_pupil, *add, log.currentModule(m_pupil), app.now());
            logInfo(std::string("incident noted: ") + incidentKindId(*add));  // never who
        } else {
            log.remove(*removeId);
        }
        m_incidentError.clear();
    } catch (const Error& e) {
        m_incidentError = teacherError(tr("Het voorval is niet opgeslagen."), e, "incidents: not stored");
    }
    loadIncidents(app, m_incidentsClass);
}

void ActivityTab::table(App& app, const ClassReport& report) {
    const Palette& p = palette();
    constexpr size_t kName = 0, kFlagged = 5;
    const float flagMark = em(0.8f);
    // Every cell's text first, so the columns can be made as wide as their widest text.
    FittedTable fit({tr("Naam"), tr("Status"), tr("Tijd"), tr("Wijzigingen"), tr("Stil"), tr("Gemarkeerd"),
                     tr("Pauzes"), tr("Voorvallen")},
                    app.fonts().bold, em(6));
    std::vector<std::vector<std::string>> rows;
    for (const PupilReport& pupil : report.pupils) {
        std::vector<std::string> row = {pupil.name(), statusText(pupil.result.status)};
        if (const auto& act = pupil.activity) {
            row.push_back(durationText(act->timeMs));
            row.push_back(std::to_string(act->changes));
            row.push_back(
                act->idleSpells > 0 ? durationText(act->idleMs) + " (" + std::to_string(act->idleSpells) + "×)" : "–");
            row.push_back(act->flagged > 0 ? std::to_string(act->flagged) : "–");
            row.push_back(act->pauses > 0 ? std::to_string(act->pauses) : "–");
        } else {
            row.resize(7, "–");
        }
        // What the teacher noted: the kinds, in words (a count alone says too little).
        std::string noted;
        for (const Incident& i : incidentsOf(pupil.result.pupilId))
            noted += (noted.empty() ? "" : ", ") + std::string(tr(incidentKindLabel(i.kind)));
        row.push_back(noted.empty() ? "–" : noted);
        for (size_t c = 0; c < row.size(); ++c) fit.measure(c, row[c], c == kFlagged ? flagMark : 0.0f);
        rows.push_back(std::move(row));
    }
    const float tableH = ImGui::GetContentRegionAvail().y - em(1);
    if (!fit.begin("activitytable", std::max(em(8), tableH))) return;
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < rows.size(); ++i) {
        const PupilReport& pupil = report.pupils[i];
        ImGui::TableNextRow(0, em(1.8f));
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(pupil.result.pupilId));
        // Every pupil opens: one who never started may still have come late or been ill.
        if (tabStopSelectable(rows[i][kName].c_str(), false)) {
            m_pupil = pupil.result.pupilId;
            m_name = rows[i][kName];
            m_open = true;
        }
        a11yRecord("link", rows[i][kName]);
        focusRing();
        ImGui::PopID();
        const int flagged = pupil.activity ? pupil.activity->flagged : 0;
        for (size_t c = kName + 1; c < rows[i].size(); ++c) {
            ImGui::TableNextColumn();
            if (c == kFlagged && flagged > 0) {
                // The flag mark and the number, as the pupil saw it on the progress dots.
                const ImVec2 at = ImGui::GetCursorScreenPos();
                drawFlagMark(ImGui::GetWindowDrawList(), ImVec2(at.x + em(0.1f), at.y + ImGui::GetFontSize() * 0.9f),
                             ImGui::GetFontSize() * 0.8f, p.text);
                ImGui::SetCursorScreenPos(ImVec2(at.x + flagMark, at.y));
            }
            ImGui::TextUnformatted(rows[i][c].c_str());
            a11yRecord("cell", c == kFlagged && flagged > 0 ? rows[i][c] + " " + tr("gemarkeerd") : rows[i][c]);
        }
    }
    fit.end();
}

void ActivityTab::popup(App& app, const ClassReport& report) {
    if (m_open) {
        ImGui::OpenPopup("activity");
        m_open = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(34), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("activity", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    const Palette& p = palette();
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("Activiteit van %s"), m_name.c_str());
    wrappedText(buf, app.fonts().bold);
    wrappedText(
        tr("Uit de procesgegevens: wat de leerling deed en wanneer. De tijd per vraag loopt van het tonen van de "
           "vraag tot de volgende actie; een pauze telt niet mee. Geen oordeel: bekijk het samen met de antwoorden."),
        nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    const ActivitySummary* activity = nullptr;
    for (const PupilReport& pupil : report.pupils)
        if (pupil.result.pupilId == m_pupil && pupil.activity) activity = &*pupil.activity;
    if (!activity) {
        wrappedText(tr("Nog geen activiteit."));
    } else {
        const ActivitySummary& a = *activity;
        std::snprintf(buf, sizeof buf, tr("Tijd in de toets: %s"), durationText(a.timeMs).c_str());
        wrappedText(buf);
        std::snprintf(buf, sizeof buf, tr("Antwoorden gewijzigd: %d keer"), a.changes);
        wrappedText(buf);
        std::snprintf(buf, sizeof buf, tr("Stil (60 s of langer): %s, %d keer"), durationText(a.idleMs).c_str(),
                      a.idleSpells);
        wrappedText(buf);
        std::snprintf(buf, sizeof buf, tr("Nu gemarkeerd: %d"), a.flagged);
        wrappedText(buf);
        if (a.pauses > 0) {
            std::snprintf(buf, sizeof buf, tr("Pauzes door de leerkracht: %d"), a.pauses);
            wrappedText(buf);
        }
        if (a.readAloud > 0) {
            std::snprintf(buf, sizeof buf, tr("Voorlezen gebruikt: %d keer"), a.readAloud);
            wrappedText(buf);
        }
        ImGui::Dummy(em(0, 0.3f));
        // As high as its rows, but never pushing Sluiten off the screen.
        // The incidents below: a heading, a line per incident, a hint and two rows of buttons.
        const float incidentsH = em(9.5f) + em(2.9f) * static_cast<float>(incidentsOf(m_pupil).size());
        const float below = em(0.4f) + em(2.6f) + 2 * ImGui::GetStyle().WindowPadding.y + em(1) + incidentsH;
        const float tableH = std::min(em(1.9f) * static_cast<float>(a.items.size() + 1) + em(0.5f),
                                      vp->WorkSize.y - ImGui::GetCursorPosY() - below);
        FittedTable fit({tr("Vraag"), tr("Tijd"), tr("Wijzigingen"), tr("Gemarkeerd")}, app.fonts().bold, em(8));
        std::vector<std::array<std::string, 4>> rows;
        for (const auto& item : a.items) {
            const auto title = m_itemTitles.find(item.itemId);
            const bool titled = title != m_itemTitles.end() && !title->second.empty();
            std::array<std::string, 4> row = {titled ? title->second : item.itemId, clockText(item.timeMs),
                                              std::to_string(item.changes), item.flagged ? tr("ja") : "–"};
            for (size_t c = 0; c < row.size(); ++c) fit.measure(c, row[c]);
            rows.push_back(std::move(row));
        }
        if (fit.begin("peritem", std::max(em(5), tableH))) {
            ImGui::TableHeadersRow();
            for (const auto& row : rows) {
                ImGui::TableNextRow();
                for (const std::string& text : row) {
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(text.c_str());
                    a11yRecord("cell", text);
                }
            }
            fit.end();
        }
    }
    incidentsSection(app);
    if (!m_incidentError.empty()) wrappedText(m_incidentError, nullptr, p.danger);
    ImGui::Dummy(em(0, 0.4f));
    if (bigButton(tr("Sluiten"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace

std::unique_ptr<TeacherTab> makeActivityTab() {
    return std::make_unique<ActivityTab>();
}

}  // namespace dlk::ui
