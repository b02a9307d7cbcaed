// `dlkiosk bench load [--items N]`: generates a bank of N typical items (choice, multiple
// response with a mapping, order, match, text entry, custom processing) as files with a manifest
// and a test per 20 items, then loads it the way the kiosk does and prints the rate and the
// peak memory. Target (issue 3): 10,000 items in under 1 s on one core.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "bank/item_bank.h"
#include "cli/bench_stats.h"
#include "cli/options.h"
#include "qti/qti_loader.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

namespace fs = std::filesystem;

const char* kNs = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";

std::string itemXml(int i) {
    const std::string id = "gen-" + std::to_string(i);
    std::string head = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<qti-assessment-item xmlns=\"") + kNs +
                       "\" identifier=\"" + id + "\" title=\"Gegenereerd " + std::to_string(i) +
                       "\" adaptive=\"false\" time-dependent=\"false\" xml:lang=\"nl\">\n";
    const std::string score =
        "  <qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\">"
        "<qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>\n";
    const std::string stimulus =
        "    <p>Jullie plannen een <strong>schoolreis</strong> naar het museum. Lees de tekst goed en kies daarna. "
        "Eén antwoord is het beste; de ideeën van de klas staan in de map.</p>\n";
    const std::string mc = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml";
    const std::string mr = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml";
    switch (i % 6) {
        case 0:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" "
                   "base-type=\"identifier\">"
                   "<qti-correct-response><qti-value>C</qti-value></qti-correct-response></"
                   "qti-response-declaration>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"1\">\n"
                   "      <qti-prompt>Welk bestand is de foto?</qti-prompt>\n"
                   "      <qti-simple-choice identifier=\"A\">bus.docx</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"B\">bus.mp3</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"C\">bus.jpg</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"D\">bus.xlsx</qti-simple-choice>\n"
                   "    </qti-choice-interaction>\n  </qti-item-body>\n  <qti-response-processing template=\"" +
                   mc + "\"/>\n</qti-assessment-item>\n";
        case 1:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" "
                   "base-type=\"identifier\">"
                   "<qti-correct-response><qti-value>A</qti-value><qti-value>C</qti-value></qti-correct-response>"
                   "<qti-mapping lower-bound=\"0\" upper-bound=\"2\" default-value=\"0\"><qti-map-entry map-key=\"A\" "
                   "mapped-value=\"1\"/>"
                   "<qti-map-entry map-key=\"B\" mapped-value=\"-1\"/><qti-map-entry map-key=\"C\" mapped-value=\"1\"/>"
                   "<qti-map-entry map-key=\"D\" mapped-value=\"-1\"/></qti-mapping></qti-response-declaration>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"0\">\n"
                   "      <qti-prompt>Welke twee tekens wijzen op reclame?</qti-prompt>\n"
                   "      <qti-simple-choice identifier=\"A\">Het woord Gesponsord</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"B\">Een datum</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"C\">Nog maar één uur geldig!</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"D\">De naam van de schrijver</qti-simple-choice>\n"
                   "    </qti-choice-interaction>\n  </qti-item-body>\n  <qti-response-processing template=\"" +
                   mr + "\"/>\n</qti-assessment-item>\n";
        case 2:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"ordered\" "
                   "base-type=\"identifier\">"
                   "<qti-correct-response><qti-value>B</qti-value><qti-value>D</qti-value><qti-value>A</qti-value>"
                   "<qti-value>C</qti-value></qti-correct-response></qti-response-declaration>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <qti-order-interaction response-identifier=\"RESPONSE\" shuffle=\"true\">\n"
                   "      <qti-prompt>Zet de stappen in volgorde.</qti-prompt>\n"
                   "      <qti-simple-choice identifier=\"A\">Kies een betrouwbare site.</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"B\">Bedenk wat je wilt weten.</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"C\">Schrijf het op.</qti-simple-choice>\n"
                   "      <qti-simple-choice identifier=\"D\">Typ zoekwoorden.</qti-simple-choice>\n"
                   "    </qti-order-interaction>\n  </qti-item-body>\n  <qti-response-processing template=\"" +
                   mc + "\"/>\n</qti-assessment-item>\n";
        case 3:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" "
                   "base-type=\"directedPair\">"
                   "<qti-correct-response><qti-value>S1 T2</qti-value><qti-value>S2 T3</qti-value><qti-value>S3 "
                   "T1</qti-value>"
                   "</qti-correct-response><qti-mapping default-value=\"0\"><qti-map-entry map-key=\"S1 T2\" "
                   "mapped-value=\"1\"/>"
                   "<qti-map-entry map-key=\"S2 T3\" mapped-value=\"1\"/><qti-map-entry map-key=\"S3 T1\" "
                   "mapped-value=\"1\"/>"
                   "</qti-mapping></qti-response-declaration>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <qti-match-interaction response-identifier=\"RESPONSE\" max-associations=\"3\">\n"
                   "      <qti-prompt>Koppel elke bron aan een soort.</qti-prompt>\n"
                   "      <qti-simple-match-set><qti-simple-associable-choice identifier=\"S1\" "
                   "match-max=\"1\">Reisbureau</qti-simple-associable-choice>"
                   "<qti-simple-associable-choice identifier=\"S2\" "
                   "match-max=\"1\">Museum</qti-simple-associable-choice>"
                   "<qti-simple-associable-choice identifier=\"S3\" "
                   "match-max=\"1\">Blog</qti-simple-associable-choice></qti-simple-match-set>\n"
                   "      <qti-simple-match-set><qti-simple-associable-choice identifier=\"T1\" "
                   "match-max=\"1\">Mening</qti-simple-associable-choice>"
                   "<qti-simple-associable-choice identifier=\"T2\" "
                   "match-max=\"1\">Advertentie</qti-simple-associable-choice>"
                   "<qti-simple-associable-choice identifier=\"T3\" "
                   "match-max=\"1\">Officieel</qti-simple-associable-choice></qti-simple-match-set>\n"
                   "    </qti-match-interaction>\n  </qti-item-body>\n  <qti-response-processing template=\"" +
                   mr + "\"/>\n</qti-assessment-item>\n";
        case 4:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"integer\">"
                   "<qti-correct-response><qti-value>15</qti-value></qti-correct-response></"
                   "qti-response-declaration>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <p>De robotbus rijdt <qti-text-entry-interaction response-identifier=\"RESPONSE\" "
                   "expected-length=\"3\"/> vakjes.</p>\n"
                   "  </qti-item-body>\n  <qti-response-processing template=\"" +
                   mc + "\"/>\n</qti-assessment-item>\n";
        default:
            return head +
                   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" "
                   "base-type=\"string\"/>\n" +
                   score + "  <qti-item-body>\n" + stimulus +
                   "    <p>Typ de extensie: <qti-text-entry-interaction response-identifier=\"RESPONSE\" "
                   "expected-length=\"5\"/></p>\n"
                   "  </qti-item-body>\n  <qti-response-processing>\n"
                   "    <qti-response-condition><qti-response-if><qti-string-match case-sensitive=\"false\">"
                   "<qti-variable identifier=\"RESPONSE\"/><qti-base-value "
                   "base-type=\"string\">pdf</qti-base-value></qti-string-match>"
                   "<qti-set-outcome-value identifier=\"SCORE\"><qti-base-value "
                   "base-type=\"float\">1</qti-base-value></qti-set-outcome-value>"
                   "</qti-response-if></qti-response-condition>\n  "
                   "</qti-response-processing>\n</qti-assessment-item>\n";
    }
}

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

long peakRssKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

int benchLoad(Args& args) {
    int64_t n = 10000;
    if (!parseInt64(args.valueOr("items", "10000"), n) || n < 20 || n > 200000)
        throw std::runtime_error("--items takes 20 to 200000");
    const std::string base = args.valueOr("dir", fs::temp_directory_path().string());
    args.requireKnown();
    const fs::path dir = fs::path(base) / ("dlkiosk-bench-load-" + std::to_string(::getpid()));
    const auto made = missingFolders(base);  // a --dir made for the run is removed after it
    fs::remove_all(dir);
    fs::create_directories(dir);
    const long rssBefore = peakRssKiB();
    try {
        // The bank: one module (test) per 20 items, like real modules, and a manifest.
        std::string manifest =
            "<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1\" "
            "identifier=\"bench\"><resources>\n";
        size_t bytes = 0;
        for (int64_t m = 0; m * 20 < n; ++m) {
            const std::string mid = "mod" + std::to_string(m);
            fs::create_directories(dir / mid);
            std::string test =
                std::string("<qti-assessment-test xmlns=\"") + kNs + "\" identifier=\"" + mid + "\" title=\"Module " +
                std::to_string(m) +
                "\"><qti-test-part identifier=\"P\" navigation-mode=\"nonlinear\" submission-mode=\"simultaneous\">"
                "<qti-assessment-section identifier=\"S\" title=\"S\">";
            for (int64_t i = m * 20; i < std::min(n, (m + 1) * 20); ++i) {
                const std::string xml = itemXml(static_cast<int>(i));
                bytes += xml.size();
                writeText(dir / mid / ("gen-" + std::to_string(i) + ".xml"), xml);
                test += "<qti-assessment-item-ref identifier=\"gen-" + std::to_string(i) + "\" href=\"gen-" +
                        std::to_string(i) + ".xml\" category=\"dlk-domain-ict\"/>";
            }
            test += "</qti-assessment-section></qti-test-part></qti-assessment-test>";
            writeText(dir / mid / "module.xml", test);
            manifest +=
                "<resource identifier=\"" + mid + "\" type=\"imsqti_test_xmlv3p0\" href=\"" + mid + "/module.xml\"/>\n";
        }
        writeText(dir / "imsmanifest.xml", manifest + "</resources></manifest>\n");

        const auto t0 = std::chrono::steady_clock::now();
        const ItemBank bank = ItemBank::loadFolder(dir.string());
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        size_t loaded = 0;
        for (const auto& m : bank.modules()) loaded += m.itemCount();
        if (static_cast<int64_t>(loaded) != n || !bank.problems().empty())
            throw std::runtime_error("loaded " + std::to_string(loaded) + " of " + std::to_string(n) + " items; " +
                                     (bank.problems().empty() ? "" : bank.problems().front().text()));
        std::printf("bench load: %lld generated items (%.1f MiB of XML, 6 kinds), one core\n",
                    static_cast<long long>(n), static_cast<double>(bytes) / (1 << 20));
        std::printf("  bank loaded in %.3f s: %.0f items/s (files read, guarded, parsed, modelled)\n", secs,
                    static_cast<double>(n) / secs);
        std::printf("  peak resident memory %.1f MiB (%.1f MiB before loading)\n",
                    static_cast<double>(peakRssKiB()) / 1024, static_cast<double>(rssBefore) / 1024);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(dir, ec);
        removeEmptyFolders(made);
        throw;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    removeEmptyFolders(made);
    return 0;
}

}  // namespace dlk::cli
