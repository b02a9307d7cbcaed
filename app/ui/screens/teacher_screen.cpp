#include "ui/screens/teacher_screen.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "bank/domain.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/pause_screen.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {
std::string scoreCell(const DomainScore& d) {
    if (d.max <= 0) return "–";
    return formatDouble(d.raw) + " / " + formatDouble(d.max);
}
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
const char* statusText(AttemptStatus s) {
    switch (s) {
        case AttemptStatus::NotStarted: return tr("niet begonnen");
        case AttemptStatus::InProgress: return tr("bezig");
        case AttemptStatus::Finished: return tr("klaar");
    }
    return "";
}
}  // namespace

void TeacherScreen::reset() {
    m_resultsAtMs = -1;
    m_message.clear();
    m_confirmClose = false;
}

void TeacherScreen::refresh(App& app) {
    // Results are recomputed from the stored answers when the screen opens, on a class change,
    // and every 10 s while it stays open, so a teacher watching a session sees progress.
    if (m_resultsAtMs >= 0 && app.now() - m_resultsAtMs < 10000) return;
    try {
        m_classes = app.core().school().classes();
        if (m_selectedClass == 0 && !m_classes.empty()) m_selectedClass = m_classes.front().id;
        // One scoring pass serves both the raw scores and the scale scores.
        const std::vector<ItemScoreRow> rows =
            m_selectedClass ? scoreItems(app.core().db(), app.core().bank(), m_selectedClass) : std::vector<ItemScoreRow>{};
        m_results = m_selectedClass ? classResults(app.core().db(), m_selectedClass, rows) : std::vector<PupilResult>{};
        // Scale scores: the Rasch estimate from the same item scores, when the bank is calibrated.
        m_scales.clear();
        if (const auto& calibration = app.core().calibration(); calibration && m_selectedClass) {
            std::map<int64_t, std::vector<ItemScore>> perPupil;
            for (const auto& row : rows)
                perPupil[row.pupilId].push_back({row.itemId, static_cast<int>(std::lround(row.score))});
            const LevelTable* levels = app.core().levels() ? &*app.core().levels() : nullptr;
            for (const auto& [pupil, scores] : perPupil)
                if (auto s = scalePupil(scores, *calibration, levels)) m_scales[pupil] = *s;
        }
        // Process data: per pupil, time, changes, idle time and flags.
        m_activity = m_selectedClass ? classActivity(app.core().db(), app.core().bank(), m_selectedClass)
                                     : std::map<int64_t, ActivitySummary>{};
        if (m_itemTitles.empty())
            for (const Module& m : app.core().bank().modules())
                for (const auto& item : m.variant(app.language()).items) m_itemTitles[item->identifier] = item->title;
    } catch (const Error& e) {
        m_message = std::string(tr("De resultaten konden niet worden gelezen: ")) + e.what();
    }
    m_resultsAtMs = app.now();
}

void TeacherScreen::classList(App& app, float width) {
    ImGui::BeginGroup();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(tr("Klassen"));
    ImGui::PopFont();
    for (const auto& c : m_classes) {
        char label[160];
        std::snprintf(label, sizeof label, "%s  (%d)##%lld", c.name.c_str(), c.pupilCount, static_cast<long long>(c.id));
        if (ImGui::Selectable(label, c.id == m_selectedClass, 0, ImVec2(width, em(2.0f)))) selectClass(c.id);
        a11yRecord("choice", c.name, c.id == m_selectedClass);
        focusRing();
    }
    if (m_classes.empty()) wrappedText(tr("Nog geen klassen."), nullptr, palette().mutedText, width);
    ImGui::Dummy(em(0, 1));
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(tr("Nieuwe klas"));
    ImGui::PopFont();
    ImGui::TextUnformatted(tr("Naam"));
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("##newclass", m_newClass, sizeof m_newClass);
    a11yRecord("textbox", tr("Naam"));
    focusRing();
    ImGui::TextUnformatted(tr("Aantal leerlingen"));
    ImGui::SetNextItemWidth(width);
    ImGui::InputInt("##newpupils", &m_newPupils);
    a11yRecord("textbox", tr("Aantal leerlingen"));
    focusRing();
    m_newPupils = std::clamp(m_newPupils, 1, 60);
    if (bigButton(tr("Maak klas met codes"), true, width)) {
        try {
            const int64_t id = app.core().school().createClass(m_newClass, app.now());
            app.core().school().addPupils(id, std::vector<std::string>(static_cast<size_t>(m_newPupils)), app.now());
            logInfo("class created with " + std::to_string(m_newPupils) + " pupil codes");
            std::memset(m_newClass, 0, sizeof m_newClass);
            m_message.clear();
            selectClass(id);
        } catch (const Error& e) {
            m_message = e.what();
        }
    }
    ImGui::EndGroup();
}

void TeacherScreen::classResultsView(App& app) {
    const Palette& p = palette();
    const ClassInfo* cls = nullptr;
    for (const auto& c : m_classes)
        if (c.id == m_selectedClass) cls = &c;
    if (!cls) {
        wrappedText(tr("Maak links een klas. Elke leerling krijgt een eigen code om mee te beginnen."));
        return;
    }
    ImGui::PushFont(app.fonts().large);
    ImGui::TextUnformatted(cls->name.c_str());
    ImGui::PopFont();
    // Two views of the class: the scores, and the activity from the process data.
    if (bigButton(tr("Scores"), m_view == View::Scores, em(8))) m_view = View::Scores;
    ImGui::SameLine();
    if (bigButton(tr("Activiteit"), m_view == View::Activity, em(8))) m_view = View::Activity;
    ImGui::Dummy(em(0, 0.2f));
    if (m_view == View::Activity) {
        activityView();
        return;
    }
    wrappedText(tr("Ruwe scores per domein: behaalde punten van het maximum van de vragen die de leerling kreeg. "
                   "Klik op een naam voor aanpassingen (tekstgrootte, contrast, extra tijd)."),
                nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    const bool scaled = app.core().calibration().has_value();
    const float tableH = ImGui::GetContentRegionAvail().y - em(scaled ? 6.0f : 3.5f);
    const int columns = scaled ? 9 : 8;
    if (ImGui::BeginTable("results", columns, flags, ImVec2(0, std::max(em(8), tableH)))) {
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
        for (const auto& r : m_results) {
            ImGui::TableNextRow(0, em(1.8f));
            ImGui::TableNextColumn();
            // The name opens the pupil's accommodations (text size, contrast, extra time).
            ImGui::PushID(static_cast<int>(r.pupilId));
            if (ImGui::Selectable(r.displayName.empty() ? "–" : r.displayName.c_str(), false)) {
                m_editPupil = r.pupilId;
                for (const auto& pupil : app.core().school().pupils(m_selectedClass))
                    if (pupil.id == r.pupilId) m_edit = pupil.accommodations;
                ImGui::OpenPopup("accommodations");
            }
            a11yRecord("link", r.displayName.empty() ? r.code : r.displayName);
            focusRing();
            accommodationsPopup(app);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.code.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(statusText(r.status));
            for (Domain d : kAllDomains) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(scoreCell(r.domains[static_cast<size_t>(d)]).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.totalMax() > 0 ? scoreCell({r.totalRaw(), r.totalMax()}).c_str() : "–");
            if (scaled) {
                ImGui::TableNextColumn();
                // Only a finished module gives a scale score worth showing.
                auto it = m_scales.find(r.pupilId);
                if (it == m_scales.end() || r.status != AttemptStatus::Finished) {
                    ImGui::TextUnformatted("–");
                } else {
                    const PupilScale& sc = it->second;
                    char cell[64];
                    if (sc.level)
                        std::snprintf(cell, sizeof cell, tr("%.0f ±%.0f N%d"), sc.scaleScore, 1.96 * sc.scaleSe, sc.level->level);
                    else
                        std::snprintf(cell, sizeof cell, "%.0f ±%.0f", sc.scaleScore, 1.96 * sc.scaleSe);
                    ImGui::TextUnformatted(cell);
                    if (ImGui::IsItemHovered() && sc.level)
                        ImGui::SetTooltip(tr("Niveau %d tot %d (95%%-interval); kans op niveau %d: %.0f%%"), sc.level->lowest,
                                          sc.level->highest, sc.level->level, 100.0 * sc.level->probability);
                }
            }
        }
        ImGui::EndTable();
    }
    if (scaled) {
        const bool provisional = app.core().calibration()->provisional();
        wrappedText(provisional ? tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau. VOORLOPIG: de vragen "
                                     "zijn nog niet op echte leerlingen gekalibreerd; gebruik deze score niet voor besluiten.")
                                : tr("* Schaalscore (gemiddeld 500, sd 100) met 95%-marge en niveau; de eigen schaal van "
                                     "dlkiosk, nog niet gekoppeld aan ICILS."),
                    nullptr, provisional ? p.warning : p.mutedText);
    }
    // Class figures only for groups of more than 5 (the Dutch pupil-statistics rule).
    int finished = 0;
    double sumPct = 0;
    for (const auto& r : m_results)
        if (r.status == AttemptStatus::Finished && r.totalMax() > 0) {
            ++finished;
            sumPct += r.totalRaw() / r.totalMax();
        }
    char buf[200];
    if (finished > 5)
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar; gemiddeld %.0f%% van de punten."), finished,
                      std::round(100.0 * sumPct / finished));
    else
        std::snprintf(buf, sizeof buf, tr("%d leerlingen klaar. Een klasgemiddelde volgt vanaf 6 leerlingen."), finished);
    wrappedText(buf, nullptr, p.mutedText);
}

void TeacherScreen::accommodationsPopup(App& app) {
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
            m_message = e.what();
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void TeacherScreen::activityView() {
    const Palette& p = palette();
    wrappedText(tr("Wat elke leerling deed: tijd in de toets, hoe vaak een antwoord veranderde, tijd zonder activiteit "
                   "(60 s of langer) en gemarkeerde vragen. Klik op een naam voor de tijd per vraag."),
                nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    const float tableH = ImGui::GetContentRegionAvail().y - em(1);
    if (!ImGui::BeginTable("activitytable", 7, flags, ImVec2(0, std::max(em(8), tableH)))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Naam"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn(tr("Tijd"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("Wijzigingen"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(tr("Stil"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(tr("Gemarkeerd"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(tr("Pauzes"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableHeadersRow();
    auto cell = [](const std::string& text) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text.c_str());
        a11yRecord("cell", text);
    };
    for (const auto& r : m_results) {
        ImGui::TableNextRow(0, em(1.8f));
        ImGui::TableNextColumn();
        const std::string name = r.displayName.empty() ? r.code : r.displayName;
        const auto a = m_activity.find(r.pupilId);
        ImGui::PushID(static_cast<int>(r.pupilId));
        if (ImGui::Selectable(name.c_str(), false) && a != m_activity.end()) {
            m_activityPupil = r.pupilId;
            m_activityName = name;
            m_openActivity = true;
        }
        a11yRecord("link", name);
        focusRing();
        ImGui::PopID();
        cell(statusText(r.status));
        if (a == m_activity.end()) {
            for (int c = 0; c < 5; ++c) cell("–");
            continue;
        }
        const ActivitySummary& act = a->second;
        cell(durationText(act.timeMs));
        cell(std::to_string(act.changes));
        cell(act.idleSpells > 0 ? durationText(act.idleMs) + " (" + std::to_string(act.idleSpells) + "×)" : "–");
        // Flagged: the flag mark and the number, as the pupil saw it on the progress dots.
        ImGui::TableNextColumn();
        if (act.flagged > 0) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            drawFlagMark(ImGui::GetWindowDrawList(), ImVec2(at.x + em(0.1f), at.y + ImGui::GetFontSize() * 0.9f),
                         ImGui::GetFontSize() * 0.8f, p.text);
            ImGui::SetCursorScreenPos(ImVec2(at.x + em(0.8f), at.y));
        }
        const std::string flagged = act.flagged > 0 ? std::to_string(act.flagged) : "–";
        ImGui::TextUnformatted(flagged.c_str());
        a11yRecord("cell", act.flagged > 0 ? flagged + " " + tr("gemarkeerd") : flagged);
        cell(act.pauses > 0 ? std::to_string(act.pauses) : "–");
    }
    ImGui::EndTable();
}

void TeacherScreen::activityPopup(App& app) {
    if (m_openActivity) {
        ImGui::OpenPopup("activity");
        m_openActivity = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(34), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("activity", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
        return;
    const Palette& p = palette();
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("Activiteit van %s"), m_activityName.c_str());
    wrappedText(buf, app.fonts().bold);
    wrappedText(tr("Uit de procesgegevens: wat de leerling deed en wanneer. De tijd per vraag loopt van het tonen van de "
                   "vraag tot de volgende actie; een pauze telt niet mee. Geen oordeel: bekijk het samen met de antwoorden."),
                nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));
    const auto it = m_activity.find(m_activityPupil);
    if (it == m_activity.end()) {
        wrappedText(tr("Nog geen activiteit."));
    } else {
        const ActivitySummary& a = it->second;
        std::snprintf(buf, sizeof buf, tr("Tijd in de toets: %s"), durationText(a.timeMs).c_str());
        wrappedText(buf);
        std::snprintf(buf, sizeof buf, tr("Antwoorden gewijzigd: %d keer"), a.changes);
        wrappedText(buf);
        std::snprintf(buf, sizeof buf, tr("Stil (60 s of langer): %s, %d keer"), durationText(a.idleMs).c_str(), a.idleSpells);
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
        const float tableH = std::min(em(1.9f) * static_cast<float>(a.items.size() + 1) + em(0.5f), vp->WorkSize.y - em(16));
        if (ImGui::BeginTable("peritem", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                                ImGuiTableFlags_SizingStretchProp,
                              ImVec2(0, std::max(em(5), tableH)))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn(tr("Vraag"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn(tr("Tijd"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
            ImGui::TableSetupColumn(tr("Wijzigingen"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableSetupColumn(tr("Gemarkeerd"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableHeadersRow();
            for (const auto& item : a.items) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const auto title = m_itemTitles.find(item.itemId);
                const std::string name = title != m_itemTitles.end() && !title->second.empty() ? title->second : item.itemId;
                ImGui::TextUnformatted(name.c_str());
                a11yRecord("cell", name);
                ImGui::TableNextColumn();
                const std::string t = clockText(item.timeMs);
                ImGui::TextUnformatted(t.c_str());
                a11yRecord("cell", t);
                ImGui::TableNextColumn();
                ImGui::Text("%d", item.changes);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(item.flagged ? tr("ja") : "–");
            }
            ImGui::EndTable();
        }
    }
    ImGui::Dummy(em(0, 0.4f));
    if (bigButton(tr("Sluiten"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void TeacherScreen::leave(App& app) {
    reset();
    // A teacher who came from a pupil's session (the teacher menu) goes back to it.
    ModuleSession* s = app.session();
    app.go(!s ? ScreenId::Login : s->finished() ? ScreenId::Finish : ScreenId::Item);
}

void TeacherScreen::draw(App& app) {
    if (app.now() - app.lastInputMs() > kIdleLockMs) {
        // Walking past must not reveal results: after 3 idle minutes the PIN is needed again.
        logInfo("teacher screen locked after idle time");
        leave(app);
        return;
    }
    refresh(app);
    beginScreen("teacher");
    const Palette& p = palette();
    const float barH = em(3.6f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    dl->AddRectFilled(o, ImVec2(o.x + ImGui::GetWindowWidth(), o.y + barH), p.surface);
    dl->AddLine(ImVec2(o.x, o.y + barH), ImVec2(o.x + ImGui::GetWindowWidth(), o.y + barH), p.border);
    ImGui::SetCursorPos(ImVec2(em(1), (barH - ImGui::GetFontSize() * 1.5f) / 2));
    ImGui::PushFont(app.fonts().large);
    const std::string title = std::string(tr("Leerkracht")) + " · " + app.core().school().schoolName();
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    const char* toPupils = tr("Naar leerlingscherm");
    const char* close = tr("Kiosk afsluiten");
    const float bw = ImGui::CalcTextSize(toPupils).x + ImGui::CalcTextSize(close).x + em(5.5f);
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - bw - em(1), (barH - em(2.6f)) / 2));
    // Escape leaves, unless it is closing a popup.
    const bool popupOpen = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (bigButton(toPupils, true) || (escapePressed() && !popupOpen)) leave(app);
    ImGui::SameLine();
    if (bigButton(close, false)) m_confirmClose = true;

    ImGui::SetCursorPos(ImVec2(em(1), barH + em(1)));
    const float listW = em(15);
    ImGui::BeginChild("classes", ImVec2(listW + em(1), ImGui::GetWindowHeight() - barH - em(2)), false);
    classList(app, listW);
    if (!m_message.empty()) wrappedText(m_message, nullptr, p.danger, listW);
    ImGui::EndChild();
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginChild("results", ImVec2(ImGui::GetWindowWidth() - listW - em(4.5f), ImGui::GetWindowHeight() - barH - em(2)),
                      false);
    classResultsView(app);
    ImGui::EndChild();
    activityPopup(app);

    if (m_confirmClose) {
        ImGui::OpenPopup("confirmclose");
        m_confirmClose = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(28), vp->WorkSize.x - em(2)), 0));
    if (ImGui::BeginPopupModal("confirmclose", nullptr,
                               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        wrappedText(tr("De kiosk afsluiten?"), app.fonts().large);
        wrappedText(tr("Alle antwoorden zijn opgeslagen. Leerlingen kunnen na een herstart verder waar ze waren."));
        ImGui::Dummy(em(0, 0.5f));
        if (bigButton(tr("Nee"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (bigButton(tr("Ja, afsluiten"), true, em(10))) {
            logInfo("kiosk closed by the teacher");
            if (app.session()) app.session()->flush(app.now());  // a pupil's session left open: store its last events
            app.quit();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    endScreen();
}

}  // namespace dlk::ui
