// export/background_writer.h: the pieces of a large export file written on a thread of their own, in the order put.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "export/background_writer.h"

using namespace dlk;

TEST_CASE("background writer: every piece in the order put - the buffers handed back empty") {
    std::ostringstream out;
    std::string expected;
    {
        BackgroundWriter writer(out, 2);  // two waiting at most: put() must wait for the thread again and again
        std::string piece;
        for (int i = 0; i < 2000; ++i) {
            piece += "row " + std::to_string(i) + std::string(static_cast<size_t>(i % 97), 'x') + '\n';
            if (i % 7 == 6) {
                expected += piece;
                writer.put(piece);
                CHECK(piece.empty());
            }
        }
        expected += piece;
        writer.put(piece);
        writer.finish();
        CHECK(out.str() == expected);  // all of it, once finish() returned
        writer.finish();               // again: nothing more to wait for
    }
    CHECK(out.str() == expected);
    CHECK(expected.size() > 100'000);
}

TEST_CASE("background writer: the destructor waits for what was put - a failed stream stays failed") {
    std::ostringstream out;
    {
        BackgroundWriter writer(out);
        std::string piece = "a,b\n";
        writer.put(piece);
        piece = "c,d\n";
        writer.put(piece);
    }  // no finish(): the destructor waits
    CHECK(out.str() == "a,b\nc,d\n");

    std::ostringstream broken;
    broken.setstate(std::ios::badbit);  // as a full disk leaves an ofstream
    {
        BackgroundWriter writer(broken);
        std::string piece(1 << 16, 'z');
        for (int i = 0; i < 10; ++i) writer.put(piece);
        writer.finish();
    }
    CHECK(broken.bad());  // what AtomicFile::commit reports
    CHECK(broken.str().empty());
}
