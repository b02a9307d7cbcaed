// CsvReader (irt/csv_reader.h), which every CSV the project reads goes through (item parameters, responses,
// background files, data packages in a merge): cells, line numbers, and the record's own text that a merge writes
// back unchanged when it has no quoted cell.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"

using namespace dlk;

TEST_CASE("csv reader: cells - line numbers - and each record's text as it stands with or without quotes") {
    CsvReader reader("a,b,c\r\n\n1,,x y\n\"q,1\",\"he said \"\"hi\"\"\",\"two\nlines\"\nlast,row", "t.csv");
    std::vector<std::string> cells;

    REQUIRE(reader.next(cells));
    CHECK(cells == std::vector<std::string>{"a", "b", "c"});
    CHECK(reader.line() == 1);
    CHECK(reader.record() == "a,b,c");  // without its CRLF
    CHECK_FALSE(reader.recordQuoted());

    REQUIRE(reader.next(cells));  // the blank line is skipped
    CHECK(cells == std::vector<std::string>{"1", "", "x y"});
    CHECK(reader.line() == 3);
    CHECK(reader.record() == "1,,x y");
    CHECK_FALSE(reader.recordQuoted());

    REQUIRE(reader.next(cells));
    CHECK(cells == std::vector<std::string>{"q,1", "he said \"hi\"", "two\nlines"});
    CHECK(reader.line() == 4);
    CHECK(reader.recordQuoted());
    CHECK(reader.record() == "\"q,1\",\"he said \"\"hi\"\"\",\"two\nlines\"");

    REQUIRE(reader.next(cells));  // the last record without a line end
    CHECK(cells == std::vector<std::string>{"last", "row"});
    CHECK(reader.line() == 6);
    CHECK(reader.record() == "last,row");
    CHECK_FALSE(reader.recordQuoted());
    CHECK_FALSE(reader.next(cells));
}

TEST_CASE("csv reader: a quote inside an unquoted cell or an unclosed quote is refused with its line") {
    std::vector<std::string> cells;
    CsvReader inside("a,b\nx,y\"z\n", "in.csv");
    REQUIRE(inside.next(cells));
    auto e = dlk::test::errorOf([&] { inside.next(cells); });
    REQUIRE(e);
    CHECK(dlk::test::contains(e->what(), "in.csv line 2: a quote inside an unquoted cell"));

    CsvReader open("a\n\"never closed\n", "open.csv");
    REQUIRE(open.next(cells));
    e = dlk::test::errorOf([&] { open.next(cells); });
    REQUIRE(e);
    CHECK(dlk::test::contains(e->what(), "open.csv line 2: a quoted cell is not closed"));
}
