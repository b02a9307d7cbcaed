// kill -9 during scripted answering (docs/data-flow.md): a child process answers the
// bundled module in a loop and reports every commit through a pipe; the parent kills it at a
// random moment, then checks that the database is intact, that every answer the child called
// saved is there with its last saved value, and that a new session resumes at the same item.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "school/school_store.h"
#include "storage/schema.h"
#include "util/json.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// A different, valid value for every (item, step): the declarations decide the shape.
Value scriptedValue(const ResponseDeclaration& d, long step) {
    static const std::vector<std::string> ids = {"A", "B", "C", "D"};
    const auto n = static_cast<size_t>(step);
    switch (d.baseType) {
        case BaseType::Identifier: {
            if (d.cardinality == Cardinality::Single) return Value::single(d.baseType, ids[n % 4]);
            std::vector<std::string> v = ids;
            std::rotate(v.begin(), v.begin() + static_cast<long>(n % 4), v.end());
            if (d.cardinality == Cardinality::Multiple) v.resize(1 + n % 3);
            return Value::container(d.cardinality, d.baseType, v);
        }
        case BaseType::Integer:  // 11..19: two digits, never a multiple of ten
            return Value::single(d.baseType, std::to_string(11 + n % 9));
        case BaseType::DirectedPair:
            return Value::container(d.cardinality, d.baseType,
                                    {"S1 T" + std::to_string(1 + n % 3), "S2 T" + std::to_string(1 + (n / 3) % 3)});
        default:
            return Value::single(d.baseType, "antwoord " + std::to_string(step));
    }
}

void sendLine(int fd, const std::string& line) {
    const std::string s = line + "\n";  // well under PIPE_BUF: one atomic write
    size_t done = 0;
    while (done < s.size()) {
        const ssize_t w = ::write(fd, s.data() + done, s.size() - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) _exit(4);
        done += static_cast<size_t>(w);
    }
}

// The child: no doctest, no destructors, no return. Protocol, one line per event:
//   "try <pos> <item> <json>"   before a change        "saved <pos> <item> <json>"  after its commit
//   "move <pos>"                before navigating      "moved <pos>"                after it
[[noreturn]] void childMain(int fd, const std::string& path, const Module& module, int64_t pupilId, long firstStep) {
    try {
        Database db(path);
        ResponseStore store(db);
        ModuleSession session(store, module, pupilId, "nl", kT0);
        sendLine(fd, "start " + std::to_string(session.position()));
        long step = firstStep;
        for (int i = 0; i < 100000; ++i, ++step) {
            const Item& item = session.currentItem();
            const ResponseDeclaration& d = item.responses.at(0);
            const Value v = scriptedValue(d, step);
            const std::string json = dumpJson(valueToJson(v));
            const std::string where = std::to_string(session.position()) + " " + item.identifier + " " + json;
            sendLine(fd, "try " + where);
            const bool typing = d.baseType == BaseType::String;
            session.setResponse(d.identifier, v, kT0 + step, typing);
            if (typing && !session.flush(kT0 + step)) _exit(5);
            if (session.saveState() != SaveState::Saved) _exit(6);
            sendLine(fd, "saved " + where);
            if (step % 2 == 0) continue;  // sometimes change the answer again before moving on
            const size_t target = (session.position() + 1 + static_cast<size_t>(step % 3 == 0)) % session.itemCount();
            sendLine(fd, "move " + std::to_string(target));
            if (!session.goTo(target, kT0 + step)) _exit(7);
            sendLine(fd, "moved " + std::to_string(target));
        }
        _exit(0);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child failed: %s\n", e.what());
        _exit(3);
    }
}

struct Expected {
    std::map<std::string, std::string> saved;                     // item -> last saved JSON
    std::optional<std::pair<std::string, std::string>> inFlight;  // a "try" without its "saved"
    long position = 0;
    std::optional<long> moving;  // a "move" without its "moved"
    bool started = false;
};

void applyLine(Expected& ex, const std::string& line) {
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "start") {
        ex.started = true;
        return;
    }
    if (kind == "move" || kind == "moved") {
        long pos = 0;
        in >> pos;
        if (kind == "move") {
            ex.moving = pos;
        } else {
            ex.position = pos;
            ex.moving.reset();
        }
        return;
    }
    long pos = 0;
    std::string item, json;
    in >> pos >> item;
    std::getline(in >> std::ws, json);
    if (kind == "try") {
        ex.inFlight = std::make_pair(item, json);
    } else if (kind == "saved") {
        ex.saved[item] = json;
        ex.inFlight.reset();
    }
}

}  // namespace

TEST_CASE("resume after SIGKILL: no answer called saved is lost - the database is intact - the item is the same") {
    dlk::test::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = bank.findModule("m01-schoolreis");
    REQUIRE(module);
    int64_t pupilId = 0;
    {
        Database db(path);
        migrateSchema(db);
        SchoolStore school(db);
        dlk::test::setUpTestSchool(school);
        pupilId = school.addPupils(school.createClass("Groep 8", kT0), {""}, kT0)[0].id;
    }

    std::mt19937 rng(1234567);
    Expected ex;  // carried across rounds: what has been reported saved so far
    constexpr int kRounds = 20;
    int totalSaved = 0;
    for (int round = 0; round < kRounds; ++round) {
        CAPTURE(round);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            childMain(fds[1], path, *module, pupilId, 1000L * round);
        }
        ::close(fds[1]);
        FILE* in = ::fdopen(fds[0], "r");
        REQUIRE(in);

        // Read until a random number of commits has been reported, then kill at a random moment.
        const int killAfter = 1 + static_cast<int>(rng() % 20);
        const auto killDelay = std::chrono::microseconds(rng() % 3000);
        int savedThisRound = 0;
        char buf[512];
        ex.inFlight.reset();
        ex.moving.reset();
        while (savedThisRound < killAfter && std::fgets(buf, sizeof buf, in)) {
            std::string line(buf);
            if (!line.empty() && line.back() == '\n') line.pop_back();
            applyLine(ex, line);
            if (line.starts_with("saved ")) ++savedThisRound;
        }
        std::this_thread::sleep_for(killDelay);
        ::kill(pid, SIGKILL);
        // Everything the child wrote before it died is still in the pipe.
        while (std::fgets(buf, sizeof buf, in)) {
            std::string line(buf);
            if (!line.empty() && line.back() == '\n') line.pop_back();
            applyLine(ex, line);
            if (line.starts_with("saved ")) ++savedThisRound;
        }
        std::fclose(in);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK_MESSAGE(WIFSIGNALED(status), "the child ended by itself with status " << WEXITSTATUS(status));
        if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGKILL);
        REQUIRE(ex.started);
        REQUIRE(savedThisRound >= killAfter);
        totalSaved += savedThisRound;

        // The database after the kill.
        Database db(path);
        CHECK(db.integrityCheck() == "ok");
        ResponseStore store(db);
        const auto attempt = store.findAttempt(pupilId, "m01-schoolreis");
        REQUIRE(attempt);
        const StoredResponses stored = store.load(attempt->id);
        for (const auto& [item, json] : ex.saved) {
            CAPTURE(item);
            const auto it = stored.find(item);
            REQUIRE_MESSAGE(it != stored.end(), "an answer reported saved is missing");
            const std::string& onDisk = it->second.at("RESPONSE");
            // The last saved value, or a newer one whose commit was under way at the kill.
            const bool newer = ex.inFlight && ex.inFlight->first == item && ex.inFlight->second == onDisk;
            CHECK_MESSAGE((onDisk == json || newer), "on disk " << onDisk << ", last saved " << json);
        }
        // Resume: at the last position reported, or where a navigation under way went.
        ModuleSession session(store, *module, pupilId, "nl", kT0);
        const long resumed = static_cast<long>(session.position());
        CHECK_MESSAGE((resumed == ex.position || (ex.moving && resumed == *ex.moving)),
                      "resumed at " << resumed << ", last reported " << ex.position);
        // Keep following the child's actual state into the next round.
        ex.position = resumed;
        for (const auto& [item, responses] : stored) ex.saved[item] = responses.at("RESPONSE");
    }
    MESSAGE(kRounds << " kills after " << totalSaved << " reported commits");
    CHECK(totalSaved >= kRounds);
}
