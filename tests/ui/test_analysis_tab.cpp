// The teacher's Analyse tab: every bar of its charts says its figure in words for read-aloud
// ("Mediawijsheid: 62%"), the same figures as the class report; a pupil's profile; the item table
// and its order by p-value; and for a class of 5 finished pupils no figure, with why.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bank/domain.h"
#include "results/class_report.h"
#include "results/round_comparison.h"
#include "ui/screens/teacher/print_cards.h"
#include "ui_harness.h"

using dlk::test::UiHarness;

namespace {

// A class of `pupils` simulated pupils who all finish, instead of the harness's demo class.
UiHarness& withClass(UiHarness& h, int pupils) {
    dlk::DemoOptions demo;
    demo.pupils = pupils;
    demo.pin = "246813";
    demo.finishedShare = 1.0;
    h.classInfo =
        dlk::makeDemoSchool(h.core->school(), h.core->db(), h.core->bank(), h.core->sessionDesign(), demo, h.clockMs);
    h.core->school().lock();
    h.core->loadLevels(std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv");  // as the kiosk does
    h.startApp();  // the kiosk as started on a school that is set up
    h.frames(2);
    return h;
}

// The report the screen shows, computed here the same way for the expected figures.
dlk::ClassReport reportOf(UiHarness& h) {
    const auto cls = h.core->school().classes().front();
    dlk::ClassReport report = dlk::buildClassReport(h.core->db(), h.core->bank(), cls.id, &*h.core->calibration(),
                                                    h.core->levels() ? &*h.core->levels() : nullptr);
    REQUIRE(h.core->school().checkPin("246813", h.clockMs).result == dlk::PinCheck::Ok);
    dlk::attachNames(report, h.core->school());
    h.core->school().lock();
    return report;
}

void openAnalysis(UiHarness& h) {
    h.openTeacherScreen();
    h.click("Analyse", "button");
}

// Scrolls the tab's page (mouse wheel over it) until `label` is inside the window, as a teacher
// scrolls to the item table.
void scrollTo(UiHarness& h, const std::string& label, float windowHeight) {
    REQUIRE(ImGui::GetIO().DisplaySize.y == windowHeight);
    h.scrollTo(label, nullptr, ImVec2(900, 500));
}

// What a kerndoel's bar says after its figure.
std::string standingWord(dlk::Standing s) {
    if (s == dlk::Standing::Stronger) return " · sterk punt";
    if (s == dlk::Standing::Weaker) return " · aandachtspunt";
    return "";
}

std::string pText(double p) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", p);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

}  // namespace

TEST_CASE("analysis tab: every bar read aloud with its figure - the profile - the item table sorted by p-value") {
    UiHarness h(false);
    withClass(h, 20);
    const dlk::ClassReport report = reportOf(h);
    REQUIRE(report.finished == 20);
    openAnalysis(h);
    CHECK(h.has("De klas per domein"));
    // One chart node per domain, worded as read-aloud says it, with the report's figure.
    for (const dlk::DomainFigure& d : report.domains) {
        const std::string name = dlk::domainNameNl(d.domain);
        CAPTURE(name);
        if (d.percent)
            CHECK(h.has(name + ": " + std::to_string(*d.percent) + "%", "chart"));
        else
            CHECK(h.has(name + ": geen vragen", "chart"));
    }
    // The levels: every level of the scale, with its count and share.
    REQUIRE(report.levels.withheld == dlk::Withheld::No);
    REQUIRE_FALSE(report.levels.levels.empty());
    for (const dlk::LevelCount& l : report.levels.levels) {
        char spoken[100];
        std::snprintf(spoken, sizeof spoken, l.pupils == 1 ? "N%d: %d leerling (%d%%)" : "N%d: %d leerlingen (%d%%)",
                      l.level, l.pupils, l.percent);
        CHECK(h.has(spoken, "chart"));
    }
    // And per domain, from the pupils' domain scale scores: each domain the demo's modules cover,
    // every level with its count.
    CHECK(h.has("Niveaus per domein"));
    int domainsWithLevels = 0;
    for (dlk::Domain d : dlk::kAllDomains) {
        const dlk::LevelDistribution& dist = report.domainLevels[static_cast<size_t>(d)];
        if (dist.pupils == 0) continue;
        ++domainsWithLevels;
        REQUIRE(dist.withheld == dlk::Withheld::No);
        int sum = 0;
        for (const dlk::LevelCount& l : dist.levels) {
            char spoken[100];
            std::snprintf(spoken, sizeof spoken,
                          l.pupils == 1 ? "N%d: %d leerling (%d%%)" : "N%d: %d leerlingen (%d%%)", l.level, l.pupils,
                          l.percent);
            CHECK(h.has(spoken, "chart"));
            sum += l.pupils;
        }
        CHECK(sum == dist.pupils);
    }
    CHECK(domainsWithLevels == 4);
    // Per kerndoel: one chart node for each kerndoel the class had items of, with the class's
    // figure and, where the class stands out against its own mean, the word for it.
    CHECK(h.has("De klas per kerndoel"));
    int kerndoelBars = 0;
    for (int k = 1; k <= dlk::kKerndoelCount; ++k) {
        const dlk::KerndoelFigure& f = report.kerndoelen[static_cast<size_t>(k)];
        const std::string name = dlk::kerndoelNameNl(k);
        CAPTURE(name);
        if (f.pupils == 0) continue;
        REQUIRE(f.percent);
        ++kerndoelBars;
        CHECK(h.has(name + ": " + std::to_string(*f.percent) + "%" + standingWord(f.standing), "chart"));
    }
    CHECK(kerndoelBars >= 5);  // the demo's modules touch most kerndoelen

    // The bars stay inside the window.
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "chart") CHECK(n.max.x <= 1366);

    // A pupil's profile: their share per domain beside the class's.
    CHECK(h.has("Kies een leerling met Volgende leerling."));
    scrollTo(h, "Volgende leerling", 768);
    h.click("Volgende leerling", "button");
    const dlk::PupilReport& first = report.pupils.front();
    CHECK(h.has(first.name()));
    for (dlk::Domain d : dlk::kAllDomains) {
        const auto own = dlk::domainPercent(first.result.domains[static_cast<size_t>(d)]);
        const auto& cls = report.domains[static_cast<size_t>(d)];
        std::string spoken = std::string(dlk::domainNameNl(d)) + ": ";
        if (!own)
            spoken += "geen vragen";
        else if (cls.percent)
            spoken += std::to_string(*own) + "% (klas " + std::to_string(*cls.percent) + "%)";
        else
            spoken += std::to_string(*own) + "%";
        CAPTURE(spoken);
        CHECK(h.has(spoken, "chart"));
    }
    // The pupil's scale score per domain, with its margin and level.
    for (dlk::Domain d : dlk::kAllDomains) {
        const auto& scale = first.domainScales[static_cast<size_t>(d)];
        if (!scale) continue;
        REQUIRE(scale->level);
        char line[200];
        std::snprintf(line, sizeof line, "%s: schaalscore %.0f ±%.0f, niveau %d", dlk::domainNameNl(d), scale->score,
                      scale->margin95, scale->level->level);
        CHECK(h.has(line));
    }
    // The same pupil per kerndoel, against their own share overall, with the class beside.
    for (int k = 1; k <= dlk::kKerndoelCount; ++k) {
        const dlk::DomainScore& score = first.result.kerndoelen[static_cast<size_t>(k)];
        if (score.max <= 0) continue;
        const auto& cls = report.kerndoelen[static_cast<size_t>(k)];
        std::string spoken = std::string(dlk::kerndoelNameNl(k)) + ": " + std::to_string(*dlk::domainPercent(score)) +
                             "%" + standingWord(dlk::pupilStanding(first.result, k));
        if (cls.percent) spoken += " (klas " + std::to_string(*cls.percent) + "%)";
        CAPTURE(spoken);
        CHECK(h.has(spoken, "chart"));
    }
    // The pupil's own feedback sheet, from here, to the default print folder.
    scrollTo(h, "Feedbackblad van deze leerling (PDF)", 768);
    h.click("Feedbackblad van deze leerling (PDF)", "button");
    const std::string sheet = dlk::ui::defaultPrintFolder(h.core->dataDir()) + "/feedback-" + h.classInfo.className +
                              "-" + first.result.code + ".pdf";
    CHECK(std::filesystem::file_size(sheet) > 1000);
    CHECK(h.has("Opgeslagen: " + sheet));
    h.click("Volgende leerling", "button");
    CHECK(h.has(report.pupils[1].name()));
    CHECK_FALSE(h.has("Opgeslagen: " + sheet));  // said for the pupil it was for

    // The item table: its headers, and each item's p-value and item-rest as cells. ImGui draws a
    // table only once it is scrolled into view, and read-aloud speaks only what is on screen.
    CHECK(h.has("Vraaganalyse"));
    scrollTo(h, "Op p-waarde, moeilijkste eerst", 768);
    // The sort buttons may sit at the window's lower edge with the table still below it: on until
    // the table's header row is drawn (how far depends on the class's data above it).
    for (int i = 0; i < 40 && !h.has("Keuzes", "cell"); ++i) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(900, 500);
        io.MouseWheel = -1.0f;
        h.frame();
        io.MouseWheel = 0;
        h.frame();
    }
    for (const char* header : {"Vraag", "Domein", "n", "p", "r", "Keuzes"}) CHECK(h.has(header, "cell"));
    CHECK_FALSE(h.has("Let op", "cell"));  // what to look at is a line under an item's title, not a column
    REQUIRE(report.items.size() >= 2);
    const dlk::ItemAnalysis* given = nullptr;
    for (const auto& a : report.items)
        if (a.pValue && a.choice && !given) given = &a;
    REQUIRE(given);
    CHECK(h.has(pText(*given->pValue), "cell"));
    std::string choices;
    for (const auto& o : given->options)
        choices += (choices.empty() ? "" : " · ") + o.identifier + (o.key ? "* " : " ") + std::to_string(o.chosen);
    choices += " · leeg " + std::to_string(given->noAnswer);
    CHECK(h.has(choices, "cell"));

    // Two items whose p-values are out of order in the module: sorted, the harder one comes first.
    const dlk::ItemAnalysis *earlier = nullptr, *later = nullptr;
    for (size_t i = 0; i < report.items.size() && !later; ++i)
        for (size_t j = i + 1; j < report.items.size() && !later; ++j) {
            const auto &a = report.items[i], &b = report.items[j];
            if (a.pValue && b.pValue && *b.pValue + 0.05 < *a.pValue && a.title != b.title) {
                earlier = &a;
                later = &b;
            }
        }
    REQUIRE(later);
    const auto rowY = [&](const dlk::ItemAnalysis& a) {
        const dlk::ui::A11yNode* n = h.find(a.title, "cell");
        REQUIRE(n);
        return n->min.y;
    };
    CHECK(rowY(*earlier) < rowY(*later));
    h.click("Op p-waarde, moeilijkste eerst", "button");
    CHECK(rowY(*later) < rowY(*earlier));
    h.click("Volgorde van de module", "button");
    CHECK(rowY(*earlier) < rowY(*later));
}

TEST_CASE("analysis tab: a class of 5 finished pupils at 1024x600 - no figure - and why") {
    UiHarness h(false, 1024, 600);
    withClass(h, 5);
    const dlk::ClassReport report = reportOf(h);
    REQUIRE(report.finished == 5);
    openAnalysis(h);
    for (const auto& n : dlk::ui::a11yFrame()) {
        CAPTURE(n.label);
        if (n.role == "chart") {
            CHECK(n.label.find('%') == std::string::npos);  // not one share
            CHECK(n.max.x <= 1024);                         // and inside the small window
        }
    }
    bool saidWhy = false;
    for (const dlk::DomainFigure& d : report.domains)
        if (d.pupils > 0) {
            CHECK(h.has(std::string(dlk::domainNameNl(d.domain)) + ": geen cijfer, " + std::to_string(d.pupils) +
                            " leerlingen klaar; het volgt vanaf 6",
                        "chart"));
            saidWhy = true;
        }
    CHECK(saidWhy);
    CHECK(h.has("Een domein met 5 leerlingen of minder krijgt geen cijfer: zo is niet te herleiden wie wat scoorde."));
    CHECK(h.has("5 leerlingen hebben een niveau. De verdeling over de niveaus volgt vanaf 6 leerlingen."));
    // The same for each domain's levels: the heading, and no count anywhere (checked above: no %).
    CHECK(h.has("Niveaus per domein"));
    for (const dlk::LevelDistribution& dist : report.domainLevels)
        if (dist.pupils > 0) CHECK(dist.withheld == dlk::Withheld::SmallGroup);
    CHECK(
        h.has("Een vraag die 5 leerlingen of minder maakten, krijgt geen cijfers: zo is niet te herleiden wie "
              "wat antwoordde."));
    // Every item row says it has no figures; no p-value anywhere.
    scrollTo(h, "Volgorde van de module", 600);
    int withheldRows = 0;
    for (const auto& n : dlk::ui::a11yFrame()) withheldRows += n.label == "te weinig leerlingen";
    CHECK(withheldRows == static_cast<int>(report.items.size()));
}

TEST_CASE("analysis tab: a class measured again - the class then and now read aloud - a pupil against themselves") {
    UiHarness h(false);
    // Two demo classes of 12 finished pupils; the second made the first's earlier round, pupil by
    // pupil, as SchoolStore::startNewRound links them (schema 12).
    withClass(h, 12);
    dlk::DemoOptions demo;
    demo.pupils = 12;
    demo.pin = "246813";
    demo.finishedShare = 1.0;
    demo.seed = 7;
    dlk::makeDemoSchool(h.core->school(), h.core->db(), h.core->bank(), h.core->sessionDesign(), demo, h.clockMs);
    h.core->school().lock();
    auto classes = h.core->school().classes();
    REQUIRE(classes.size() == 2);
    const int64_t now = h.classInfo.className == classes[0].name ? classes[0].id : classes[1].id;
    const int64_t then = now == classes[0].id ? classes[1].id : classes[0].id;
    h.core->db().exec("UPDATE classes SET archived_at=1, round_of=" + std::to_string(now) +
                      " WHERE id=" + std::to_string(then));
    h.core->db().exec(
        "UPDATE pupils SET previous_id=(SELECT e.id FROM pupils e WHERE e.class_id=" + std::to_string(then) +
        " AND (SELECT count(*) FROM pupils x WHERE x.class_id=e.class_id AND x.id<=e.id) = (SELECT count(*) FROM "
        "pupils y WHERE y.class_id=pupils.class_id AND y.id<=pupils.id)) WHERE class_id=" +
        std::to_string(now));
    REQUIRE(h.core->school().earlierPupils(now, then).size() == 12);

    const auto* calibration = &*h.core->calibration();
    const auto* levels = h.core->levels() ? &*h.core->levels() : nullptr;
    const dlk::ClassReport earlier = dlk::buildClassReport(h.core->db(), h.core->bank(), then, calibration, levels);
    const dlk::ClassReport current = dlk::buildClassReport(h.core->db(), h.core->bank(), now, calibration, levels);
    const dlk::RoundComparison c = dlk::compareRounds(earlier, current, h.core->school().earlierPupils(now, then));
    REQUIRE(c.overall.then);
    REQUIRE(c.overall.now);

    openAnalysis(h);
    // The class in use is shown, not its archived round, and the comparison is there.
    CHECK(h.has("Vergelijking met de vorige meting"));
    CHECK(h.has("Hele toets: nu " + std::to_string(*c.overall.now) + "%, vorige meting " +
                    std::to_string(*c.overall.then) + "%",
                "chart"));
    for (dlk::Domain d : dlk::kAllDomains) {
        const dlk::RoundFigure& f = c.domains[static_cast<size_t>(d)];
        if (!f.now || !f.then) continue;
        CHECK(h.has(std::string(dlk::domainNameNl(d)) + ": nu " + std::to_string(*f.now) + "%, vorige meting " +
                        std::to_string(*f.then) + "%",
                    "chart"));
    }
    REQUIRE(c.higher);
    char counts[300];
    std::snprintf(counts, sizeof counts,
                  "Van de %d leerlingen met een schaalscore in beide metingen gingen er %d vooruit, bleven er %d "
                  "gelijk (binnen de marge) en gingen er %d achteruit.",
                  c.pupilsCompared, *c.higher, *c.same, *c.lower);
    CHECK(h.has(counts));

    // The first pupil's profile says their scale score now and then, and what it means.
    scrollTo(h, "Volgende leerling", 768);
    h.click("Volgende leerling", "button");
    const dlk::PupilChange* first = c.find(current.pupils.front().result.pupilId);
    REQUIRE(first);
    REQUIRE(first->then);
    REQUIRE(first->now);
    char line[300];
    std::snprintf(line, sizeof line, "Schaalscore nu %.0f ±%.0f, vorige meting %.0f ±%.0f: ", first->now->score,
                  first->now->margin95, first->then->score, first->then->margin95);
    bool found = false;
    for (const auto& n : dlk::ui::a11yFrame()) found = found || n.label.rfind(line, 0) == 0;
    CHECK(found);
}
