// `dlkiosk dif` and `dlkiosk link` end to end: generated files through the built binary, its
// table and the CSV it writes. (Refusals are rows of test_cli_bad_input.cpp.)
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"
#include "irt/items_csv.h"
#include "irt/random.h"
#include "irt/simulate.h"
#include "util/text.h"

using dlk::test::contains;
using namespace dlk;

namespace {

struct Run {
    int exitCode = -1;
    std::string out, err;
};

Run dlkiosk(const std::string& arguments, const test::TempDir& dir) {
    const std::string command = std::string("'") + DLK_BINARY + "' " + arguments + " >'" + dir.file("out.txt") +
                                "' 2>'" + dir.file("err.txt") + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return Run{WEXITSTATUS(status), test::readFile(dir.file("out.txt")), test::readFile(dir.file("err.txt"))};
}

}  // namespace

TEST_CASE("dif command: a planted C item in generated files - a plain DIF.csv - and a link to a shifted year") {
    test::TempDir dir;
    // 16 items, 600 Dutch and 600 English pupils (the English 0.3 logits weaker); item I05 is 1.0
    // logit harder in English. Background rows are in another order than RESPONSES.csv, with a
    // pupil who has no responses and one without a language.
    std::vector<ItemParams> items;
    for (int i = 0; i < 16; ++i)
        items.push_back(ItemParams::fromSteps("I" + std::to_string(i + 1 < 10 ? 0 : 1) + std::to_string((i + 1) % 10),
                                              {-1.5 + 0.2 * i}));
    std::vector<ItemParams> english = items;
    english[4].delta += 1.0;
    Random rng(8);
    std::vector<double> nl, en;
    for (int p = 0; p < 600; ++p) nl.push_back(rng.normal());
    for (int p = 0; p < 600; ++p) en.push_back(-0.3 + rng.normal());
    const ResponseMatrix a = simulateScores(items, nl, 1), b = simulateScores(english, en, 2);
    std::string responses = "person_id", background = "person_id,lang,grade\nX1,nl,5\n";
    for (const auto& it : items) responses += "," + it.id;
    responses += "\n";
    for (int p = 0; p < 1200; ++p) {
        const ResponseMatrix& m = p < 600 ? a : b;
        responses += "S" + std::to_string(p);
        for (size_t i = 0; i < items.size(); ++i) responses += "," + std::to_string(m.score(p % 600, i));
        responses += "\n";
    }
    responses += "S9999";
    for (size_t i = 0; i < items.size(); ++i) responses += ",1";
    responses += "\n";
    for (int p = 1199; p >= 0; --p)
        background += "S" + std::to_string(p) + "," + (p < 600 ? "nl" : "en") + "," + std::to_string(4 + p % 3) + "\n";
    background += "S9999,,5\n";
    test::writeFile(dir.path() / "R.csv", responses);
    test::writeFile(dir.path() / "bg.csv", background);

    Run r = dlkiosk("calibrate '" + dir.file("R.csv") + "' --out '" + dir.file("items.csv") + "'", dir);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    r = dlkiosk("dif '" + dir.file("R.csv") + "' --items '" + dir.file("items.csv") + "' --background '" +
                    dir.file("bg.csv") + "' --group lang --out '" + dir.file("DIF.csv") + "'",
                dir);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    // The file lists English first (S1199 is on line 3), so English is the reference group.
    CHECK(contains(r.out, "reference 'en' (600 pupils"));
    CHECK(contains(r.out, "focal 'nl' (600 pupils"));
    CHECK(contains(r.err, "left out 0 pupils not in " + dir.file("bg.csv") + ", 1 with an empty lang"));
    const auto rows = test::parseCsv(test::readFile(dir.file("DIF.csv")));
    REQUIRE(rows.size() == 17);
    CHECK(rows[0] == std::vector<std::string>{"item_id", "mh_d_dif", "mh_se", "ets_class", "rasch_dif", "rasch_se",
                                              "smd", "n_reference", "n_focal"});
    int classC = 0;
    for (size_t k = 1; k < rows.size(); ++k) {
        CAPTURE(rows[k][0]);
        REQUIRE(rows[k].size() == 9);
        double d = 0, rasch = 0;
        REQUIRE(parseDouble(rows[k][1], d));
        REQUIRE(parseDouble(rows[k][4], rasch));
        CHECK(rows[k][7] == "600");
        if (rows[k][0] == "I05") {
            // Harder for the English reference group is easier for the Dutch focal group.
            CHECK(rows[k][3] == "C");
            CHECK(d > 1.5);
            CHECK(rasch < -0.7);
        }
        classC += rows[k][3] == "C";
    }
    CHECK(classC == 1);
    CHECK(contains(r.out, "I05"));

    // --reference turns the comparison round: the same item, the sign of D flipped.
    r = dlkiosk("dif '" + dir.file("R.csv") + "' --items '" + dir.file("items.csv") + "' --background '" +
                    dir.file("bg.csv") + "' --group lang --reference nl",
                dir);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    CHECK(contains(r.out, "reference 'nl'"));
    // Three grades: two of them chosen.
    r = dlkiosk("dif '" + dir.file("R.csv") + "' --items '" + dir.file("items.csv") + "' --background '" +
                    dir.file("bg.csv") + "' --group grade --reference 4 --focal 6",
                dir);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    CHECK(contains(r.err, "in other groups"));

    // Last year's bank: this year's items 0.4 logits higher, one of them moved by a whole logit.
    CalibratedItems old = readItemsCsv(dir.file("items.csv"));
    for (auto& p : old.items) p.delta += p.id == "I09" ? 1.4 : 0.4;
    writeItemsCsv(dir.file("old.csv"), old);
    r = dlkiosk("link '" + dir.file("items.csv") + "' --to '" + dir.file("old.csv") + "' --out '" +
                    dir.file("linked.csv") + "' --max-deviation 0.5",
                dir);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    CHECK(contains(r.out, "over 15 common items"));
    CHECK(contains(r.out, "shift +0.4000 logits, linking error 0.0000"));
    CHECK(contains(r.out, "dropped (outlier)"));
    const CalibratedItems linked = readItemsCsv(dir.file("linked.csv"));
    const CalibratedItems mine = readItemsCsv(dir.file("items.csv"));
    CHECK(linked.find("I01")->delta == doctest::Approx(mine.find("I01")->delta + 0.4));
    CHECK(linked.metadata.at("link_common_items") == "15");
}
