#include "ui/widgets/wide_text.h"

#include <imgui_stdlib.h>

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "util/text.h"

namespace dlk::ui {

namespace {

// The Basic Multilingual Plane's private-use area: ImGui keeps these 16-bit characters as they are
// and a keyboard never types them (ImGui even filters them from typed input), so they can stand in
// for others. 6,400 distinct characters in one run of the kiosk; beyond that, U+FFFD.
constexpr uint32_t kStandInFirst = 0xE000, kStandInLast = 0xF8FF;
constexpr uint32_t kReplacement = 0xFFFD;

struct StandIns {
    std::unordered_map<uint32_t, uint32_t> toStandIn;
    std::vector<uint32_t> original;  // index: stand-in - kStandInFirst
    std::deque<uint32_t> typed;      // characters beyond U+FFFF typed this frame, in order
};

StandIns& standIns() {
    static StandIns s;
    return s;
}

bool needsStandIn(uint32_t cp) {
    return cp > 0xFFFF || (cp >= kStandInFirst && cp <= kStandInLast);
}

uint32_t standInFor(uint32_t cp) {
    StandIns& s = standIns();
    if (const auto it = s.toStandIn.find(cp); it != s.toStandIn.end()) return it->second;
    if (s.original.size() > kStandInLast - kStandInFirst) return kReplacement;
    const auto standIn = static_cast<uint32_t>(kStandInFirst + s.original.size());
    s.original.push_back(cp);
    s.toStandIn.emplace(cp, standIn);
    return standIn;
}

// Decodes one UTF-8 character at s[i]; false (and one byte consumed) on a malformed sequence.
bool decode(const std::string& s, size_t& i, uint32_t& cp) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
        ++i;
        return false;
    }
    cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) {
            ++i;
            return false;
        }
        cp = (cp << 6) | (b(i + k) & 0x3Fu);
    }
    i += n;
    return true;
}

template <typename Map>
std::string mapText(const std::string& text, Map map) {
    std::string out;
    out.reserve(text.size() + 8);
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        uint32_t cp = 0;
        if (!decode(text, i, cp)) {
            out.append(text, start, i - start);  // a stray byte stays what it was
            continue;
        }
        const uint32_t mapped = map(cp);
        if (mapped == cp)
            out.append(text, start, i - start);
        else
            appendUtf8(out, mapped);
    }
    return out;
}

const char* (*g_getClipboard)(void*) = nullptr;
void (*g_setClipboard)(void*, const char*) = nullptr;
void* g_clipboardUser = nullptr;

const char* getWideClipboard(void*) {
    static std::string text;
    const char* raw = g_getClipboard ? g_getClipboard(g_clipboardUser) : nullptr;
    text = toImGuiText(raw ? raw : "");
    return text.c_str();
}

void setWideClipboard(void*, const char* text) {
    if (g_setClipboard) g_setClipboard(g_clipboardUser, fromImGuiText(text ? text : "").c_str());
}

}  // namespace

void addTypedCharacter(unsigned int codePoint) {
    ImGuiIO& io = ImGui::GetIO();
    if (codePoint > 0xFFFF && codePoint <= 0x10FFFF) {
        standIns().typed.push_back(codePoint);
        io.AddInputCharacter(kReplacement);
        return;
    }
    io.AddInputCharacter(codePoint);
}

void endFrameTypedCharacters() {
    standIns().typed.clear();
}

int wideCharFilter(ImGuiInputTextCallbackData* data) {
    auto& typed = standIns().typed;
    if (data->EventFlag != ImGuiInputTextFlags_CallbackCharFilter || data->EventChar != kReplacement || typed.empty())
        return 0;
    data->EventChar = static_cast<ImWchar>(standInFor(typed.front()));
    typed.pop_front();
    return 0;
}

std::string toImGuiText(const std::string& utf8) {
    return mapText(utf8, [](uint32_t cp) { return needsStandIn(cp) ? standInFor(cp) : cp; });
}

std::string fromImGuiText(const std::string& text) {
    const StandIns& s = standIns();
    return mapText(text, [&s](uint32_t cp) {
        if (cp < kStandInFirst || cp > kStandInLast) return cp;
        const size_t index = cp - kStandInFirst;
        return index < s.original.size() ? s.original[index] : cp;
    });
}

void limitUtf8Bytes(ImGuiInputTextCallbackData* data, size_t maxBytes) {
    const auto len = static_cast<size_t>(data->BufTextLen);
    if (len + len / 3 <= maxBytes) return;  // fits even if every character were a 3-byte stand-in
    const std::string text(data->Buf, static_cast<size_t>(data->BufTextLen));
    size_t stored = 0;
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        uint32_t cp = 0;
        decode(text, i, cp);
        // A stand-in counts as the character it stands for (an emoji: 4 bytes, its stand-in 3).
        stored += fromImGuiText(text.substr(start, i - start)).size();
        if (stored > maxBytes) {
            data->DeleteChars(static_cast<int>(start), data->BufTextLen - static_cast<int>(start));
            return;
        }
    }
}

namespace {

struct Utf8Field {
    size_t maxBytes;
};

int utf8FieldCallback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return wideCharFilter(data);
    const auto& f = *static_cast<const Utf8Field*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit && f.maxBytes > 0) limitUtf8Bytes(data, f.maxBytes);
    return 0;
}

}  // namespace

bool inputUtf8Text(const char* id, std::string& text, size_t maxBytes, ImGuiInputTextFlags flags, const char* hint) {
    const std::string shown = toImGuiText(text);
    std::string field = shown;
    Utf8Field f{maxBytes};
    flags |= ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackEdit;
    const bool result = hint ? ImGui::InputTextWithHint(id, hint, &field, flags, utf8FieldCallback, &f)
                             : ImGui::InputText(id, &field, flags, utf8FieldCallback, &f);
    // ImGui writes every edit to the buffer, whatever it returns.
    if (field != shown) text = fromImGuiText(field);
    return result;
}

bool inputUtf8TextMultiline(const char* id, std::string& text, ImVec2 size, size_t maxBytes,
                            ImGuiInputTextFlags flags) {
    const std::string shown = toImGuiText(text);
    std::string field = shown;
    Utf8Field f{maxBytes};
    flags |= ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackEdit;
    const bool result = ImGui::InputTextMultiline(id, &field, size, flags, utf8FieldCallback, &f);
    if (field != shown) text = fromImGuiText(field);
    return result;
}

void installWideClipboard(ImGuiIO& io) {
    if (io.GetClipboardTextFn == getWideClipboard) return;
    g_getClipboard = io.GetClipboardTextFn;
    g_setClipboard = io.SetClipboardTextFn;
    g_clipboardUser = io.ClipboardUserData;
    io.GetClipboardTextFn = getWideClipboard;
    io.SetClipboardTextFn = setWideClipboard;
}

}  // namespace dlk::ui
