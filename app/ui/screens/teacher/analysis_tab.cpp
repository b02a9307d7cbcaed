// The class's results at a glance and in detail: per domain and per kerndoel the class's share of
// the points as a bar chart (with the kerndoelen where the class is clearly stronger or weaker than
// overall), the distribution over the levels (a calibrated bank), one pupil's profile over the
// four domains and the kerndoelen, and the item analysis as a table a teacher can sort by p-value. Every bar has its
// words in the accessibility tree ("Mediawijsheid: 62%"), which read-aloud speaks; a figure the
// privacy rule withholds says why. The figures are the class report's (results/); this tab only
// draws them.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bank/domain.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/teacher/fitted_table.h"
#include "ui/screens/teacher/print_report.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/theme.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"

namespace dlk::ui {

namespace {

// A decimal as the teacher's language writes it: 0,25 in Dutch, 0.25 in English.
std::string decimal(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    if (std::string(buf).find_first_of("123456789") == std::string::npos)  // "-0.00" is 0
        std::snprintf(buf, sizeof buf, "%.*f", digits, 0.0);
    std::string s = buf;
    if (Translator::instance().language() != "en") std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string percentText(int percent) {
    return std::to_string(percent) + "%";
}

// One bar of a horizontal bar chart: a label column `labelW` wide, a track from 0 to 100% and the
// figure after it; `mark` (0..100, or below 0 for none) a thin line across the bar, for the class
// beside a pupil. The row's words (`spoken`) are recorded for read-aloud as one chart node.
void barRow(const std::string& label, float labelW, float figureW, std::optional<double> percent,
            const std::string& figure, const std::string& spoken, double mark = -1) {
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float rowH = ImGui::GetTextLineHeight() * 1.5f;
    const float trackW = std::max(em(4), ImGui::GetContentRegionAvail().x - labelW - figureW - em(1.5f));
    const float textY = at.y + (rowH - ImGui::GetTextLineHeight()) / 2;
    if (!label.empty()) dl->AddText(ImVec2(at.x, textY), p.text, label.c_str());
    const ImVec2 track(at.x + labelW + (labelW > 0 ? em(0.5f) : 0.0f), at.y + rowH * 0.15f);
    const ImVec2 trackEnd(track.x + trackW, at.y + rowH * 0.85f);
    dl->AddRectFilled(track, trackEnd, p.surface);
    if (percent) {
        const float w = trackW * static_cast<float>(std::clamp(*percent, 0.0, 100.0) / 100.0);
        dl->AddRectFilled(track, ImVec2(track.x + w, trackEnd.y), p.accent);
    }
    // The outline keeps the track visible in high contrast, where surface and background are one.
    dl->AddRect(track, trackEnd, p.border);
    if (mark >= 0) {
        const float x = track.x + trackW * static_cast<float>(std::clamp(mark, 0.0, 100.0) / 100.0);
        const float t = std::max(2.0f, em(0.15f));
        dl->AddRectFilled(ImVec2(x - t, at.y), ImVec2(x + t, at.y + rowH), p.text);
    }
    dl->AddText(ImVec2(trackEnd.x + em(0.5f), textY), percent ? p.text : p.mutedText, figure.c_str());
    const float width = labelW + em(1) + trackW + figureW;
    ImGui::Dummy(ImVec2(width, rowH));
    a11yRecordArea("chart", spoken, at, ImVec2(at.x + width, at.y + rowH));
}

// The scale under a chart's bars: 0%, 50% and 100% at their places.
void percentAxis(float labelW, float figureW) {
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float trackW = std::max(em(4), ImGui::GetContentRegionAvail().x - labelW - figureW - em(1.5f));
    const float x0 = at.x + labelW + (labelW > 0 ? em(0.5f) : 0.0f);
    for (int pct : {0, 50, 100}) {
        const std::string text = percentText(pct);
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float x = x0 + trackW * static_cast<float>(pct) / 100.0f - (pct == 0 ? 0 : pct == 100 ? w : w / 2);
        dl->AddText(ImVec2(x, at.y), p.mutedText, text.c_str());
    }
    ImGui::Dummy(ImVec2(labelW + trackW, ImGui::GetTextLineHeight()));
}

// The figures' column of a chart: as wide as its widest figure, so that every bar's track has
// the same length and bars compare by their length alone.
float figureColumn(const std::vector<std::string>& figures) {
    float w = em(4);
    for (const std::string& f : figures) w = std::max(w, ImGui::CalcTextSize(f.c_str()).x);
    return w;
}

struct Bar {
    std::string label;
    std::optional<double> percent;  // none: no bar (no figure, or withheld)
    std::string figure;             // after the bar
    std::string spoken;             // for read-aloud
    double mark = -1;               // see barRow
};

// Bars with a common track, then the axis under them.
void barChart(const std::vector<Bar>& bars, float labelW) {
    std::vector<std::string> figures;
    for (const Bar& b : bars) figures.push_back(b.figure);
    const float figureW = figureColumn(figures);
    // Large text in a small window: each label on a line of its own above its bar, so the bars
    // keep a length worth comparing.
    const bool stacked = labelW + figureW + em(10) > ImGui::GetContentRegionAvail().x;
    for (const Bar& b : bars) {
        if (stacked) ImGui::TextUnformatted(b.label.c_str());  // its words are in the bar's node
        barRow(stacked ? std::string() : b.label, stacked ? 0.0f : labelW, figureW, b.percent, b.figure, b.spoken,
               b.mark);
    }
    percentAxis(stacked ? 0.0f : labelW, figureW);
}

float widestKerndoelName(const std::vector<int>& kerndoelen) {
    float w = 0;
    for (int k : kerndoelen) w = std::max(w, ImGui::CalcTextSize(tr(kerndoelNameNl(k))).x);
    return w + em(0.5f);
}

// The word after a kerndoel's figure; empty where it stands as the rest.
const char* standingText(Standing s) {
    switch (s) {
        case Standing::Stronger:
            return tr("sterk punt");
        case Standing::Weaker:
            return tr("aandachtspunt");
        case Standing::AsOverall:
        case Standing::TooFewPoints:
            break;
    }
    return "";
}

// "Sterke punten: Data, Programmeren." (or nothing) for the kerndoelen of one standing.
std::string standingList(const char* intro, const std::vector<int>& kerndoelen) {
    if (kerndoelen.empty()) return {};
    std::string out = intro;
    for (size_t i = 0; i < kerndoelen.size(); ++i)
        out += (i ? ", " : " ") + std::string(tr(kerndoelNameNl(kerndoelen[i])));
    return out + ".";
}

float widestDomainName() {
    float w = 0;
    for (Domain d : kAllDomains) w = std::max(w, ImGui::CalcTextSize(tr(domainNameNl(d))).x);
    return w + em(0.5f);
}

const char* concernText(ItemConcern c) {
    switch (c) {
        case ItemConcern::NegativeItemRest:
            return tr("r negatief");
        case ItemConcern::LowItemRest:
            return tr("r bijna 0");
        case ItemConcern::DistractorBeatsKey:
            return tr("sterken kozen fout");
    }
    return "";
}

// A DIF table's grouping variable in the teacher's words; the file's own word for another one.
std::string difGroupName(const std::string& group) {
    if (group == "language" || group == "taal") return tr("taal");
    if (group == "gender" || group == "geslacht") return tr("geslacht");
    if (group == "grade" || group == "leerjaar") return tr("leerjaar");
    return group;
}

// "DIF (taal): C": the flag in the item table's last column.
std::string difFlagText(const BankDifRow& row) {
    char buf[300];
    std::snprintf(buf, sizeof buf, tr("DIF (%s): %s"), difGroupName(row.group).c_str(),
                  row.ets ? etsClassName(*row.ets) : "-");
    return buf;
}

// What the flag means for this item, in a sentence that read-aloud speaks and the tooltip shows.
std::string difExplanation(const BankDifRow& row, const std::string& itemId) {
    const char* size = row.ets == EtsClass::C ? tr("groot verschil") : tr("matig verschil");
    const int dir = row.harderForFocal();
    char buf[600];
    if (dir != 0 && !row.reference.empty() && !row.focal.empty()) {
        const std::string& harder = dir > 0 ? row.focal : row.reference;
        const std::string& easier = dir > 0 ? row.reference : row.focal;
        std::snprintf(buf, sizeof buf,
                      tr("In de proefmeting was deze vraag bij gelijke vaardigheid moeilijker voor '%s' dan voor "
                         "'%s' (%s)."),
                      harder.c_str(), easier.c_str(), size);
    } else {
        std::snprintf(buf, sizeof buf,
                      tr("In de proefmeting werkte deze vraag bij gelijke vaardigheid anders voor de groepen van %s "
                         "(%s)."),
                      difGroupName(row.group).c_str(), size);
    }
    // A rubric criterion's own row: say which part of the task it is about.
    return row.unitId != itemId ? row.unitId + ": " + buf : std::string(buf);
}

class AnalysisTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override;
    void showDemo(App& app) override {
        (void)app;
        m_pupil = 0;  // a pupil's profile, worth a look in a screenshot
    }

private:
    void domainChart(App& app, const ClassReport& report);
    void kerndoelChart(App& app, const ClassReport& report);
    void comparisonChart(App& app, const TeacherTabContext& context);
    void levelChart(App& app, const ClassReport& report);
    void pupilProfile(App& app, const ClassInfo& shownClass, const ClassReport& report,
                      const RoundComparison* comparison);
    void itemTable(App& app, const ClassReport& report);

    int m_pupil = -1;  // index into the report's pupils; -1: none chosen
    // The last feedback sheet saved from the profile: for whom, and where it went or why not.
    int64_t m_sheetPupil = 0;
    std::string m_sheetResult;
    bool m_sheetFailed = false;
    bool m_byPValue = false;
};

void heading(App& app, const char* text) {
    ImGui::Dummy(em(0, 0.4f));
    wrappedText(text, app.fonts().bold);
}

void AnalysisTab::draw(App& app, TeacherTabContext& context) {
    const ClassReport& report = context.report;
    // One scrolling page: the charts first (the overview), the item table below (the details).
    // With large text in a small window the tab buttons take most of the room: the page is then
    // as high as the window, and the screen's own scrolling brings it into view.
    const float avail = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("analysis", ImVec2(0, avail >= em(12) ? avail : ImGui::GetWindowHeight() - em(1)), false,
                      ImGuiWindowFlags_NavFlattened);  // one Tab order with the screen
    domainChart(app, report);
    kerndoelChart(app, report);
    comparisonChart(app, context);
    levelChart(app, report);
    pupilProfile(app, context.cls, report, context.comparison);
    itemTable(app, report);
    ImGui::EndChild();
}

void AnalysisTab::domainChart(App& app, const ClassReport& report) {
    const Palette& p = palette();
    wrappedText(tr("De klas per domein"), app.fonts().bold);
    wrappedText(tr("Gemiddeld deel van de punten van de leerlingen die klaar zijn, per domein."), nullptr, p.mutedText);
    bool withheld = false;
    std::vector<Bar> bars;
    for (const DomainFigure& d : report.domains) {
        const char* name = tr(domainNameNl(d.domain));
        std::string figure, spoken;
        if (d.percent) {
            figure = percentText(*d.percent);
            spoken = std::string(name) + ": " + figure;
        } else if (d.pupils == 0) {
            figure = tr("geen vragen");
            spoken = std::string(name) + ": " + figure;
        } else {
            withheld = true;
            figure = tr("te weinig leerlingen");
            char buf[200];
            std::snprintf(buf, sizeof buf, tr("%s: geen cijfer, %d leerlingen klaar; het volgt vanaf %d"), name,
                          d.pupils, kMinGroupWithStatistics);
            spoken = buf;
        }
        bars.push_back({name, d.percent ? std::optional<double>(*d.percent) : std::nullopt, figure, spoken});
    }
    barChart(bars, widestDomainName());
    if (withheld) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      tr("Een domein met %d leerlingen of minder krijgt geen cijfer: zo is niet te herleiden "
                         "wie wat scoorde."),
                      kMaxGroupWithoutStatistics);
        wrappedText(buf, nullptr, p.mutedText);
    }
}

void AnalysisTab::kerndoelChart(App& app, const ClassReport& report) {
    const Palette& p = palette();
    std::vector<int> shown;  // the kerndoelen the finished pupils had items of
    for (int k = 1; k <= kKerndoelCount; ++k)
        if (report.kerndoelen[static_cast<size_t>(k)].pupils > 0) shown.push_back(k);
    if (shown.empty()) return;
    heading(app, tr("De klas per kerndoel"));
    char intro[400];
    std::snprintf(intro, sizeof intro,
                  tr("Gemiddeld deel van de punten per kerndoel (een vraag telt bij elk van haar kerndoelen). "
                     "Sterk punt of aandachtspunt: %d procentpunten of meer boven of onder het gemiddelde van de "
                     "klas over de hele toets."),
                  kStandingMarginPercent);
    wrappedText(intro, nullptr, p.mutedText);
    bool withheld = false;
    std::vector<int> stronger, weaker;
    std::vector<Bar> bars;
    for (int k : shown) {
        const KerndoelFigure& f = report.kerndoelen[static_cast<size_t>(k)];
        const char* name = tr(kerndoelNameNl(k));
        std::string figure;
        if (f.percent) {
            figure = percentText(*f.percent);
            if (const char* word = standingText(f.standing); *word) figure += std::string(" · ") + word;
            if (f.standing == Standing::Stronger) stronger.push_back(k);
            if (f.standing == Standing::Weaker) weaker.push_back(k);
        } else {
            withheld = true;
            figure = tr("te weinig leerlingen");
        }
        bars.push_back({name, f.percent ? std::optional<double>(*f.percent) : std::nullopt, figure,
                        std::string(name) + ": " + figure, report.meanPercent ? *report.meanPercent : -1.0});
    }
    barChart(bars, widestKerndoelName(shown));
    if (report.meanPercent) {
        char buf[200];
        std::snprintf(buf, sizeof buf, tr("De streep is het gemiddelde van de klas over de hele toets: %d%%."),
                      *report.meanPercent);
        wrappedText(buf, nullptr, p.mutedText);
    }
    for (const std::string& line : {standingList(tr("Sterke punten van de klas:"), stronger),
                                    standingList(tr("Aandachtspunten van de klas:"), weaker)})
        if (!line.empty()) wrappedText(line.c_str());
    if (withheld) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      tr("Een kerndoel met %d leerlingen of minder krijgt geen cijfer: zo is niet te herleiden "
                         "wie wat scoorde."),
                      kMaxGroupWithoutStatistics);
        wrappedText(buf, nullptr, p.mutedText);
    }
}

// The pupils per level of one scale's distribution as bars, or why there are none to show.
void levelBars(const LevelDistribution& dist) {
    const Palette& p = palette();
    if (dist.withheld == Withheld::SmallGroup) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      tr("%d leerlingen hebben een niveau. De verdeling over de niveaus volgt vanaf %d leerlingen."),
                      dist.pupils, kMinGroupWithStatistics);
        wrappedText(buf, nullptr, p.mutedText);
        return;
    }
    char intro[200];
    std::snprintf(intro, sizeof intro, tr("Aantal leerlingen per niveau, van %d leerlingen met een schaalscore."),
                  dist.pupils);
    wrappedText(intro, nullptr, p.mutedText);
    std::vector<Bar> bars;
    for (const LevelCount& level : dist.levels) {
        const std::string name = "N" + std::to_string(level.level);
        char figure[100];
        std::snprintf(figure, sizeof figure, level.pupils == 1 ? tr("%d leerling (%d%%)") : tr("%d leerlingen (%d%%)"),
                      level.pupils, level.percent);
        bars.push_back({name, level.percent, figure, name + ": " + figure});
    }
    barChart(bars, ImGui::CalcTextSize("N00").x + em(0.5f));
}

bool hasLevels(const LevelDistribution& dist) {
    return dist.withheld != Withheld::No || !dist.levels.empty();  // else no level table for the scale
}

void AnalysisTab::levelChart(App& app, const ClassReport& report) {
    const Palette& p = palette();
    if (!report.scaled) return;  // no scale scores, so no levels
    if (hasLevels(report.levels)) {
        heading(app, tr("Niveaus (de hele toets)"));
        if (report.provisional)
            wrappedText(tr("VOORLOPIG: de vragen zijn nog niet op echte leerlingen gekalibreerd."), nullptr, p.warning);
        levelBars(report.levels);
    }
    const bool anyDomain = std::any_of(report.domainLevels.begin(), report.domainLevels.end(), domainLevelsShown);
    if (!anyDomain) return;
    heading(app, tr("Niveaus per domein"));
    wrappedText(tr("De schaalscore per domein komt uit de vragen van dat domein alleen: met minder vragen is de "
                   "marge groter dan voor de hele toets."),
                nullptr, p.mutedText);
    for (Domain d : kAllDomains) {
        const LevelDistribution& dist = report.domainLevels[static_cast<size_t>(d)];
        if (!domainLevelsShown(dist)) continue;
        wrappedText(tr(domainNameNl(d)), app.fonts().bold);
        levelBars(dist);
    }
}

void AnalysisTab::comparisonChart(App& app, const TeacherTabContext& context) {
    if (!context.comparison) return;
    const RoundComparison& c = *context.comparison;
    const Palette& p = palette();
    heading(app, tr("Vergelijking met de vorige meting"));
    char line[400];
    std::snprintf(line, sizeof line,
                  tr("De vorige meting staat in %s. De balk is nu, de streep de vorige meting. Het deel van de punten "
                     "hangt ook af van de modules die een leerling kreeg; de schaalscore niet."),
                  context.earlierName.c_str());
    wrappedText(line, nullptr, p.mutedText);
    std::vector<Bar> bars;
    const auto figure = [](const RoundFigure& f) {
        std::string now = f.now ? percentText(*f.now) : std::string(tr("geen cijfer"));
        std::string then = f.then ? percentText(*f.then) : std::string(tr("geen cijfer"));
        char buf[200];
        std::snprintf(buf, sizeof buf, tr("%s (was %s)"), now.c_str(), then.c_str());
        return std::string(buf);
    };
    const auto bar = [&](const char* name, const RoundFigure& f) {
        char spoken[300];
        std::snprintf(spoken, sizeof spoken, tr("%s: nu %s, vorige meting %s"), name,
                      f.now ? percentText(*f.now).c_str() : tr("geen cijfer"),
                      f.then ? percentText(*f.then).c_str() : tr("geen cijfer"));
        bars.push_back(
            {name, f.now ? std::optional<double>(*f.now) : std::nullopt, figure(f), spoken, f.then ? *f.then : -1.0});
    };
    bar(tr("Hele toets"), c.overall);
    for (Domain d : kAllDomains) bar(tr(domainNameNl(d)), c.domains[static_cast<size_t>(d)]);
    barChart(bars, std::max(widestDomainName(), ImGui::CalcTextSize(tr("Hele toets")).x + em(0.5f)));
    if (c.scaleThen && c.scaleNow) {
        std::snprintf(line, sizeof line, tr("Gemiddelde schaalscore: nu %.0f, vorige meting %.0f."), *c.scaleNow,
                      *c.scaleThen);
        wrappedText(line);
    }
    if (c.higher && c.same && c.lower) {
        std::snprintf(line, sizeof line,
                      tr("Van de %d leerlingen met een schaalscore in beide metingen gingen er %d vooruit, bleven er "
                         "%d gelijk (binnen de marge) en gingen er %d achteruit."),
                      c.pupilsCompared, *c.higher, *c.same, *c.lower);
        wrappedText(line);
    } else if (c.pupilsCompared > 0) {
        std::snprintf(line, sizeof line,
                      tr("%d leerlingen hebben een schaalscore in beide metingen. Hoeveel er vooruit of achteruit "
                         "gingen, volgt vanaf %d leerlingen."),
                      c.pupilsCompared, kMinGroupWithStatistics);
        wrappedText(line, nullptr, p.mutedText);
    }
}

// One pupil against their earlier round: on the scale, with the margin that says whether it is a change.
std::string pupilChangeText(const PupilChange& c) {
    if (!c.then || !c.now) return tr("Vorige meting: geen schaalscore in beide metingen om te vergelijken.");
    const char* verdict = c.change == Change::Higher  ? tr("vooruit, meer dan de marge")
                          : c.change == Change::Lower ? tr("achteruit, meer dan de marge")
                                                      : tr("binnen de marge: geen duidelijk verschil");
    char buf[300];
    std::snprintf(buf, sizeof buf, tr("Schaalscore nu %.0f ±%.0f, vorige meting %.0f ±%.0f: %s."), c.now->score,
                  c.now->margin95, c.then->score, c.then->margin95, verdict);
    return buf;
}

void AnalysisTab::pupilProfile(App& app, const ClassInfo& shownClass, const ClassReport& report,
                               const RoundComparison* comparison) {
    const Palette& p = palette();
    heading(app, tr("Profiel van een leerling"));
    if (report.pupils.empty()) {
        wrappedText(tr("Deze klas heeft nog geen leerlingen."), nullptr, p.mutedText);
        return;
    }
    const int count = static_cast<int>(report.pupils.size());
    if (m_pupil >= count) m_pupil = count - 1;
    // Previous and next rather than a list: reachable with Tab and Enter, and as easy with 30 pupils.
    if (bigButton(tr("Vorige leerling"), false, 0, m_pupil > 0)) --m_pupil;
    ImGui::SameLine();
    if (bigButton(tr("Volgende leerling"), false, 0, m_pupil + 1 < count)) ++m_pupil;
    if (m_pupil < 0) {
        wrappedText(tr("Kies een leerling met Volgende leerling."), nullptr, p.mutedText);
        return;
    }
    const PupilReport& pupil = report.pupils[static_cast<size_t>(m_pupil)];
    wrappedText(pupil.name(), app.fonts().bold);
    if (bigButton(tr("Feedbackblad van deze leerling (PDF)"), false)) {
        m_sheetResult = saveOneFeedbackSheet(app, shownClass, pupil.result.pupilId, pupil.result.code, m_sheetFailed);
        m_sheetPupil = pupil.result.pupilId;
    }
    if (m_sheetPupil == pupil.result.pupilId && !m_sheetResult.empty())
        wrappedText(m_sheetResult, nullptr, m_sheetFailed ? p.danger : p.mutedText);
    if (const PupilChange* change = comparison ? comparison->find(pupil.result.pupilId) : nullptr)
        wrappedText(pupilChangeText(*change));
    if (pupil.result.totalMax() <= 0) {
        wrappedText(tr("Deze leerling heeft nog geen gescoorde vragen."), nullptr, p.mutedText);
        return;
    }
    wrappedText(tr("Deel van de punten per domein; de streep is de klas."), nullptr, p.mutedText);
    std::vector<Bar> bars;
    for (Domain d : kAllDomains) {
        const char* name = tr(domainNameNl(d));
        const std::optional<int> own = domainPercent(pupil.result.domains[static_cast<size_t>(d)]);
        const DomainFigure& cls = report.domains[static_cast<size_t>(d)];
        std::string figure = own ? percentText(*own) : std::string(tr("geen vragen"));
        std::string spoken = std::string(name) + ": " + figure;
        if (own && cls.percent) {
            char buf[64];
            std::snprintf(buf, sizeof buf, tr(" (klas %d%%)"), *cls.percent);
            spoken += buf;
        }
        bars.push_back({name, own ? std::optional<double>(*own) : std::nullopt, figure, spoken,
                        own && cls.percent ? *cls.percent : -1.0});
    }
    barChart(bars, widestDomainName());
    // The pupil's scale score per domain, with its margin and level, where the domain has items with parameters.
    for (Domain d : kAllDomains) {
        const std::optional<ScaleScore>& scale = pupil.domainScales[static_cast<size_t>(d)];
        if (!scale) continue;
        char line[300];
        if (scale->level)
            std::snprintf(line, sizeof line, tr("%s: schaalscore %.0f ±%.0f, niveau %d"), tr(domainNameNl(d)),
                          scale->score, scale->margin95, scale->level->level);
        else
            std::snprintf(line, sizeof line, tr("%s: schaalscore %.0f ±%.0f"), tr(domainNameNl(d)), scale->score,
                          scale->margin95);
        wrappedText(line);
    }

    // The kerndoelen this pupil had items of, against the pupil's own share of all points.
    std::vector<int> shown, stronger, weaker;
    for (int k = 1; k <= kKerndoelCount; ++k)
        if (pupil.result.kerndoelen[static_cast<size_t>(k)].max > 0) shown.push_back(k);
    if (shown.empty()) return;
    char intro[300];
    std::snprintf(intro, sizeof intro,
                  tr("Per kerndoel; de streep is de klas. Een kerndoel met minder dan %d punten te verdienen "
                     "zegt te weinig voor een sterk punt of aandachtspunt."),
                  static_cast<int>(kMinPointsForStanding));
    wrappedText(intro, nullptr, p.mutedText);
    bars.clear();
    for (int k : shown) {
        const char* name = tr(kerndoelNameNl(k));
        const DomainScore& score = pupil.result.kerndoelen[static_cast<size_t>(k)];
        const int own = *domainPercent(score);
        const Standing standing = pupilStanding(pupil.result, k);
        if (standing == Standing::Stronger) stronger.push_back(k);
        if (standing == Standing::Weaker) weaker.push_back(k);
        std::string figure = percentText(own);
        if (const char* word = standingText(standing); *word) figure += std::string(" · ") + word;
        const KerndoelFigure& cls = report.kerndoelen[static_cast<size_t>(k)];
        std::string spoken = std::string(name) + ": " + figure;
        if (cls.percent) {
            char buf[64];
            std::snprintf(buf, sizeof buf, tr(" (klas %d%%)"), *cls.percent);
            spoken += buf;
        }
        bars.push_back({name, static_cast<double>(own), figure, spoken, cls.percent ? *cls.percent : -1.0});
    }
    barChart(bars, widestKerndoelName(shown));
    for (const std::string& line :
         {standingList(tr("Sterke punten:"), stronger), standingList(tr("Aandachtspunten:"), weaker)})
        if (!line.empty()) wrappedText(line.c_str());
}

void AnalysisTab::itemTable(App& app, const ClassReport& report) {
    const Palette& p = palette();
    heading(app, tr("Vraaganalyse"));
    wrappedText(
        tr("p: deel van de punten dat de klas op de vraag haalde (laag is moeilijk). r: hoe goed de vraag "
           "samengaat met de rest van de module (onder 0,10: bekijk de vraag). Keuzes: hoe vaak elk "
           "antwoord gekozen is; * is het goede. Let op: r negatief of bijna 0: de vraag past slecht bij de rest; "
           "sterken kozen fout: de beste helft van de klas koos vaker een fout antwoord dan het goede (klopt "
           "de sleutel?). r is – als iedereen dezelfde score had."),
        nullptr, p.mutedText);
    if (report.items.empty()) {
        wrappedText(tr("Nog geen vragen gescoord van leerlingen die klaar zijn."), nullptr, p.mutedText);
        return;
    }
    if (bigButton(tr("Volgorde van de module"), !m_byPValue)) m_byPValue = false;
    ImGui::SameLine();
    if (bigButton(tr("Op p-waarde, moeilijkste eerst"), m_byPValue)) m_byPValue = true;

    std::vector<const ItemAnalysis*> items;
    for (const ItemAnalysis& a : report.items) items.push_back(&a);
    if (m_byPValue)  // withheld items (no p-value) last, each group in the module's order
        std::stable_sort(items.begin(), items.end(), [](const ItemAnalysis* a, const ItemAnalysis* b) {
            if (a->pValue.has_value() != b->pValue.has_value()) return a->pValue.has_value();
            return a->pValue && *a->pValue < *b->pValue;
        });

    // No module column: the titles name their module ("Robot 3: ..."), and the table's width goes
    // to the choices; the module and item identifier are in the title's tooltip. What to look at
    // (a weak r, a distractor the strong chose, the bank's DIF flag) is a line under the title, in
    // the first column: that column stays in view when a narrow window or large text makes the
    // table scroll sideways, where a last column would be out of sight and out of the keyboard's reach.
    std::vector<const char*> headers = {tr("Vraag"), tr("Domein"), tr("n"), tr("p"), tr("r"), tr("Keuzes")};
    FittedTable fit(headers, app.fonts().bold, em(8));
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> notes;  // per row: "Let op: ...", or empty
    bool anyWithheld = false;
    bool anyDif = false;
    for (const ItemAnalysis* a : items) {
        std::vector<std::string> row = {a->title.empty() ? a->itemId : a->title, tr(domainShortNameNl(a->domain)),
                                        std::to_string(a->pupils)};
        std::string note;
        if (a->withheld == Withheld::SmallGroup) {
            anyWithheld = true;
            row.insert(row.end(), {"–", "–", tr("te weinig leerlingen")});
        } else {
            row.push_back(a->pValue ? decimal(*a->pValue, 2) : "–");
            row.push_back(a->itemRest ? decimal(*a->itemRest, 2) : "–");
            std::string choices;
            for (const OptionCount& o : a->options) {
                if (!choices.empty()) choices += " · ";
                choices += o.identifier + (o.key ? "* " : " ") + std::to_string(o.chosen);
            }
            if (a->choice) choices += std::string(" · ") + tr("leeg") + " " + std::to_string(a->noAnswer);
            row.push_back(choices.empty() ? "–" : choices);
            for (ItemConcern c : a->concerns) note += (note.empty() ? "" : "; ") + std::string(concernText(c));
        }
        // The bank's DIF flags are the calibration sample's, not the class's: shown also when withheld.
        for (const BankDifRow& d : a->dif) {
            anyDif = true;
            note += (note.empty() ? "" : "; ") + difFlagText(d);
        }
        if (!note.empty()) note = std::string(tr("Let op")) + ": " + note;
        for (size_t c = 0; c < row.size(); ++c) fit.measure(c, row[c]);  // a note wraps in its column
        rows.push_back(std::move(row));
        notes.push_back(std::move(note));
    }
    if (anyWithheld) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      tr("Een vraag die %d leerlingen of minder maakten, krijgt geen cijfers: zo is niet te herleiden "
                         "wie wat antwoordde."),
                      kMaxGroupWithoutStatistics);
        wrappedText(buf, nullptr, p.mutedText);
    }
    if (anyDif)
        wrappedText(tr("DIF: in de proefmeting waarmee de vragen geijkt zijn, werkte de vraag bij gelijke vaardigheid "
                       "anders voor twee groepen leerlingen, bijvoorbeeld met de Nederlandse en de Engelse versie. C: "
                       "groot verschil, B: matig. Bekijk de vraag en de vertaling. Het gaat over de proefmeting, niet "
                       "over je klas."),
                    nullptr, p.mutedText);
    // As high as its rows: the page scrolls, not the table inside it.
    if (!fit.begin("items", 0)) return;
    fit.headerRow();
    for (size_t i = 0; i < rows.size(); ++i) {
        ImGui::TableNextRow();
        for (size_t c = 0; c < rows[i].size(); ++c) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rows[i][c].c_str());
            a11yRecord("cell", rows[i][c]);
            if (c == 0 && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s / %s", rows[i][0].c_str(), items[i]->moduleId.c_str(),
                                  items[i]->itemId.c_str());  // the whole title, where the column cuts it
            if (c != 0 || notes[i].empty()) continue;
            // The note under the title, wrapped at the column's edge. A DIF flag's meaning is read
            // aloud with it and shown as its tooltip.
            ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(notes[i].c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            std::string spoken = notes[i], shown;
            for (const BankDifRow& d : items[i]->dif) {
                const std::string why = difExplanation(d, items[i]->itemId);
                spoken += (shown.empty() ? ". " : " ") + why;
                shown += (shown.empty() ? "" : "\n") + why;
            }
            a11yRecord("cell", spoken);
            if (!shown.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shown.c_str());
        }
    }
    fit.end();
}

}  // namespace

std::unique_ptr<TeacherTab> makeAnalysisTab() {
    return std::make_unique<AnalysisTab>();
}

}  // namespace dlk::ui
