// `dlkiosk score ITEM.xml --response JSON`: the built binary, its output and its refusals.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "core_test_helpers.h"

using dlk::test::contains;

namespace {

struct Run {
    int exitCode = -1;
    std::string out, err;
};

// Runs `dlkiosk score <spec item> --response '<response>'`.
Run score(const std::string& item, const std::string& response) {
    dlk::test::TempDir dir;
    dlk::test::writeFile(dir.path() / "response.json", response);
    const std::string command = std::string("'") + DLK_BINARY + "' score '" + dlk::test::testData("spec/" + item) +
                                "' --response \"$(cat '" + dir.file("response.json") + "')\" >'" + dir.file("out.txt") +
                                "' 2>'" + dir.file("err.txt") + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return Run{WEXITSTATUS(status), dlk::test::readFile(dir.file("out.txt")), dlk::test::readFile(dir.file("err.txt"))};
}

}  // namespace

TEST_CASE("score command: outcomes in declaration order - float outcomes written as floats") {
    // SCORE and MAXSCORE are floats: 2 prints as 2.0 so a reader sees the declared type.
    Run r = score("choice_multiple.xml", R"({"RESPONSE": ["A", "C"]})");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "{\"SCORE\":2.0,\"MAXSCORE\":2.0}\n");
    r = score("choice_multiple.xml", R"({"RESPONSE": ["A", "E"]})");
    CHECK(r.out == "{\"SCORE\":1.5,\"MAXSCORE\":2.0}\n");
    r = score("choice_multiple.xml", "{}");
    CHECK(r.out == "{\"SCORE\":0.0,\"MAXSCORE\":2.0}\n");
    // An outcome of another type keeps its own form.
    r = score("extended_text.xml", R"({"RESPONSE": "Een antwoord"})");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "{\"SCORE\":0.0,\"ANSWERED\":true}\n");
}

TEST_CASE("score command: a response that is no JSON object is refused naming --response and the offset") {
    Run r = score("choice_multiple.xml", R"({"RESPONSE": ["A",)");
    CHECK(r.exitCode != 0);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "--response: invalid JSON at offset 18: "));
    r = score("choice_multiple.xml", std::string(70, '[') + std::string(70, ']'));
    CHECK(r.exitCode != 0);
    CHECK(contains(r.err, "--response: invalid JSON at offset 65: nested deeper than 64 levels"));
    r = score("choice_multiple.xml", R"(["A"])");
    CHECK(r.exitCode != 0);
    CHECK(contains(r.err, "--response must be a JSON object"));
    r = score("choice_multiple.xml", R"({"RESPONSE": [{}]})");
    CHECK(r.exitCode != 0);
    CHECK(contains(r.err, "RESPONSE: expected a identifier value"));
}

TEST_CASE("score command: an item whose processing fails says it cannot be scored and why - the good items score") {
    const std::string bank = "../bank_unscorable/m97-kapot/nl/";
    Run r = score(bank + "kapot-01-goed.xml", R"({"RESPONSE": "JA"})");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "{\"SCORE\":1.0}\n");
    r = score(bank + "kapot-05-twee.xml", R"({"RESPONSE": ["A", "B"]})");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "{\"SCORE\":2.0}\n");
    r = score(bank + "kapot-02-operator.xml", R"({"RESPONSE": "JA"})");
    CHECK(r.exitCode != 0);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "cannot be scored: "));
    CHECK(contains(r.err, "kapot-02-operator.xml:22: "));
    CHECK(contains(r.err, "no implementation of custom operator 'com.example.bestaatNiet'"));
    r = score(bank + "kapot-03-patroon.xml", R"({"RESPONSE": "jpg"})");
    CHECK(r.exitCode != 0);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "cannot be scored: "));
    CHECK(contains(r.err, "kapot-03-patroon.xml:17: "));
    CHECK(contains(r.err, "invalid pattern"));
    // An empty answer is NULL: patternMatch gives NULL without the pattern, so it scores 0.
    r = score(bank + "kapot-03-patroon.xml", "{}");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "{\"SCORE\":0.0,\"MAXSCORE\":1.0}\n");
}
