// The file manager environment (sim/files): its scenario reader, every action of its model and
// undo, its state as a QTI record that survives a restart, the outputs an item scores, and the
// demo's simulated pupil.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "delivery/process_log.h"
#include "demo/demo_school.h"
#include "qti/interactions.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/files/files.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::files;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/files.xml";

struct Disk {
    Item item = loadItemFile(kItem);
    const FilesScenario& sc = static_cast<const FilesScenario&>(*item.environments.at("RESPONSE").scenario);
    State s = start(sc);

    // Applies an outcome that must change something.
    void ok(const Outcome& o) {
        REQUIRE_MESSAGE(o.problem == Problem::None, "refused: " << static_cast<int>(o.problem));
        s = o.state;
    }
    std::string parent(const std::string& id) const {
        const Node* n = find(s, id);
        REQUIRE_MESSAGE(n, id);
        return n->parent;
    }
    std::string name(const std::string& id) const {
        const Node* n = find(s, id);
        REQUIRE_MESSAGE(n, id);
        return n->name;
    }
    std::vector<std::string> listed() const {
        std::vector<std::string> out;
        for (const Node* n : listing(s)) out.push_back(n->id);
        return out;
    }
    // All the responses an action stores: the state and every output the item binds.
    VariableMap responses() const {
        const auto all = sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE", toResponse(sc, s));
        return VariableMap(all.begin(), all.end());
    }
    double score() const { return scoreOf(item, responses()); }
};

std::string loadError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "files.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

// The test item with `from` replaced by `to` (which must be there).
std::string itemWith(const std::string& from, const std::string& to) {
    std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    x.replace(at, from.size(), to);
    return x;
}

int lineOf(const std::string& xml, const std::string& text) {
    const auto at = xml.find(text);
    REQUIRE_MESSAGE(at != std::string::npos, text);
    return 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

TEST_CASE("files: the scenario reads folders and files - types from the name - sizes and dates") {
    Disk d;
    REQUIRE(d.sc.entries.size() == 9);
    CHECK(d.sc.open == "downloads");
    CHECK(d.sc.today == "2025-03-14");
    const Entry* school = d.sc.find("school");
    REQUIRE(school);
    CHECK(school->type == FileType::Folder);
    CHECK(school->parent == "docs");
    const Entry* f1 = d.sc.find("f1");
    REQUIRE(f1);
    CHECK(f1->type == FileType::Picture);
    CHECK(f1->bytes == 1258291);  // 1.2 MB, 1024-based
    CHECK(f1->modified == "2025-03-02T16:40");
    CHECK(d.sc.find("f2")->type == FileType::Picture);  // from .jpg
    CHECK(d.sc.find("f3")->type == FileType::Document);
    CHECK(d.sc.find("f3")->bytes == 24 * 1024);
    CHECK(d.sc.find("f4")->bytes == 2516582);
    CHECK(d.sc.find("f5")->type == FileType::Sound);
    CHECK(d.sc.find("f5")->parent == "home");
    CHECK(d.sc.find("f5")->modified.empty());
    // The start: the scenario's disk, its open folder, sorted by name.
    CHECK(d.s.open == "downloads");
    CHECK(d.listed() == std::vector<std::string>{"f2", "f1", "f4", "f3"});  // "bij-op-bloem (1)" < "bij-op-bloem."
    CHECK(pathTo(d.s, "school") == std::vector<std::string>{"home", "docs", "school"});
    CHECK(children(d.s, "home").size() == 4);
    CHECK(typeFromExtension("Verslag.DOCX") == FileType::Document);
    CHECK(typeFromExtension("zonder-punt") == FileType::Other);
}

TEST_CASE("files: open a folder - new folder in it - rename keeps the extension") {
    Disk d;
    d.ok(open(d.s, "docs"));
    CHECK(d.s.open == "docs");
    CHECK(open(d.s, "f1").problem == Problem::NotFound);
    CHECK(open(d.s, "nergens").problem == Problem::NotFound);
    d.ok(open(d.s, "home"));
    d.ok(open(d.s, "docs"));
    // A new folder gets the next made id, today's date and a free name.
    Outcome made = newFolder(d.sc, d.s, "docs", "Nieuwe map");
    d.ok(made);
    CHECK(made.id == "new1");
    CHECK(d.parent("new1") == "docs");
    CHECK(d.name("new1") == "Nieuwe map");
    CHECK(find(d.s, "new1")->modified == "2025-03-14");
    made = newFolder(d.sc, d.s, "docs", "Nieuwe map");
    d.ok(made);
    CHECK(made.id == "new2");
    CHECK(d.name("new2") == "Nieuwe map (2)");
    CHECK(newFolder(d.sc, d.s, "bin", "x").problem == Problem::InBin);
    CHECK(newFolder(d.sc, d.s, "f1", "x").problem == Problem::NotFound);
    // Rename: what the pupil typed, trimmed; a file keeps its extension.
    d.ok(rename(d.s, "new1", "  Spreekbeurt bijen "));
    CHECK(d.name("new1") == "Spreekbeurt bijen");
    d.ok(rename(d.s, "f4", "bijenkorf"));
    CHECK(d.name("f4") == "bijenkorf.jpg");
    d.ok(rename(d.s, "f4", "Bijenkorf.JPG"));  // typed with its extension: not twice
    CHECK(d.name("f4") == "Bijenkorf.JPG");
    // Refused: empty, forbidden characters, too long, a name the folder has (ignoring case).
    CHECK(rename(d.s, "f4", "   ").problem == Problem::BadName);
    CHECK(rename(d.s, "f4", "bij/korf").problem == Problem::BadName);
    CHECK(rename(d.s, "f4", "wat?").problem == Problem::BadName);
    CHECK(rename(d.s, "f4", std::string(kMaxNameBytes + 1, 'a')).problem == Problem::BadName);
    CHECK(rename(d.s, "new2", "spreekbeurt BIJEN").problem == Problem::NameTaken);
    CHECK(rename(d.s, "f1", "bij-op-bloem (1)").problem == Problem::NameTaken);
    CHECK(rename(d.s, "zzz", "a").problem == Problem::NotFound);
    CHECK(validName("één bij.jpg"));
    CHECK_FALSE(validName(".."));
}

TEST_CASE("files: move by id - not into itself - not onto a name taken - not inside the bin") {
    Disk d;
    d.ok(move(d.s, "f1", "pics"));
    CHECK(d.parent("f1") == "pics");
    CHECK(d.listed() == std::vector<std::string>{"f2", "f4", "f3"});
    d.ok(move(d.s, "f5", "docs"));
    d.ok(move(d.s, "docs", "pics"));  // a folder moves with what is in it
    CHECK(d.parent("docs") == "pics");
    CHECK(pathTo(d.s, "school") == std::vector<std::string>{"home", "pics", "docs", "school"});
    CHECK(move(d.s, "pics", "school").problem == Problem::IntoItself);
    CHECK(move(d.s, "pics", "pics").problem == Problem::IntoItself);
    CHECK(move(d.s, "f1", "f2").problem == Problem::NotFound);
    CHECK(move(d.s, "f1", "elders").problem == Problem::NotFound);
    // Moving where it is changes nothing and is no problem.
    CHECK(move(d.s, "f1", "pics").state == d.s);
    // A name the target holds already.
    d.ok(rename(d.s, "f2", "bij-op-bloem.jpg"));  // in downloads: f1 has left
    CHECK(move(d.s, "f2", "pics").problem == Problem::NameTaken);
    // Onto the bin is deleting; what is in a deleted folder cannot be moved out alone.
    d.ok(move(d.s, "f2", "bin"));
    CHECK(d.s.bin == std::vector<std::string>{"f2"});
    d.ok(remove(d.s, "pics"));
    CHECK(move(d.s, "f1", "home").problem == Problem::InBin);
    CHECK(move(d.s, "f4", "docs").problem == Problem::InBin);  // docs is inside pics, in the bin
    // From the bin to a folder: out of the bin.
    d.ok(move(d.s, "f2", "home"));
    CHECK(d.s.bin == std::vector<std::string>{"pics"});
    CHECK(d.parent("f2") == "home");
}

TEST_CASE("files: copy and paste - a folder with what is in it - names made free") {
    Disk d;
    CHECK(paste(d.s, "docs").problem == Problem::NothingCopied);
    d.ok(copy(d.s, "f3"));
    CHECK(d.s.clipboard == "f3");
    Outcome pasted = paste(d.s, "downloads");
    d.ok(pasted);
    CHECK(pasted.id == "copy1");
    CHECK(d.name("copy1") == "spreekbeurt (2).docx");
    CHECK(find(d.s, "copy1")->origin == "f3");
    CHECK(find(d.s, "copy1")->bytes == 24 * 1024);
    d.ok(paste(d.s, "school"));
    CHECK(d.name("copy2") == "spreekbeurt.docx");
    CHECK(d.parent("copy2") == "school");
    // A folder is copied with what is in it, in tree order, whatever order things were made in.
    d.ok(newFolder(d.sc, d.s, "home", "Project"));
    d.ok(move(d.s, "f1", "new1"));
    d.ok(copy(d.s, "new1"));
    d.ok(paste(d.s, "pics"));
    CHECK(d.parent("copy3") == "pics");
    CHECK(d.name("copy3") == "Project");
    CHECK(find(d.s, "copy3")->origin.empty());  // a copy of a new folder is a folder made
    CHECK(d.parent("copy4") == "copy3");
    CHECK(find(d.s, "copy4")->origin == "f1");
    CHECK(copy(d.s, "nergens").problem == Problem::NotFound);
    d.ok(copy(d.s, "docs"));
    CHECK(paste(d.s, "school").problem == Problem::IntoItself);
    CHECK(paste(d.s, "bin").problem == Problem::InBin);
    // What a pupil can make is bounded.
    d.ok(copy(d.s, "f4"));
    Problem last = Problem::None;
    for (size_t i = 0; i < kMaxMade + 2 && last == Problem::None; ++i) {
        const Outcome o = paste(d.s, "home");
        last = o.problem;
        if (o.changed()) d.s = o.state;
    }
    CHECK(last == Problem::TooMany);
    CHECK(newFolder(d.sc, d.s, "home", "Nog een").problem == Problem::TooMany);
}

TEST_CASE("files: delete to the bin and restore - the open folder follows - the clipboard empties") {
    Disk d;
    d.ok(open(d.s, "school"));
    d.ok(copy(d.s, "f3"));
    d.ok(move(d.s, "f3", "school"));
    d.ok(remove(d.s, "docs"));
    CHECK(d.s.bin == std::vector<std::string>{"docs"});
    CHECK(inBin(d.s, "school"));
    CHECK(inBin(d.s, "f3"));
    CHECK(d.s.open == "home");     // the folder shown was inside what went
    CHECK(d.s.clipboard.empty());  // what was copied is in the bin
    CHECK(remove(d.s, "f3").problem == Problem::InBin);
    CHECK(open(d.s, "school").problem == Problem::InBin);
    CHECK(pathTo(d.s, "school") == std::vector<std::string>{"bin", "docs", "school"});
    d.ok(open(d.s, "bin"));
    CHECK(d.listed() == std::vector<std::string>{"docs"});
    d.ok(remove(d.s, "f1"));
    CHECK(d.listed() == std::vector<std::string>{"docs", "f1"});  // folders first
    // Restore: back where it came from.
    d.ok(restore(d.s, "f1"));
    CHECK(d.parent("f1") == "downloads");
    CHECK_FALSE(inBin(d.s, "f1"));
    CHECK(restore(d.s, "f1").problem == Problem::NotFound);
    CHECK(restore(d.s, "school").problem == Problem::NotFound);  // only what was deleted itself
    // Not into a folder that is in the bin itself; not onto a name taken.
    d.ok(restore(d.s, "docs"));
    d.ok(remove(d.s, "f3"));
    d.ok(remove(d.s, "school"));
    CHECK(restore(d.s, "f3").problem == Problem::ParentInBin);
    d.ok(restore(d.s, "school"));
    d.ok(restore(d.s, "f3"));
    d.ok(remove(d.s, "f1"));
    d.ok(rename(d.s, "f2", "bij-op-bloem.jpg"));
    CHECK(restore(d.s, "f1").problem == Problem::NameTaken);
}

TEST_CASE("files: undo puts back every kind of action - newest first - and stops when there is nothing") {
    Disk d;
    CHECK(undo(d.s).problem == Problem::NothingToUndo);
    CHECK(undoKind(d.s).empty());
    const State begin = d.s;
    d.ok(move(d.s, "f1", "pics"));
    CHECK(rename(d.s, "f4", "korf: bijen%").problem == Problem::BadName);  // : is refused
    d.ok(rename(d.s, "f4", "korf bijen 100%"));
    d.ok(remove(d.s, "f2"));
    d.ok(restore(d.s, "f2"));
    d.ok(remove(d.s, "f2"));
    d.ok(newFolder(d.sc, d.s, "docs", "Nieuwe map"));
    d.ok(copy(d.s, "f3"));
    d.ok(paste(d.s, "new1"));
    d.ok(move(d.s, "f2", "school"));  // out of the bin
    const std::vector<std::string> kinds = {"move",    "paste",  "new-folder", "delete",
                                            "restore", "delete", "rename",     "move"};
    for (const std::string& kind : kinds) {
        CHECK(undoKind(d.s) == kind);
        d.ok(undo(d.s));
        if (kind == "move" && d.s.undo.size() == 7) {
            CHECK(inBin(d.s, "f2"));  // back in the bin it came from
        }
        if (kind == "paste") CHECK_FALSE(find(d.s, "copy1"));
        if (kind == "new-folder") CHECK_FALSE(find(d.s, "new1"));
        if (kind == "rename") CHECK(d.name("f4") == "IMG_2041.jpg");
    }
    CHECK(d.s.nodes == begin.nodes);
    CHECK(d.s.bin.empty());
    CHECK(d.s.clipboard == "f3");  // copying is no change to the disk: undo leaves it
    CHECK(undo(d.s).problem == Problem::NothingToUndo);
    // Undo remembers kMaxUndo steps.
    for (size_t i = 0; i < kMaxUndo + 5; ++i) d.ok(move(d.s, "f1", i % 2 ? "docs" : "pics"));
    CHECK(d.s.undo.size() == kMaxUndo);
    // Undoing a new folder that is open shows its folder.
    d.ok(newFolder(d.sc, d.s, "docs", "Weg"));
    d.ok(open(d.s, "new1"));
    d.ok(undo(d.s));
    CHECK(d.s.open == "docs");
}

TEST_CASE("files: sort by each column both ways - folders first - search in the folder and below") {
    Disk d;
    d.ok(open(d.s, "home"));
    d.ok(move(d.s, "f1", "home"));
    d.ok(move(d.s, "f4", "home"));
    CHECK(d.listed() == std::vector<std::string>{"pics", "docs", "downloads", "f1", "f5", "f4"});
    d.ok(sortBy(d.s, Column::Name));  // the same column: the other way round
    CHECK(d.s.descending);
    CHECK(d.listed() == std::vector<std::string>{"downloads", "docs", "pics", "f4", "f5", "f1"});
    d.ok(sortBy(d.s, Column::Size));
    CHECK_FALSE(d.s.descending);
    CHECK(d.listed() == std::vector<std::string>{"pics", "docs", "downloads", "f5", "f1", "f4"});
    d.ok(sortBy(d.s, Column::Modified));
    CHECK(d.listed() == std::vector<std::string>{"pics", "downloads", "docs", "f5", "f1", "f4"});  // undated first
    d.ok(sortBy(d.s, Column::Type));
    d.ok(sortBy(d.s, Column::Type));
    CHECK(d.listed() == std::vector<std::string>{"downloads", "docs", "pics", "f5", "f4", "f1"});
    // Search: names holding the text, ignoring case, in the open folder and the folders in it.
    d.ok(sortBy(d.s, Column::Name));
    d.ok(search(d.s, "  BIJ "));
    CHECK(d.s.search == "BIJ");
    CHECK(d.listed() == std::vector<std::string>{"f2", "f1"});
    d.ok(open(d.s, "docs"));  // opening a folder ends the search
    CHECK(d.s.search.empty());
    d.ok(search(d.s, "bij"));
    CHECK(d.listed().empty());
    d.ok(search(d.s, "o"));
    CHECK(d.listed() == std::vector<std::string>{"school"});
    d.ok(search(d.s, std::string(200, 'x')));
    CHECK(d.s.search.size() == kMaxSearchBytes);
    d.ok(remove(d.s, "school"));
    d.ok(open(d.s, "bin"));
    d.ok(search(d.s, "chool"));
    CHECK(d.listed() == std::vector<std::string>{"school"});
}

TEST_CASE("files: the state is a record that comes back whole through the stored JSON") {
    Disk d;
    const Value untouched = toResponse(d.sc, d.s);
    CHECK(untouched.cardinality == Cardinality::Record);
    CHECK(untouched.field("open")->value == "downloads");
    CHECK_FALSE(untouched.field("where"));  // nothing differs from the scenario
    CHECK(fromResponse(d.sc, untouched) == d.s);
    d.ok(newFolder(d.sc, d.s, "docs", "Nieuwe map"));
    d.ok(rename(d.s, "new1", "Spreek beurt 100%"));
    d.ok(move(d.s, "f3", "new1"));
    d.ok(copy(d.s, "f3"));
    d.ok(paste(d.s, "school"));
    d.ok(remove(d.s, "f2"));
    d.ok(sortBy(d.s, Column::Size));
    d.ok(sortBy(d.s, Column::Size));
    d.ok(search(d.s, "spreek beurt"));
    const Value v = toResponse(d.sc, d.s);
    CHECK(v.field("where")->value == "f3:new1 new1:docs copy1:school");
    CHECK(v.field("names")->value == "new1:Spreek%20beurt%20100%25 copy1:spreekbeurt.docx");
    CHECK(v.field("made")->value == "new1 copy1:f3");
    CHECK(v.field("bin")->value == "f2");
    CHECK(v.field("clipboard")->value == "f3");
    CHECK(v.field("sort")->value == "size");
    CHECK(v.field("descending")->value == "true");
    CHECK(v.field("search")->value == "spreek beurt");
    CHECK(v.field("undo")->value ==
          "new-folder:new1 rename:new1:Nieuwe%20map move:f3:downloads:0 paste:copy1 delete:f2:downloads:0");
    // Through the JSON the store keeps: the same value, the same disk, and undo still works.
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Record, BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    const State back = fromResponse(d.sc, stored);
    CHECK(back == d.s);
    CHECK(undo(back).state.bin.empty());
}

TEST_CASE("files: nothing stored or a state that does not fit the scenario is the scenario's disk") {
    Disk d;
    CHECK(fromResponse(d.sc, Value::null(Cardinality::Record, BaseType::String)) == d.s);
    CHECK(fromResponse(d.sc, Value::single(BaseType::String, "open")) == d.s);
    d.ok(newFolder(d.sc, d.s, "docs", "Nieuwe map"));
    d.ok(move(d.s, "f1", "new1"));
    const Value good = toResponse(d.sc, d.s);
    REQUIRE(fromResponse(d.sc, good) == d.s);
    auto with = [&](const std::string& field, const std::string& text) {
        Value v = good;
        bool there = false;
        for (auto& f : v.fields)
            if (f.name == field) {
                f.value = text;
                there = true;
            }
        if (!there) v.fields.push_back({field, BaseType::String, text});
        return fromResponse(d.sc, v);
    };
    const State fresh = start(d.sc);
    CHECK(with("open", "f1") == fresh);                            // a file is not a folder
    CHECK(with("open", "nergens") == fresh);                       //
    CHECK(with("where", "f1:new1 new1:new1") == fresh);            // a folder inside itself
    CHECK(with("where", "f1:new1 new1:docs docs:new1") == fresh);  // a circle
    CHECK(with("where", "f1:f2 new1:docs") == fresh);              // into a file
    CHECK(with("where", "f1:new1") == fresh);                      // something made has no place
    CHECK(with("where", "f1:new1 new1:docs x") == fresh);
    CHECK(with("names", "new1:a/b") == fresh);  // a name that is not one
    CHECK(with("names", "new1:a%2") == fresh);  // a broken escape
    CHECK(with("names", "") == fresh);          // something made has no name
    CHECK(with("made", "new1 new1") == fresh);
    CHECK(with("made", "new1 copy1:zzz") == fresh);  // a copy of nothing
    CHECK(with("made", "f1") == fresh);
    CHECK(with("bin", "zzz") == fresh);
    CHECK(with("bin", "f1 f1") == fresh);
    CHECK(with("clipboard", "zzz") == fresh);
    CHECK(with("sort", "colour") == fresh);
    CHECK(with("search", std::string(kMaxSearchBytes + 1, 'x')) == fresh);
    CHECK(with("undo", "fly:f1") == fresh);
    CHECK(with("undo", "move:f1:docs") == fresh);
    std::string many;
    for (size_t i = 0; i <= kMaxMade; ++i) many += "new" + std::to_string(i + 1) + " ";
    CHECK(with("made", many) == fresh);
    // A step undo cannot carry out any more is refused, not a crash.
    State odd = d.s;
    odd.undo = {"move:zzz:docs:0"};
    CHECK(undo(odd).problem == Problem::NothingToUndo);
}

TEST_CASE("files: a bad scenario is refused at load with file line and element") {
    const std::string xml = dlk::test::readFile(kItem);
    const int filesLine = lineOf(xml, "<dlk:files ");
    const int f1Line = lineOf(xml, "<dlk:file id=\"f1\"");
    auto refused = [&](const std::string& from, const std::string& to, int line, const std::string& words) {
        const std::string e = loadError(itemWith(from, to));
        CHECK_MESSAGE(contains(e, "files.xml:" + std::to_string(line) + ":"), e);
        CHECK_MESSAGE(contains(e, words), e);
    };
    const std::string f1 = "<dlk:file id=\"f1\" name=\"bij-op-bloem.jpg\"";
    refused(f1, "<dlk:page id=\"f1\" name=\"bij-op-bloem.jpg\"", f1Line, "<dlk:page> is not part of a file manager");
    refused(f1, "<dlk:file id=\"f2\" name=\"bij-op-bloem.jpg\"", f1Line + 1, "id='f2' is used twice");
    refused(f1, "<dlk:file id=\"bin\" name=\"bij-op-bloem.jpg\"", f1Line, "id='bin' is reserved");
    refused(f1, "<dlk:file id=\"copy3\" name=\"bij-op-bloem.jpg\"", f1Line, "id='copy3' is reserved");
    refused(f1, "<dlk:file id=\"1f\" name=\"bij-op-bloem.jpg\"", f1Line, "id='1f' is not an id");
    refused(f1, "<dlk:file name=\"bij-op-bloem.jpg\"", f1Line, "<dlk:file> has no id");
    refused(f1, "<dlk:file id=\"f1\" name=\"bij/bloem.jpg\"", f1Line, "is not a file name");
    refused(f1, "<dlk:file id=\"f1\" name=\"" + std::string(kMaxNameBytes + 1, 'a') + "\"", f1Line,
            "is not a file name");
    refused(f1, "<dlk:file id=\"f1\" name=\"IMG_2041.JPG\"", f1Line + 3, "is in this folder already");
    refused(f1, "<dlk:file id=\"f1\" colour=\"red\" name=\"x.jpg\"", f1Line, "has no attribute 'colour'");
    refused("type=\"picture\"", "type=\"photo\"", f1Line, "type='photo' is no file type");
    refused("size=\"1.2 MB\"", "size=\"1.2 parsecs\"", f1Line, "size='1.2 parsecs' is not a size");
    refused("size=\"1.2 MB\"", "size=\"2048 GB\"", f1Line, "below 1 TB");
    refused("modified=\"2025-03-02T16:40\"", "modified=\"2 maart\"", f1Line, "modified='2 maart' is not a date");
    refused("modified=\"2025-03-02T16:40\"", "modified=\"2025-13-02\"", f1Line, "is not a date");
    refused("open=\"downloads\"", "open=\"f1\"", filesLine, "open='f1' names no folder");
    refused("today=\"2025-03-14\"", "today=\"morgen\"", filesLine, "today='morgen' is not a date");
    refused("open=\"downloads\"", "open=\"downloads\" start=\"docs\"", filesLine, "has no attribute 'start'");
    refused("<dlk:folder id=\"pics\" name=\"Afbeeldingen\"/>",
            "<dlk:folder id=\"pics\" name=\"Afbeeldingen\">tekst</dlk:folder>", lineOf(xml, "id=\"pics\""),
            "holds text 'tekst'");
    refused("size=\"800 kB\"/>", "size=\"800 kB\"><dlk:file id=\"f9\" name=\"a\"/></dlk:file>",
            lineOf(xml, "id=\"f5\""), "is inside a file");
    // Bounds: depth and numbers.
    std::string deep, close;
    for (int i = 0; i <= kMaxDepth; ++i) {
        deep += "<dlk:folder id=\"d" + std::to_string(i) + "\" name=\"d\">";
        close += "</dlk:folder>";
    }
    CHECK(contains(loadError(itemWith("<dlk:folder id=\"pics\" name=\"Afbeeldingen\"/>", deep + close)),
                   "lies deeper than 6 folders"));
    std::string many;
    for (size_t i = 0; i <= kMaxFiles; ++i)
        many += "<dlk:file id=\"m" + std::to_string(i) + "\" name=\"m" + std::to_string(i) + ".txt\"/>";
    CHECK(contains(loadError(itemWith("<dlk:folder id=\"pics\" name=\"Afbeeldingen\"/>", many)),
                   "one file too many (at most 60)"));
    std::string folders;
    for (size_t i = 0; i <= kMaxFolders; ++i)
        folders += "<dlk:folder id=\"m" + std::to_string(i) + "\" name=\"m" + std::to_string(i) + "\"/>";
    CHECK(contains(loadError(itemWith("<dlk:folder id=\"pics\" name=\"Afbeeldingen\"/>", folders)),
                   "one folder too many"));
}

TEST_CASE("files: the outputs are checked at load - declared - and of the kind each needs") {
    const Item item = loadItemFile(kItem);
    REQUIRE(item.environments.count("RESPONSE"));
    CHECK(item.environments.at("RESPONSE").environment == "files");
    CHECK(item.environments.at("RESPONSE").outputs == std::vector<std::string>{"PLACED", "NAMES", "PATHS", "COPIES"});
    CHECK(contains(loadError(itemWith("placement-response=\"PLACED\"", "placement-response=\"WHERE\"")),
                   "placement-response='WHERE' names no declared response"));
    CHECK(contains(loadError(itemWith("identifier=\"PLACED\" cardinality=\"multiple\" base-type=\"directedPair\"",
                                      "identifier=\"PLACED\" cardinality=\"multiple\" base-type=\"pair\"")),
                   "must be declared multiple directedPair"));
    CHECK(contains(loadError(itemWith("<qti-response-declaration identifier=\"NAMES\" cardinality=\"record\">",
                                      "<qti-response-declaration identifier=\"NAMES\" cardinality=\"multiple\" "
                                      "base-type=\"string\">")),
                   "must be declared record"));
    CHECK(contains(loadError(itemWith("identifier=\"RESPONSE\" cardinality=\"record\"",
                                      "identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"string\"")),
                   "the files yields a record response"));
    // Outputs are optional: without them the state alone is stored.
    std::string bare = itemWith("placement-response=\"PLACED\" names-response=\"NAMES\"", "");
    bare.replace(bare.find("paths-response=\"PATHS\" copies-response=\"COPIES\""), 47, "");
    const Item alone = parseItemXml(bare, "bare.xml");
    const auto all = sim::responsesFor(kType, alone.environments.at("RESPONSE"), "RESPONSE", Value());
    CHECK(all.size() == 1);
}

TEST_CASE("files: the outputs say where everything is - and the item scores them with standard operators") {
    Disk d;
    CHECK(d.score() == 0);  // the disk as it was: nothing done
    VariableMap r = d.responses();
    REQUIRE(r.count("PLACED"));
    CHECK(r.at("PLACED").items.size() == 9);
    CHECK(std::count(r.at("PLACED").items.begin(), r.at("PLACED").items.end(), "f1 downloads") == 1);
    CHECK(std::count(r.at("PLACED").items.begin(), r.at("PLACED").items.end(), "docs home") == 1);
    CHECK(r.at("NAMES").isNull());   // nothing renamed or made
    CHECK(r.at("COPIES").isNull());  // nothing copied
    CHECK(r.at("PATHS").field("school")->value == "home/docs");
    CHECK(r.at("PATHS").field("f5")->value == "home");
    // One point each: a picture moved, the duplicate deleted, the talk in a new bee folder in
    // Documenten, the photo named after what it shows, a copy of the sound in School.
    d.ok(move(d.s, "f1", "pics"));
    CHECK(d.score() == 1);
    d.ok(remove(d.s, "f2"));
    CHECK(d.score() == 2);
    const Outcome made = newFolder(d.sc, d.s, "docs", "Nieuwe map");
    d.ok(made);
    d.ok(move(d.s, "f3", made.id));
    CHECK(d.score() == 2);  // a folder, but its name says nothing yet
    d.ok(rename(d.s, made.id, "Spreekbeurt bijen"));
    CHECK(d.responses().at("PATHS").field("f3")->value == "home/docs/Spreekbeurt bijen");
    CHECK(d.score() == 3);
    d.ok(rename(d.s, "f4", "bijenkorf"));
    CHECK(d.responses().at("NAMES").field("f4")->value == "bijenkorf.jpg");
    CHECK(d.score() == 4);
    d.ok(copy(d.s, "f5"));
    d.ok(paste(d.s, "school"));
    CHECK(d.responses().at("COPIES").items == std::vector<std::string>{"f5 school"});
    CHECK(d.score() == 5);
    // Renaming Documenten changes no path: scenario folders are paths by id.
    d.ok(rename(d.s, "docs", "Mijn spullen"));
    CHECK(d.score() == 5);
    // In English, the same scoring: the bee folder may be called Bee talk.
    d.ok(rename(d.s, made.id, "Bee talk"));
    CHECK(d.score() == 5);
    // What is in a deleted folder: its folder is in the bin, and so is its path.
    d.ok(remove(d.s, made.id));
    r = d.responses();
    CHECK(std::count(r.at("PLACED").items.begin(), r.at("PLACED").items.end(), "f3 new1") == 1);
    CHECK(std::count(r.at("PLACED").items.begin(), r.at("PLACED").items.end(), "new1 bin") == 1);
    CHECK(r.at("PATHS").field("f3")->value == "bin/Bee talk");
    CHECK(r.at("PATHS").field("new1")->value == "bin");
    CHECK(d.score() == 4);
    // A copy in the bin is no copy kept.
    d.ok(remove(d.s, "copy1"));
    CHECK(d.responses().at("COPIES").isNull());
    CHECK(d.score() == 3);
    // Undo all the way: nothing scores again.
    while (undo(d.s).changed()) d.s = undo(d.s).state;
    CHECK(d.score() == 0);
}

TEST_CASE("files: the demo leaves the disk the correct responses describe at 1 - and untouched at 0") {
    const Item item = loadItemFile(kItem);
    std::mt19937_64 rng(11);
    int some = 0;
    for (int i = 0; i < 40; ++i) {
        const VariableMap best = simulateResponse(item, 1.0, rng);
        REQUIRE(best.count("RESPONSE"));
        CHECK(best.count("PLACED"));
        CHECK(best.count("PATHS"));
        CHECK(scoreOf(item, best) == 5);
        const VariableMap worst = simulateResponse(item, 0.0, rng);
        CHECK(scoreOf(item, worst) == 0);
        const double half = scoreOf(item, simulateResponse(item, 0.5, rng));
        some += half > 0 && half < 5;
    }
    CHECK(some > 15);
}

TEST_CASE("files: actions are short process-data codes of ids - never typed text") {
    CHECK(sim::actionDetail("files", {"move", "f1:docs"}) == "files.move=f1:docs");
    CHECK(processDetail(sim::actionDetail("files", {"move", "f1:docs"})) == "files.move=f1:docs");
    CHECK(sim::actionDetail("files", {"undo", "new-folder"}) == "files.undo=new-folder");
    CHECK(sim::actionDetail("files", {"search", ""}) == "files.search");
    CHECK(sim::findEnvironment("files") == &kType);
    for (Column c : {Column::Name, Column::Type, Column::Size, Column::Modified})
        CHECK(columnFromName(columnName(c)) == c);
    for (int t = 0; t <= static_cast<int>(FileType::Other); ++t)
        CHECK(typeFromName(typeName(static_cast<FileType>(t))) == static_cast<FileType>(t));
    CHECK_FALSE(columnFromName("colour").has_value());
}

TEST_CASE("files: the bank items - the demo scores full marks at 1 and nothing at 0 in both languages") {
    const std::string dir = DLK_SOURCE_ITEMS;
    std::mt19937_64 rng(5);
    for (const char* lang : {"nl", "en"})
        for (const char* file :
             {"/m00-oefenen/%s/oefenen-13-bestanden.xml", "/m04-spreekbeurt/%s/spreekbeurt-14-opruimen.xml",
              "/m04-spreekbeurt/%s/spreekbeurt-15-map-maken.xml"}) {
            char path[200];
            std::snprintf(path, sizeof path, file, lang);
            INFO(path);
            const Item item = loadItemFile(dir + path);
            REQUIRE(item.environments.count("RESPONSE"));
            REQUIRE(item.maxScore() > 0);
            for (int i = 0; i < 5; ++i) {
                CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == doctest::Approx(item.maxScore()));
                CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
            }
        }
}

TEST_CASE("files: the bank items score what the pupil did - one point a task") {
    const std::string dir = DLK_SOURCE_ITEMS;
    auto scored = [](const Item& item, const State& s) {
        const auto& sc = static_cast<const FilesScenario&>(*item.environments.at("RESPONSE").scenario);
        const auto all = sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE", toResponse(sc, s));
        return scoreOf(item, VariableMap(all.begin(), all.end()));
    };
    auto must = [](const Outcome& o) {
        REQUIRE_MESSAGE(o.changed(), "refused: " << static_cast<int>(o.problem));
        return o.state;
    };
    {
        // Tidying Downloads: f1 and f2 are one photo downloaded twice, a minute apart, so either is
        // the duplicate to throw away and the other the photo to keep; throwing both away keeps none.
        const Item item = loadItemFile(dir + "/m04-spreekbeurt/nl/spreekbeurt-14-opruimen.xml");
        const auto& sc = static_cast<const FilesScenario&>(*item.environments.at("RESPONSE").scenario);
        State s = start(sc);
        CHECK(scored(item, s) == 0);
        s = must(move(s, "f4", "docs"));
        CHECK(scored(item, s) == 1);
        s = must(move(s, "f3", "pics"));
        s = must(remove(s, "f1"));
        CHECK(scored(item, s) == 2);  // the talk, and one copy in the bin
        CHECK(scored(item, must(move(s, "f2", "pics"))) == 3);
        CHECK(scored(item, must(remove(s, "f2"))) == 1);  // both copies thrown away: no bee photo kept
        s = must(undo(s));
        s = must(move(s, "f1", "pics"));
        CHECK(scored(item, s) == 2);
        s = must(remove(s, "f2"));
        CHECK(scored(item, s) == 3);
    }
    {
        // A folder for the talk, in English: any name with "bee", straight inside Documents.
        const Item item = loadItemFile(dir + "/m04-spreekbeurt/en/spreekbeurt-15-map-maken.xml");
        const auto& sc = static_cast<const FilesScenario&>(*item.environments.at("RESPONSE").scenario);
        State s = start(sc);
        const Outcome made = newFolder(sc, s, "school", "New folder");  // in Homework: too deep
        s = must(made);
        s = must(rename(s, made.id, "Bee talk"));
        s = must(move(s, "f1", made.id));
        CHECK(scored(item, s) == 0);
        s = must(move(s, made.id, "docs"));
        CHECK(scored(item, s) == 1);
        s = must(move(s, "f2", made.id));
        CHECK(scored(item, s) == 2);
        s = must(rename(s, "f3", "my photo"));
        CHECK(scored(item, s) == 2);
        s = must(rename(s, "f3", "beehive"));
        CHECK(find(s, "f3")->name == "beehive.jpg");
        CHECK(scored(item, s) == 3);
    }
}
