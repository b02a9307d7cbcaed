#include "print/class_report_pdf.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>

#include "bank/domain.h"
#include "kiosk/kiosk_core.h"
#include "print/pdf_file.h"
#include "results/privacy_rules.h"
#include "results/report_figures.h"
#include "security/pseudonym.h"
#include "support/translator.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

using namespace print;

constexpr double kMargin = 15 * kMm;
constexpr double kLeft = kMargin;
constexpr double kRight = kPageWidth - kMargin;
constexpr double kWidth = kRight - kLeft;
constexpr double kTop = kMargin + 8;                    // below the running head
constexpr double kBottom = kPageHeight - kMargin - 10;  // above the page number
constexpr double kBarFill = 0.35;                       // bars: dark grey, readable on any printer
constexpr double kMuted = 0.35;                         // secondary text

std::string format(const char* pattern, auto... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, pattern, args...);
    return buf;
}

std::string scoreCell(double raw, double max) {
    if (max <= 0) return "–";
    return formatDouble(raw) + " / " + formatDouble(max);
}

bool english() {
    return Translator::instance().language() == "en";
}

// "N2" ("L2" in English), as the teacher's screen writes a level.
std::string levelTag(int level) {
    return format(tr("N%d"), level);
}

std::string levelName(const ProficiencyLevel& level) {
    return drawable(english() ? level.nameEn : level.nameNl);
}

// How a pupil is named on paper: the code, or the teacher's name for them when asked for.
std::string pupilLabel(const PupilReport& pupil, bool withNames) {
    if (withNames && !pupil.result.displayName.empty()) return drawable(pupil.result.displayName);
    return drawable(pupil.result.code);
}

// Draws pages top to bottom: blocks that do not fit what is left of a page start the next one,
// every page gets the running head and "page X of Y" (a report is laid out twice: once on a
// recording surface to count the pages, then for real). A feedback sheet, one page, has no number.
class Pages {
public:
    static constexpr int kUnnumbered = -1;
    Pages(cairo_t* cr, std::string head, int totalPages) : m_cr(cr), m_head(std::move(head)), m_total(totalPages) {}
    cairo_t* cr() const { return m_cr; }
    double y = kTop;
    int page() const { return m_page; }

    void begin() { startPage(); }
    // Room for `height` points below y, else a new page; returns true when a page was started.
    bool need(double height) {
        if (y + height <= kBottom || y <= kTop + 0.5) return false;
        finishPage();
        startPage();
        return true;
    }
    void finish() { finishPage(); }

    // Wrapped text at y (baseline of the first line at y + size), advancing y; breaks pages between lines.
    void paragraph(const std::string& text, double size, bool bold = false, double grey = 0, double indent = 0) {
        const double lineHeight = size * 1.35;
        const std::vector<std::string> lines = wrapText(m_cr, drawable(text, 2000), kSans, bold, size, kWidth - indent);
        // A paragraph stays on one page when it fits one; a longer one breaks between lines.
        if (lines.size() * lineHeight <= kBottom - kTop) need(lines.size() * lineHeight);
        for (const std::string& line : lines) {
            need(lineHeight);
            useFont(m_cr, kSans, bold, size);
            cairo_set_source_rgb(m_cr, grey, grey, grey);
            showAt(m_cr, kLeft + indent, y + size, line);
            y += lineHeight;
        }
        cairo_set_source_rgb(m_cr, 0, 0, 0);
    }
    void heading(const std::string& text) {
        need(14 + 60);  // a heading never ends a page alone
        y += 6;
        paragraph(text, 13, true);
        y += 2;
    }

private:
    void startPage() {
        ++m_page;
        y = kTop;
        useFont(m_cr, kSans, false, 8);
        cairo_set_source_rgb(m_cr, kMuted, kMuted, kMuted);
        showAt(m_cr, kLeft, kMargin, fit(m_cr, m_head, kSans, false, 8, 6, kWidth * 0.75).text);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
    }
    void finishPage() {
        if (m_total != kUnnumbered) {
            useFont(m_cr, kSans, false, 8);
            cairo_set_source_rgb(m_cr, kMuted, kMuted, kMuted);
            showRight(m_cr, kRight, kPageHeight - kMargin,
                      format(tr("pagina %d van %d"), m_page, std::max(m_total, m_page)));
            cairo_set_source_rgb(m_cr, 0, 0, 0);
        }
        cairo_show_page(m_cr);
    }
    cairo_t* m_cr;
    std::string m_head;
    int m_total;
    int m_page = 0;
};

// A horizontal bar chart of percentages: one row per label, a 0-100 axis with grid lines every 25,
// the value written beside its bar, or the reason there is no bar. Dark grey bars with a black
// outline read the same in colour, in grey and for colour-blind readers.
struct PercentRow {
    std::string label;
    std::optional<int> percent;
    std::string instead;  // shown where there is no bar
};

void percentChart(Pages& p, const std::vector<PercentRow>& rows, const std::string& title) {
    cairo_t* cr = p.cr();
    const double rowH = 20, labelW = 52 * kMm, chartX = kLeft + labelW, chartW = kWidth - labelW - 14 * kMm;
    const double height = 16 + rows.size() * rowH + 14;
    p.need(height);
    useFont(cr, kSans, true, 9.5);
    showAt(cr, kLeft, p.y + 10, fit(cr, drawable(title, 300), kSans, true, 9.5, 7, kWidth).text);
    const double top = p.y + 16, bottom = top + rows.size() * rowH;
    // Grid and axis labels.
    cairo_set_line_width(cr, 0.4);
    useFont(cr, kSans, false, 7.5);
    for (int tick = 0; tick <= 100; tick += 25) {
        const double x = chartX + chartW * tick / 100.0;
        cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x, bottom);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
        showCentred(cr, x, bottom + 9, std::to_string(tick) + "%");
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const double rowTop = top + i * rowH;
        cairo_set_source_rgb(cr, 0, 0, 0);
        const Fitted label = fit(cr, drawable(rows[i].label), kSans, false, 9.5, 7, labelW - 6);
        showAt(cr, kLeft, rowTop + rowH / 2 + 3.5, label.text);
        if (rows[i].percent) {
            const double share = std::clamp(*rows[i].percent, 0, 100) / 100.0;
            const double w = std::max(chartW * share, 0.8);
            cairo_rectangle(cr, chartX, rowTop + 4, w, rowH - 8);
            cairo_set_source_rgb(cr, kBarFill, kBarFill, kBarFill);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
            useFont(cr, kSans, true, 9);
            showAt(cr, chartX + w + 4, rowTop + rowH / 2 + 3, std::to_string(*rows[i].percent) + "%");
        } else {
            // The reason on a white ground, so the grid lines do not run through its words.
            const Fitted instead = fit(cr, drawable(rows[i].instead, 300), kSans, false, 8.5, 6.5, chartW + 12 * kMm);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_rectangle(cr, chartX + 2, rowTop + 3, textWidth(cr, instead.text) + 4, rowH - 6);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
            showAt(cr, chartX + 4, rowTop + rowH / 2 + 3, instead.text);
        }
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    p.y += height;
}

// The level chart's height with its labels, in points.
constexpr double kLevelChartHeight = 42 * kMm + 26 + 26;

// A vertical bar chart of how many pupils are at each level, the count above each bar and the
// level's name below it.
void levelChart(Pages& p, const std::vector<ProficiencyLevel>& levels, const std::vector<int>& counts) {
    cairo_t* cr = p.cr();
    const double chartH = 42 * kMm, labelH = 26, axisW = 10 * kMm;
    p.need(kLevelChartHeight);
    const double top = p.y + 20, base = top + chartH;
    const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
    // The axis in whole pupils, a grid line at a round step.
    const int step = most <= 5 ? 1 : most <= 10 ? 2 : most <= 25 ? 5 : most <= 50 ? 10 : 25 * ((most + 99) / 100);
    const int axisMax = ((most + step - 1) / step) * step;
    const double x0 = kLeft + axisW, chartW = kWidth - axisW;
    cairo_set_line_width(cr, 0.4);
    useFont(cr, kSans, false, 7.5);
    for (int v = 0; v <= axisMax; v += step) {
        const double y = base - chartH * v / axisMax;
        cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x0 + chartW, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
        showRight(cr, x0 - 4, y + 2.5, std::to_string(v));
    }
    // The axis's title, above the numbers.
    showAt(cr, kLeft, top - 9, tr("leerlingen"));
    const double slot = chartW / counts.size();
    const double barW = std::min(slot * 0.6, 30 * kMm);
    for (size_t i = 0; i < counts.size(); ++i) {
        const double cx = x0 + slot * (i + 0.5);
        const double h = chartH * counts[i] / axisMax;
        if (counts[i] > 0) {
            cairo_rectangle(cr, cx - barW / 2, base - h, barW, h);
            cairo_set_source_rgb(cr, kBarFill, kBarFill, kBarFill);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        useFont(cr, kSans, true, 9);
        showCentred(cr, cx, base - h - 3, std::to_string(counts[i]));
        const std::string name = i < levels.size() ? levelName(levels[i]) : "";
        showCentred(cr, cx, base + 11, fit(cr, levelTag(static_cast<int>(i)), kSans, true, 8.5, 6, slot - 4).text);
        cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
        showCentred(cr, cx, base + 21, fit(cr, name, kSans, false, 7.5, 5.5, slot - 4).text);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, x0, base);
    cairo_line_to(cr, x0 + chartW, base);
    cairo_stroke(cr);
    p.y = base + labelH + 4;
}

// The pupils per level in each domain as one small table (four charts would take a page): a row per
// domain whose scale the level table has, a column per level, "n (p%)" in the cells; a domain with
// too few pupils with a level says so across its row.
void domainLevelsTable(Pages& p, const ReportPaper& paper) {
    const ClassReport& report = paper.report;
    std::vector<Domain> shown;
    for (Domain d : kAllDomains) {
        if (domainLevelsShown(report.domainLevels[static_cast<size_t>(d)])) shown.push_back(d);
    }
    if (shown.empty()) return;
    size_t levelCount = 0;
    for (Domain d : shown) levelCount = std::max(levelCount, report.domainLevels[static_cast<size_t>(d)].levels.size());
    if (levelCount == 0) levelCount = paper.levels.size();
    cairo_t* cr = p.cr();
    const double rowH = 14, nameW = kWidth * 0.30;
    const double cellW = levelCount > 0 ? (kWidth - nameW) / static_cast<double>(levelCount) : 0;
    p.need(rowH * (2 + static_cast<double>(shown.size())) + 14);
    p.paragraph(tr("Aantal leerlingen per niveau, per domein"), 9.5, true);
    useFont(cr, kSans, true, 8.5);
    cairo_set_source_rgb(cr, 0, 0, 0);
    showAt(cr, kLeft + 2, p.y + 10, tr("Domein"));
    for (size_t k = 0; k < levelCount; ++k)
        showAt(cr, kLeft + nameW + cellW * static_cast<double>(k) + 2, p.y + 10, levelTag(static_cast<int>(k)));
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, kLeft, p.y + rowH - 1);
    cairo_line_to(cr, kRight, p.y + rowH - 1);
    cairo_stroke(cr);
    p.y += rowH;
    for (Domain d : shown) {
        const LevelDistribution& dist = report.domainLevels[static_cast<size_t>(d)];
        useFont(cr, kSans, false, 8.5);
        showAt(cr, kLeft + 2, p.y + 10, fit(cr, tr(domainNameNl(d)), kSans, false, 8.5, 6, nameW - 4).text);
        if (dist.withheld != Withheld::No) {
            cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
            showAt(cr, kLeft + nameW + 2, p.y + 10,
                   fit(cr, format(tr("niet getoond: %d leerlingen met een niveau"), dist.pupils), kSans, false, 8.5, 6,
                       kWidth - nameW - 4)
                       .text);
            cairo_set_source_rgb(cr, 0, 0, 0);
        } else {
            for (const LevelCount& c : dist.levels)
                showAt(cr, kLeft + nameW + cellW * c.level + 2, p.y + 10,
                       fit(cr, format("%d (%d%%)", c.pupils, c.percent), kSans, false, 8.5, 6, cellW - 4).text);
        }
        p.y += rowH;
    }
    p.paragraph(tr("Per domein telt alleen de vragen van dat domein: de marge is daar groter dan voor de hele toets."),
                8.5, false, kMuted);
}

// The pupils' table, its header repeated on every page it runs onto.
void pupilsTable(Pages& p, const ReportPaper& paper) {
    cairo_t* cr = p.cr();
    const ClassReport& report = paper.report;
    std::vector<std::string> titles = {tr("Leerling"), tr("Status")};
    for (Domain d : kAllDomains) titles.push_back(tr(domainShortNameNl(d)));
    titles.push_back(tr("Totaal"));
    std::vector<double> widths = {0.18, 0.09, 0.115, 0.115, 0.115, 0.115, 0.10};
    if (report.scaled) {
        titles.push_back(tr("Schaalscore"));
        titles.push_back(tr("Niveau"));
        widths.push_back(0.11);
        widths.push_back(0.07);
    }
    double sum = 0;
    for (double w : widths) sum += w;
    for (double& w : widths) w = w / sum * kWidth;
    const double rowH = 14, noteH = 9.5;
    const auto header = [&] {
        useFont(cr, kSans, true, 8.5);
        double x = kLeft;
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (size_t c = 0; c < titles.size(); ++c) {
            showAt(cr, x + 2, p.y + 10, fit(cr, titles[c], kSans, true, 8.5, 6, widths[c] - 4).text);
            x += widths[c];
        }
        cairo_set_line_width(cr, 0.8);
        cairo_move_to(cr, kLeft, p.y + rowH - 1);
        cairo_line_to(cr, kRight, p.y + rowH - 1);
        cairo_stroke(cr);
        p.y += rowH;
    };
    p.need(rowH * 3);
    header();
    for (size_t i = 0; i < report.pupils.size(); ++i) {
        const PupilReport& pupil = report.pupils[i];
        const PupilResult& r = pupil.result;
        std::vector<std::string> cells = {pupilLabel(pupil, paper.withNames), attemptStatusText(r.status)};
        for (Domain d : kAllDomains) {
            const DomainScore& s = r.domains[static_cast<size_t>(d)];
            cells.push_back(scoreCell(s.raw, s.max));
        }
        cells.push_back(scoreCell(r.totalRaw(), r.totalMax()));
        if (report.scaled) {
            cells.push_back(pupil.scale ? format("%.0f ±%.0f", pupil.scale->score, pupil.scale->margin95) : "–");
            cells.push_back(pupil.scale && pupil.scale->level ? levelTag(pupil.scale->level->level) : "–");
        }
        // What the numbers do not say: answers a teacher has yet to score, items that cannot be
        // scored, a scale score that could not be made.
        std::vector<std::string> notes;
        if (r.awaitingTeacher == 1)
            notes.push_back(tr("nog niet beoordeeld: 1 antwoord (telt nog nergens mee)"));
        else if (r.awaitingTeacher > 1)
            notes.push_back(
                format(tr("nog niet beoordeeld: %d antwoorden (tellen nog nergens mee)"), r.awaitingTeacher));
        if (r.unscorable == 1)
            notes.push_back(tr("niet te scoren: 1 vraag"));
        else if (r.unscorable > 1)
            notes.push_back(format(tr("niet te scoren: %d vragen"), r.unscorable));
        if (!pupil.scaleProblem.empty()) notes.push_back(tr("geen schaalscore"));
        std::string note;
        for (const std::string& n : notes) note += (note.empty() ? "" : "; ") + n;
        const double height = rowH + (note.empty() ? 0 : noteH);
        if (p.need(height)) header();
        if (i % 2 == 1) {  // every other row shaded, so the eye stays on the row across the page
            cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
            cairo_rectangle(cr, kLeft, p.y, kWidth, height);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        double x = kLeft;
        for (size_t c = 0; c < cells.size(); ++c) {
            const bool mono = c == 0 && !(paper.withNames && !r.displayName.empty());
            showAt(cr, x + 2, p.y + 10, fit(cr, cells[c], mono ? kMono : kSans, false, 8.5, 6, widths[c] - 4).text);
            x += widths[c];
        }
        if (!note.empty()) {
            cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
            showAt(cr, kLeft + widths[0] + 2, p.y + rowH + 5.5,
                   fit(cr, note, kSans, false, 7, 6, kWidth - widths[0] - 4).text);
            cairo_set_source_rgb(cr, 0, 0, 0);
        }
        p.y += height;
    }
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kLeft, p.y);
    cairo_line_to(cr, kRight, p.y);
    cairo_stroke(cr);
    p.y += 6;
}

void explainLevels(Pages& p, const std::vector<ProficiencyLevel>& levels) {
    // The explanation reads as one block: on the next page when it does not fit what is left.
    const double height = 30 + levels.size() * 32.0 + 30;
    if (height <= kBottom - kTop) p.need(height);
    p.heading(tr("Wat betekenen de niveaus?"));
    for (const ProficiencyLevel& level : levels) {
        std::string title = levelTag(level.level) + " · " + levelName(level);
        if (level.minScore) title += " " + format(tr("(vanaf %.0f)"), *level.minScore);
        p.need(30);
        p.paragraph(title, 9.5, true);
        p.paragraph(levelSentenceForTeacher(level), 9.5, false, 0, 12);
        p.y += 3;
    }
    p.paragraph(tr("De schaalscore is de eigen schaal van dlkiosk (gemiddeld 500, sd 100), nog niet gekoppeld aan "
                   "ICILS. Het getal na ± is de 95%-marge: de echte score ligt waarschijnlijk binnen die marge."),
                8.5, false, kMuted);
}

// The class per kerndoel (the ones its modules had items of) and, in words, where it stands out
// against its own mean (results/class_report.h, Standing).
void kerndoelSection(Pages& p, const ClassReport& report) {
    std::vector<PercentRow> rows;
    std::string stronger, weaker;
    for (int k = 1; k <= kKerndoelCount; ++k) {
        const KerndoelFigure& f = report.kerndoelen[static_cast<size_t>(k)];
        if (f.pupils == 0) continue;
        PercentRow row{std::to_string(k) + " " + tr(kerndoelNameNl(k)), f.percent, ""};
        if (!f.percent)
            row.instead = format(tr("niet getoond: %d leerlingen klaar, cijfers pas vanaf %d"), f.pupils,
                                 kMinGroupWithStatistics);
        rows.push_back(std::move(row));
        std::string& list = f.standing == Standing::Stronger ? stronger : weaker;
        if (f.standing == Standing::Stronger || f.standing == Standing::Weaker)
            list += (list.empty() ? " " : ", ") + std::string(tr(kerndoelNameNl(k)));
    }
    if (rows.empty()) return;
    p.heading(tr("Per kerndoel"));
    percentChart(p, rows, tr("Gemiddeld percentage van de punten per kerndoel (een vraag telt bij elk kerndoel)"));
    if (!stronger.empty()) p.paragraph(tr("Sterke punten van de klas:") + stronger + ".", 9.5);
    if (!weaker.empty()) p.paragraph(tr("Aandachtspunten van de klas:") + weaker + ".", 9.5);
    p.paragraph(format(tr("Sterk punt of aandachtspunt: %d procentpunten of meer boven of onder het gemiddelde van "
                          "de klas over de hele toets, bij minstens %d punten te verdienen."),
                       kStandingMarginPercent, static_cast<int>(kMinPointsForStanding)),
                8.5, false, kMuted);
}

void drawClassReport(Pages& p, const ReportPaper& paper) {
    cairo_t* cr = p.cr();
    const ClassReport& report = paper.report;
    p.begin();
    useFont(cr, kSans, true, 20);
    showAt(cr, kLeft, p.y + 20, tr("Klasrapport"));
    p.y += 28;
    useFont(cr, kSans, true, 14);
    showAt(cr, kLeft, p.y + 14, fit(cr, drawable(paper.className), kSans, true, 14, 9, kWidth).text);
    p.y += 20;
    useFont(cr, kSans, false, 10);
    showAt(cr, kLeft, p.y + 10,
           fit(cr, drawable(paper.schoolName) + " · " + drawable(paper.date), kSans, false, 10, 7, kWidth).text);
    p.y += 16;
    const int pupils = static_cast<int>(report.pupils.size());
    p.paragraph(format(tr("%d leerlingen, van wie %d klaar met alle modules."), pupils, report.finished), 10);
    p.y += 4;

    p.heading(tr("Per domein"));
    const auto& figures = report.domains;
    std::vector<PercentRow> rows;
    for (Domain d : kAllDomains) {
        const DomainFigure& f = figures[static_cast<size_t>(d)];
        PercentRow row{tr(domainNameNl(d)), f.percent, ""};
        if (!f.percent)
            row.instead = format(tr("niet getoond: %d leerlingen klaar, cijfers pas vanaf %d"), f.pupils,
                                 kMinGroupWithStatistics);
        rows.push_back(std::move(row));
    }
    percentChart(p, rows, tr("Gemiddeld percentage van de punten (leerlingen die klaar zijn)"));
    if (std::any_of(figures.begin(), figures.end(), [](const DomainFigure& f) { return !f.percent; }))
        p.paragraph(format(tr("Voor groepen van %d leerlingen of minder geeft dlkiosk geen groepscijfers: zulke "
                              "cijfers zeggen te veel over een enkele leerling."),
                           kMaxGroupWithoutStatistics),
                    8.5, false, kMuted);

    kerndoelSection(p, report);

    p.heading(tr("Niveaus"));
    if (!report.scaled) {
        p.paragraph(tr("De itembank is nog niet gekalibreerd: er zijn nog geen schaalscores en geen niveaus. Die "
                       "volgen na de kalibratie (dlkiosk calibrate)."),
                    9.5);
    } else if (paper.levels.empty()) {
        p.paragraph(
            tr("Er is geen niveautabel voor de schaal van de itembank: er zijn schaalscores, maar geen niveaus."), 9.5);
    } else {
        const LevelDistribution& dist = report.levels;
        if (dist.withheld != Withheld::No || dist.levels.size() != paper.levels.size()) {
            p.paragraph(format(tr("Niet getoond: %d leerlingen met een niveau. Een verdeling volgt vanaf %d "
                                  "leerlingen."),
                               dist.pupils, kMinGroupWithStatistics),
                        9.5);
        } else {
            p.need(kLevelChartHeight + 14);  // the chart's title stays with the chart
            p.paragraph(format(tr("Aantal leerlingen per niveau (%d leerlingen die klaar zijn)"), dist.pupils), 9.5,
                        true);
            std::vector<int> counts;
            for (const LevelCount& c : dist.levels) counts.push_back(c.pupils);
            levelChart(p, paper.levels, counts);
        }
        domainLevelsTable(p, paper);
    }
    if (report.scaled && report.provisional)
        p.paragraph(tr("VOORLOPIG: de vragen zijn nog niet op echte leerlingen gekalibreerd. Gebruik schaalscores en "
                       "niveaus niet voor besluiten."),
                    8.5, true);

    p.heading(tr("Leerlingen"));
    p.paragraph(tr("Ruwe scores per domein: behaalde punten van het maximum van de vragen die de leerling kreeg."), 8.5,
                false, kMuted);
    p.y += 2;
    pupilsTable(p, paper);
    if (!report.unscorable.empty()) {
        for (const UnscorableItem& item : report.unscorable)
            p.paragraph(format(tr("Vraag %s (module %s) kan niet worden gescoord en telt bij geen leerling mee."),
                               drawable(item.itemId).c_str(), drawable(item.moduleId).c_str()),
                        8.5, false, kMuted);
    }
    if (!paper.levels.empty()) explainLevels(p, paper.levels);
    p.finish();
}

// One pupil's page.
void drawFeedbackSheet(Pages& p, const ReportPaper& paper, const PupilReport& pupil) {
    cairo_t* cr = p.cr();
    const PupilResult& r = pupil.result;
    p.begin();
    useFont(cr, kSans, true, 22);
    showAt(cr, kLeft, p.y + 22, tr("Jouw resultaten"));
    p.y += 32;
    const bool named = paper.withNames && !r.displayName.empty();
    showAt(cr, kLeft, p.y + 16,
           fit(cr, pupilLabel(pupil, paper.withNames), named ? kSans : kMono, true, 16, 9, kWidth).text);
    p.y += 22;
    cairo_set_source_rgb(cr, kMuted, kMuted, kMuted);
    showAt(cr, kLeft, p.y + 10,
           fit(cr, drawable(paper.className) + " · " + drawable(paper.schoolName) + " · " + drawable(paper.date), kSans,
               false, 10, 7, kWidth)
               .text);
    cairo_set_source_rgb(cr, 0, 0, 0);
    p.y += 18;
    if (r.status != AttemptStatus::Finished)
        p.paragraph(tr("Je bent nog niet klaar met alle onderdelen. Dit is wat je tot nu toe hebt gedaan."), 10.5);
    if (r.awaitingTeacher == 1)
        p.paragraph(tr("Je leerkracht kijkt nog 1 antwoord na. Dat telt hier nog niet mee."), 10.5);
    else if (r.awaitingTeacher > 1)
        p.paragraph(
            format(tr("Je leerkracht kijkt nog %d antwoorden na. Die tellen hier nog niet mee."), r.awaitingTeacher),
            10.5);

    p.heading(tr("Zo deed je het per onderdeel"));
    std::vector<PercentRow> rows;
    for (Domain d : kAllDomains)
        rows.push_back({tr(domainNameNl(d)), domainPercent(r.domains[static_cast<size_t>(d)]), tr("nog niet gemaakt")});
    percentChart(p, rows, tr("Percentage van je punten"));

    if (pupil.scale && pupil.scale->level) {
        const int level = pupil.scale->level->level;
        p.heading(tr("Jouw niveau"));
        if (level >= 0 && static_cast<size_t>(level) < paper.levels.size()) {
            const ProficiencyLevel& l = paper.levels[static_cast<size_t>(level)];
            p.paragraph(levelName(l), 12, true);
            p.paragraph(levelSentenceForPupil(l), 10.5);
        } else {
            p.paragraph(format(tr("Niveau %d"), level), 12, true);
        }
        if (paper.report.provisional) p.paragraph(tr("Dit niveau is nog voorlopig."), 8.5, false, kMuted);
    }

    p.heading(tr("Wat ging goed, en een tip"));
    for (Domain d : kAllDomains) {
        p.need(56);
        p.paragraph(tr(domainNameNl(d)), 11, true);
        const auto percent = domainPercent(r.domains[static_cast<size_t>(d)]);
        if (!percent) {
            p.paragraph(tr("Dit onderdeel heb je nog niet gemaakt."), 10.5, false, 0, 12);
        } else {
            const DomainAdvice advice = domainAdvice(d, domainBand(*percent));
            p.paragraph(std::string(tr("Dit ging goed:")) + " " + tr(advice.wentWell), 10.5, false, 0, 12);
            p.paragraph(std::string(tr("Tip:")) + " " + tr(advice.suggestion), 10.5, false, 0, 12);
        }
        p.y += 5;
    }
    p.finish();
}

std::string runningHead(const ReportPaper& paper, const char* what) {
    return std::string(what) + " · " + drawable(paper.schoolName) + " · " + drawable(paper.className) + " · " +
           drawable(paper.date);
}

// Lays the document out twice: on a recording surface to count the pages, then into the PDF.
int writeLaidOut(const std::string& path, const std::string& title, const std::string& head,
                 const std::function<void(Pages&)>& layout) {
    int total = 0;
    {
        std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
            cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr), cairo_surface_destroy);
        std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()), cairo_destroy);
        Pages pages(context.get(), head, 0);
        layout(pages);
        total = pages.page();
    }
    writePdfFile(path, title, [&](cairo_t* cr) {
        Pages pages(cr, head, total);
        layout(pages);
    });
    return total;
}

}  // namespace

ReportPaper reportPaper(KioskCore& core, int64_t classId, bool withNames, const std::string& date) {
    ReportPaper paper;
    SchoolStore& school = core.school();
    paper.schoolName = school.schoolName();
    bool found = false;
    for (const ClassInfo& c : school.classes())
        if (c.id == classId) {
            paper.className = c.name;
            found = true;
        }
    if (!found) throw Error(ErrorKind::NotFound, "no class with id " + std::to_string(classId));
    const CalibratedItems* calibration = core.calibration() ? &*core.calibration() : nullptr;
    const LevelTable* levels = core.levels() ? &*core.levels() : nullptr;
    paper.report = buildClassReport(core.db(), core.bank(), classId, calibration, levels);
    attachNames(paper.report, school);
    // The levels of the bank's scale, or of the total scale while there is no calibration, so the
    // report can explain the levels either way.
    const std::string scale = calibration ? calibration->scaleName : std::string("total");
    if (levels && levels->hasScale(scale)) paper.levels = levels->levels(scale);
    paper.date = date;
    paper.withNames = withNames;
    return paper;
}

const PupilReport* findPupil(const ReportPaper& paper, const std::string& typedCode) {
    const std::string wanted = canonicalPupilCode(typedCode);
    if (wanted.empty()) return nullptr;
    for (const PupilReport& p : paper.report.pupils)
        if (!p.result.code.empty() && canonicalPupilCode(p.result.code) == wanted) return &p;
    return nullptr;
}

PrintSummary writeClassReportPdf(const ReportPaper& paper, const std::string& path) {
    const size_t n = paper.report.pupils.size();
    if (n == 0) throw Error(ErrorKind::Invalid, "the class has no pupils: there is no report to print");
    if (n > kMaxReportPupils)
        throw Error(ErrorKind::Invalid, std::to_string(n) + " pupils are more than the " +
                                            std::to_string(kMaxReportPupils) + " a report holds");
    const std::string title = std::string(tr("Klasrapport")) + " " + drawable(paper.className);
    const int pages =
        writeLaidOut(path, title, runningHead(paper, tr("Klasrapport")), [&](Pages& p) { drawClassReport(p, paper); });
    return {static_cast<int>(n), pages};
}

PrintSummary writeFeedbackSheetsPdf(const ReportPaper& paper, const std::string& path, int64_t pupilId) {
    if (paper.report.pupils.size() > kMaxReportPupils)
        throw Error(ErrorKind::Invalid, std::to_string(paper.report.pupils.size()) + " pupils are more than the " +
                                            std::to_string(kMaxReportPupils) + " a report holds");
    std::vector<const PupilReport*> who;
    bool inClass = pupilId == 0;
    for (const PupilReport& p : paper.report.pupils) {
        if (pupilId != 0 && p.result.pupilId != pupilId) continue;
        inClass = true;
        // A pupil who has not started has nothing to read on a sheet yet.
        if (p.result.status != AttemptStatus::NotStarted) who.push_back(&p);
    }
    if (!inClass) throw Error(ErrorKind::NotFound, "the pupil is not in the class " + paper.className);
    if (who.empty())
        throw Error(ErrorKind::Invalid, pupilId != 0 ? "the pupil has not started yet: there is no feedback to print"
                                                     : "no pupil of the class has started yet: there is no "
                                                       "feedback to print");
    const std::string title = std::string(tr("Jouw resultaten")) + " " + drawable(paper.className);
    // A sheet is the pupil's own: its running head names no one else.
    const std::string head = drawable(paper.schoolName) + " · " + drawable(paper.className);
    int pages = 0;
    writePdfFile(path, title, [&](cairo_t* cr) {
        for (const PupilReport* pupil : who) {
            Pages sheet(cr, head, Pages::kUnnumbered);
            drawFeedbackSheet(sheet, paper, *pupil);
            pages += sheet.page();
        }
    });
    return {static_cast<int>(who.size()), pages};
}

}  // namespace dlk
