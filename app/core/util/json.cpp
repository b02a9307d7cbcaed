#include "util/json.h"

#include <iterator>

#include "util/error.h"

namespace dlk {

namespace {

// A pointer into the text that counts the bytes nlohmann's lexer has taken, so that the problems
// found between tokens (too deep, a number beyond a double) name an offset as syntax errors do.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* p, size_t* taken) : m_p(p), m_taken(taken) {}
    reference operator*() const { return *m_p; }
    CountingIterator& operator++() {
        ++m_p;
        ++*m_taken;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return m_p == other.m_p; }

private:
    const char* m_p;
    size_t* m_taken;
};

struct TooDeep {};

// nlohmann's reason without its "[json.exception...] parse error at line L, column C: " prefix and
// without "; last read: '...'", which would repeat up to 16 MiB of the input (and its bad bytes).
std::string reasonOf(const Json::parse_error& e) {
    std::string s = e.what();
    if (const size_t colon = s.find(": "); colon != std::string::npos) s.erase(0, colon + 2);
    if (const size_t lastRead = s.find("; last read"); lastRead != std::string::npos) s.erase(lastRead);
    return s;
}

}  // namespace

Json parseJson(std::string_view text, std::string_view what) {
    if (text.size() > kJsonMaxBytes)
        throw Error(ErrorKind::Parse, std::string(what) + ": JSON of " + std::to_string(text.size()) +
                                          " bytes is larger than the limit of " + std::to_string(kJsonMaxBytes >> 20) +
                                          " MiB");
    auto refused = [&](size_t offset, const std::string& why) {
        return Error(ErrorKind::Parse,
                     std::string(what) + ": invalid JSON at offset " + std::to_string(offset) + ": " + why);
    };
    // The callback sees each value (and each array or object as it opens) with its depth; it stops
    // the parser before it goes deeper, so hostile input cannot build a tree that deep.
    const Json::parser_callback_t bounded = [](int depth, Json::parse_event_t event, Json&) {
        const bool startsValue = event == Json::parse_event_t::value || event == Json::parse_event_t::array_start ||
                                 event == Json::parse_event_t::object_start;
        if (startsValue && depth > kJsonMaxDepth) throw TooDeep{};
        return true;
    };
    size_t taken = 0;
    const auto lastTaken = [&] { return taken > 0 ? taken - 1 : 0; };
    try {
        return Json::parse(CountingIterator(text.data(), &taken), CountingIterator(text.data() + text.size(), &taken),
                           bounded);
    } catch (const TooDeep&) {
        throw refused(lastTaken(), "nested deeper than " + std::to_string(kJsonMaxDepth) + " levels");
    } catch (const Json::parse_error& e) {
        // e.byte counts the bytes read up to and including the one refused.
        throw refused(e.byte > 0 ? e.byte - 1 : 0, reasonOf(e));
    } catch (const Json::out_of_range&) {
        throw refused(lastTaken(), "number out of range");
    }
}

std::string dumpJson(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dlk
