#include "ui/screens/item_screen.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/pause_screen.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/item_view.h"
#include "util/text.h"

namespace dlk::ui {

namespace {
const char* saveStatusText(ModuleSession& s) {
    switch (s.saveState()) {
        case SaveState::Saved:
            return s.isAnswered(s.position()) ? tr("✓ Opgeslagen") : "";
        case SaveState::Pending:
            return tr("Bezig met opslaan…");
        case SaveState::Failed:
            return tr("Nog niet opgeslagen");
    }
    return "";
}

// "3. Schoolreis 3: Een aanbieding voor de bus": the number and the title, or the first words
// of the item when it has no title.
std::string itemName(const Item& item, size_t pos) {
    std::string name = trim(item.title);
    // A bank's title often starts with the module and the item's number ("Nepnieuws 3: Een bewerkte
    // foto"), which the row's own number already says: "3. Een bewerkte foto". Another number is kept.
    const std::string own = " " + std::to_string(pos + 1) + ": ";
    if (const auto at = name.find(own); at != std::string::npos && at > 0 && at < 40 &&
                                        name.find(':') == at + own.size() - 2 && at + own.size() < name.size())
        name = name.substr(at + own.size());
    if (name.empty()) {
        const auto words = splitWhitespace(item.body.plainText());
        for (size_t i = 0; i < words.size() && i < 6; ++i) name += (i ? " " : "") + words[i];
        if (words.size() > 6) name += "…";
    }
    return std::to_string(pos + 1) + ". " + name;
}

// `text` cut to `width` with an ellipsis, at a character boundary.
std::string fitted(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string cut = text;
    while (!cut.empty() && ImGui::CalcTextSize((cut + "…").c_str()).x > width) {
        // One whole UTF-8 character: continuation bytes (10xxxxxx) up to and including its first byte.
        unsigned char c = 0;
        do {
            c = static_cast<unsigned char>(cut.back());
            cut.pop_back();
        } while (!cut.empty() && (c & 0xC0) == 0x80);
    }
    return trim(cut) + "…";
}

// The state in words with a symbol in front, so it never rests on colour alone.
std::string answeredText(bool answered) {
    return answered ? std::string("✓ ") + tr("beantwoord") : std::string("○ ") + tr("niet beantwoord");
}
}  // namespace

void ItemScreen::topBar(App& app, float height) {
    ModuleSession& s = *app.session();
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float width = ImGui::GetWindowWidth();
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), p.surface);
    dl->AddLine(ImVec2(origin.x, origin.y + height), ImVec2(origin.x + width, origin.y + height), p.border);

    // The teacher's button, quiet at the far right; everything else keeps clear of it.
    const float teacherH = em(2.0f);
    const float teacherW = ImGui::CalcTextSize(tr("Leerkracht")).x + em(1.2f);
    ImGui::SetCursorPos(ImVec2(width - teacherW - em(0.6f), (height - teacherH) / 2));
    if (teacherButton(teacherH)) app.openPin(PinPurpose::SessionMenu);
    const float right = width - teacherW - em(0.6f);  // the right edge for the status and time

    // Progress: "Vraag 3 van 6" and a dot per item (filled when answered, a flag above when
    // flagged); a dot is a button.
    char progress[64];
    std::snprintf(progress, sizeof progress, tr("Vraag %zu van %zu"), s.position() + 1, s.itemCount());
    float dot = em(1.3f);
    float dotsW = dot * static_cast<float>(s.itemCount());
    const char* status = saveStatusText(s);
    // The countdown: calm, whole minutes; amber from 5 minutes; seconds only in the last minute.
    char countdown[64] = "";
    const int64_t left = s.remainingMs();
    if (left >= 0) {
        if (left > 60000)
            std::snprintf(countdown, sizeof countdown, tr("Nog %lld min"),
                          static_cast<long long>((left + 59999) / 60000));
        else
            std::snprintf(countdown, sizeof countdown, tr("Nog %lld s"), static_cast<long long>((left + 999) / 1000));
    }
    const float countdownW = *countdown ? ImGui::CalcTextSize(countdown).x + em(1.5f) : 0.0f;
    // The saved state in words, or, when even the closest dots would run under them (1024x600 at
    // 200% text: "Nog 30 min" sat on the last dots once "✓ Opgeslagen" showed), its mark alone;
    // read aloud and in the accessibility tree it is always the words.
    const char* statusWords = status;
    auto statusWidth = [&](const char* t) { return ImGui::CalcTextSize(t).x + em(1) + countdownW; };
    float statusW = statusWidth(status);
    const float closestDots = em(kMinDotEm) * static_cast<float>(s.itemCount());
    if (s.saveState() == SaveState::Saved && *status && em(1) + closestDots > right - statusW) {
        status = "✓";
        statusW = statusWidth(status);
    }
    ImGui::PushFont(app.fonts().bold);
    const float titleW = ImGui::CalcTextSize(s.variant().title.c_str()).x;
    ImGui::PopFont();
    // Centred progress; pushed right of the title when they would touch, the title dropped when
    // even that does not fit (large text on a small screen), then the words: the dots matter most.
    float progressW = ImGui::CalcTextSize(progress).x + em(1) + dotsW;
    float progressX = std::max((width - progressW) / 2, em(1) + titleW + em(1.5f));
    const bool showTitle = progressX + progressW <= right - statusW;
    const bool showWords = showTitle || em(1) + progressW <= right - statusW;
    if (!showTitle) progressX = em(1);
    if (!showWords) {
        // Only the dots: closer together when needed (never below kMinDotEm), so none runs under the
        // time or out of the window with large text on a small screen.
        const float room = right - statusW - em(1);
        if (dotsW > room) dot = std::max(em(kMinDotEm), room / static_cast<float>(std::max<size_t>(1, s.itemCount())));
        dotsW = dot * static_cast<float>(s.itemCount());
        progressW = dotsW;
    }
    if (showTitle) {
        ImGui::SetCursorPos(ImVec2(em(1), (height - ImGui::GetFontSize()) / 2));
        ImGui::PushFont(app.fonts().bold);
        ImGui::TextUnformatted(s.variant().title.c_str());
        ImGui::PopFont();
    }
    ImGui::SetCursorPos(ImVec2(progressX, (height - ImGui::GetFontSize()) / 2));
    if (showWords) ImGui::TextUnformatted(progress);
    // The dots at computed places (not SameLine: without the words the last item on this line is
    // the teacher's button, and the dots would follow it out of the window).
    const float dotsX = progressX + (showWords ? ImGui::CalcTextSize(progress).x + em(1) : 0.0f);
    const bool nonlinear = s.nonlinear();
    for (size_t i = 0; i < s.itemCount(); ++i) {
        const ImVec2 pos(origin.x + dotsX + dot * static_cast<float>(i), 0);
        ImGui::PushID(static_cast<int>(i));
        const float y = origin.y + height / 2;
        ImGui::SetCursorScreenPos(ImVec2(pos.x, y - dot / 2));
        if (ImGui::InvisibleButton("dot", ImVec2(dot, dot)) && nonlinear) s.goTo(i, app.now(), NavigationHow::Dot);
        char label[64];
        std::snprintf(label, sizeof label, tr("Vraag %zu"), i + 1);
        std::string words = std::string(label) + ": " + (s.isAnswered(i) ? tr("beantwoord") : tr("niet beantwoord"));
        if (s.isFlagged(i)) words += std::string(", ") + tr("gemarkeerd");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", words.c_str());
        a11yRecord("button", words, i == s.position());
        focusRing();
        const ImVec2 c(pos.x + dot / 2, y);
        const float r = dot * 0.3f;
        if (s.isAnswered(i))
            dl->AddCircleFilled(c, r, p.accent, 16);
        else
            dl->AddCircle(c, r, p.mutedText, 16, std::max(1.5f, em(0.08f)));
        if (i == s.position()) dl->AddCircle(c, r + em(0.18f), p.text, 16, std::max(1.5f, em(0.08f)));
        if (s.isFlagged(i)) drawFlagMark(dl, ImVec2(c.x - r * 0.2f, c.y - r - em(0.2f)), em(0.65f), p.text);
        ImGui::PopID();
    }

    // Saved state, quietly on the right; only "Opgeslagen" after the commit.
    const ImU32 color = s.saveState() == SaveState::Failed ? p.danger : p.mutedText;
    const float statusX = right - ImGui::CalcTextSize(status).x - em(1);
    ImGui::SetCursorPos(ImVec2(statusX, (height - ImGui::GetFontSize()) / 2));
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(status);
    ImGui::PopStyleColor();
    if (*statusWords) a11yRecord("status", statusWords);
    if (*countdown) {
        // Right-aligned: [countdown]  [saved state]  [Leerkracht]
        const bool warn = left <= 5 * 60000;
        ImGui::PushFont(warn ? app.fonts().bold : app.fonts().regular);
        const float x = statusX - (*status ? em(1.5f) : 0.0f) - ImGui::CalcTextSize(countdown).x;
        ImGui::PopFont();
        ImGui::SetCursorPos(ImVec2(x, (height - ImGui::GetFontSize()) / 2));
        ImGui::PushFont(warn ? app.fonts().bold : app.fonts().regular);
        ImGui::PushStyleColor(ImGuiCol_Text, warn ? p.warning : p.mutedText);
        ImGui::TextUnformatted(countdown);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        a11yRecord("timer", countdown);
    }
}

ItemScreen::BottomLayout ItemScreen::bottomLayout(App& app) const {
    ModuleSession& s = *app.session();
    auto natural = [](const char* label) { return ImGui::CalcTextSize(label).x + em(2.0f); };
    BottomLayout l;
    const float width = ImGui::GetMainViewport()->WorkSize.x;
    const float gap = em(1);
    const float sideNatural = std::max({natural(tr("← Vorige")), natural(tr("Volgende →")), natural(tr("Klaar ✓"))});
    // Both flag labels count, so the button does not change size when it is pressed.
    l.midW = natural(tr("Overzicht"));
    if (s.nonlinear()) l.midW = std::max({l.midW, natural(tr("Markeer")), natural(tr("Gemarkeerd"))});
    const float mids = s.nonlinear() ? 2.0f : 1.0f;
    const float midGroup = mids * l.midW + (mids - 1) * gap;
    l.sideW = std::max(em(9), sideNatural);
    if (2 * l.sideW + midGroup + 2 * gap + em(2) > width) l.sideW = sideNatural;
    l.twoRows = 2 * l.sideW + midGroup + 2 * gap + em(2) > width;
    l.height = l.twoRows ? em(7.4f) : em(4.2f);
    return l;
}

void ItemScreen::bottomBar(App& app, const BottomLayout& l) {
    ModuleSession& s = *app.session();
    const Palette& p = palette();
    const float width = ImGui::GetWindowWidth();
    const float top = ImGui::GetWindowHeight() - l.height;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    dl->AddRectFilled(ImVec2(origin.x, origin.y + top), ImVec2(origin.x + width, origin.y + top + l.height), p.surface);
    dl->AddLine(ImVec2(origin.x, origin.y + top), ImVec2(origin.x + width, origin.y + top), p.border);
    const float y = top + (em(4.2f) - em(2.6f)) / 2;
    const bool nonlinear = s.nonlinear();
    ImGui::SetCursorPos(ImVec2(em(1), y));
    if (bigButton(tr("← Vorige"), false, l.sideW, nonlinear && s.position() > 0)) s.previous(app.now());

    // Markeer (nonlinear only) and Overzicht in the middle, on a row of their own when narrow.
    const float gap = em(1);
    const float midGroup = nonlinear ? 2 * l.midW + gap : l.midW;
    float x = (width - midGroup) / 2;
    const float midY = l.twoRows ? y + em(3.2f) : y;
    if (nonlinear) {
        const bool flagged = s.isFlagged(s.position());
        ImGui::SetCursorPos(ImVec2(x, midY));
        if (bigButton(flagged ? tr("Gemarkeerd") : tr("Markeer"), flagged, l.midW)) s.setFlagged(!flagged, app.now());
        if (flagged) {
            // The flag on the button too, in the room its padding leaves.
            const ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
            drawFlagMark(dl, ImVec2(mn.x + em(0.6f), (mn.y + mx.y) / 2 + em(0.4f)), em(0.8f), p.accentText);
        }
        x += l.midW + gap;
    }
    ImGui::SetCursorPos(ImVec2(x, midY));
    if (bigButton(tr("Overzicht"), false, l.midW)) openOverview(app, Overview::Browse);

    const bool last = s.position() + 1 == s.itemCount();
    ImGui::SetCursorPos(ImVec2(width - l.sideW - em(1), y));
    if (last) {
        if (bigButton(tr("Klaar ✓"), true, l.sideW)) openOverview(app, Overview::Finish);
    } else if (bigButton(tr("Volgende →"), true, l.sideW)) {
        s.next(app.now());
    }
}

void ItemScreen::openOverview(App& app, Overview mode) {
    m_requestOverview = true;
    m_overviewMode = mode;
    app.session()->noteEvent(EventKind::Overview, mode == Overview::Finish ? "via=finish" : "via=button", app.now());
}

void ItemScreen::overviewDialog(App& app) {
    ModuleSession& s = *app.session();
    const Palette& p = palette();
    if (m_requestOverview) {
        ImGui::OpenPopup("overview");
        m_requestOverview = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(em(40), vp->WorkSize.x - em(2)), 0));
    if (!ImGui::BeginPopupModal("overview", nullptr,
                                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoSavedSettings))
        return;
    const bool finishing = m_overviewMode == Overview::Finish;
    const bool nonlinear = s.nonlinear();
    size_t open = 0;
    for (size_t i = 0; i < s.itemCount(); ++i) open += s.isAnswered(i) ? 0 : 1;
    wrappedText(finishing ? tr("Ben je klaar?") : tr("Overzicht"), app.fonts().large);
    ImGui::Dummy(em(0, 0.3f));
    if (open > 0) {
        char buf[160];
        std::snprintf(
            buf, sizeof buf,
            open == 1 ? tr("Je hebt 1 vraag nog niet beantwoord.") : tr("Je hebt %zu vragen nog niet beantwoord."),
            open);
        wrappedText(buf);
    }
    if (nonlinear) wrappedText(tr("Kies een vraag om ernaartoe te gaan."), nullptr, p.mutedText);
    ImGui::Dummy(em(0, 0.3f));

    // One row per item: number and title, answered or not, flagged. The list scrolls only when
    // it must (large text on a small screen), so the buttons below stay in view.
    const float rowH = em(2.6f);
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float rowsH = static_cast<float>(s.itemCount()) * (rowH + spacing);
    const float maxH = std::max(rowH * 2, vp->WorkSize.y - em(finishing ? 17.0f : 13.0f));
    const bool scroll = rowsH > maxH;
    if (scroll) ImGui::BeginChild("rows", ImVec2(0, maxH), false, ImGuiWindowFlags_NavFlattened);
    const float stateW = std::max(ImGui::CalcTextSize(answeredText(true).c_str()).x,
                                  ImGui::CalcTextSize(answeredText(false).c_str()).x) +
                         em(1);
    const float flagW = ImGui::CalcTextSize(tr("gemarkeerd")).x + em(1.6f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < s.itemCount(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const std::string name = itemName(s.itemAt(i), i);
        const bool answered = s.isAnswered(i), flagged = s.isFlagged(i);
        const std::string state = answeredText(answered);
        std::string label = name + " · " + state;
        if (flagged) label += std::string(" · ") + tr("gemarkeerd");
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float rowW = ImGui::GetContentRegionAvail().x;
        if (!nonlinear) ImGui::BeginDisabled();
        // A Tab stop like every other control of the dialog (ImGui 1.86 tabs only to inputable items).
        const bool clicked = tabStopSelectable("##row", i == s.position(), ImVec2(rowW, rowH));
        if (!nonlinear) ImGui::EndDisabled();
        a11yRecord("button", label, i == s.position());
        focusRing();
        const float textY = pos.y + (rowH - ImGui::GetFontSize()) / 2;
        const float nameRight = std::max(pos.x + em(4), pos.x + rowW - stateW - flagW);
        const std::string shown = fitted(name, nameRight - pos.x - em(1));
        dl->AddText(ImVec2(pos.x + em(0.5f), textY), p.text, shown.c_str());
        dl->AddText(ImVec2(nameRight, textY), answered ? p.text : p.mutedText, state.c_str());
        if (flagged) {
            const float fx = nameRight + stateW;
            drawFlagMark(dl, ImVec2(fx, textY + ImGui::GetFontSize() * 0.9f), ImGui::GetFontSize() * 0.8f, p.text);
            dl->AddText(ImVec2(fx + em(0.8f), textY), p.text, tr("gemarkeerd"));
        }
        if (clicked && nonlinear) {
            s.goTo(i, app.now(), NavigationHow::Overview);  // a failed save keeps the pupil here, banner in view
            ImGui::CloseCurrentPopup();
        }
        ImGui::PopID();
    }
    if (scroll) ImGui::EndChild();
    ImGui::Dummy(em(0, 0.4f));

    if (finishing) {
        wrappedText(tr("Als je op Klaar drukt, kun je je antwoorden niet meer veranderen."));
        ImGui::Dummy(em(0, 0.6f));
        if (bigButton(tr("Nee, ga terug"), false, em(10)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (bigButton(tr("Ja, ik ben klaar"), true, em(10))) {
            if (s.finish(app.now())) {
                logInfo("pupil finished module " + s.module().identifier);
                try {
                    app.core().backup(app.now());
                } catch (const std::exception& e) {
                    logWarning(std::string("backup after a finished module failed: ") + e.what());
                }
                app.go(ScreenId::Finish);
            }
            ImGui::CloseCurrentPopup();
        }
    } else if (bigButton(tr("Terug"), false, em(10)) || escapePressed()) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void ItemScreen::draw(App& app) {
    ModuleSession& s = *app.session();
    s.tick(app.now());
    if (s.paused()) {
        // A teacher's pause: no item and no way to answer until the teacher lets the pupil go on.
        drawPauseNotice(app);
        return;
    }
    s.noteActivity(app.lastInputMs());
    bool scrollToTop = false;
    if (s.position() != m_shownPosition) {
        logInfo("attempt " + std::to_string(s.attemptId()) + " shows item " + std::to_string(s.position() + 1));
        m_shownPosition = s.position();
        scrollToTop = true;
    }
    const BottomLayout bottom = bottomLayout(app);
    beginScreen("item");
    const float barH = em(3.2f), bottomH = bottom.height;
    // The bars are no candidates for the focus a screen gets when the keyboard brought the pupil
    // here (ImGui's nav init takes the first candidate): after "Dit ben ik" with Enter the focus
    // went to "Leerkracht", the top bar's first control, so a second Enter opened the teacher's
    // PIN screen. Now it goes to the item's first control (a choice, a field, "Lees voor"), as a
    // pupil expects; Tab still reaches the bars.
    ImGui::PushItemFlag(ImGuiItemFlags_NoNavDefaultFocus, true);
    topBar(app, barH);
    bottomBar(app, bottom);
    ImGui::PopItemFlag();

    // A failed save speaks to the pupil in plain words and to the teacher with the detail.
    float bannerH = 0;
    if (s.saveState() == SaveState::Failed) {
        bannerH = em(3.4f);
        ImGui::SetCursorPos(ImVec2(em(1), barH + em(0.4f)));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().surface);
        ImGui::BeginChild("savefail", ImVec2(ImGui::GetWindowWidth() - em(2), bannerH - em(0.4f)), true);
        wrappedText(tr("Je antwoord is nog niet opgeslagen. Steek je hand op; de leerkracht helpt je. Je antwoord "
                       "blijft bewaard op het scherm."),
                    app.fonts().bold, palette().danger);
        wrappedText(std::string(tr("Voor de leerkracht:")) + " " + s.lastError(), nullptr, palette().mutedText);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }

    ImGui::SetCursorPos(ImVec2(0, barH + bannerH));
    // NavFlattened: Tab and the arrows go from the bars into the item and back, as one screen.
    ImGui::BeginChild("content", ImVec2(ImGui::GetWindowWidth(), ImGui::GetWindowHeight() - barH - bannerH - bottomH),
                      false, ImGuiWindowFlags_NavFlattened);
    if (scrollToTop) ImGui::SetScrollY(0);
    ImGui::Dummy(em(0, 1));
    const float width = std::min(ImGui::GetWindowWidth() - em(3), em(40));
    ImGui::SetCursorPosX(std::max(em(1.5f), (ImGui::GetWindowWidth() - width) / 2));
    if (app.look().readAloud && app.readAloud().available()) {
        // Read-aloud: the whole item on request; focused controls are spoken as they get focus.
        const bool speaking = app.readAloud().speaking();
        if (bigButton(speaking ? tr("■ Stop met voorlezen") : tr("▶ Lees voor"), false)) {
            if (speaking)
                app.readAloud().stop();
            else
                app.readAloud().requestReadAll();
        }
        ImGui::SetCursorPosX(std::max(em(1.5f), (ImGui::GetWindowWidth() - width) / 2));
    }
    ItemView view(s, app.itemViewState(), app.fonts(), app.now());
    view.setImages(app.images());
    ImGui::BeginGroup();
    view.draw(width);
    ImGui::EndGroup();
    ImGui::Dummy(em(0, 1));
    ImGui::EndChild();

    overviewDialog(app);
    endScreen();
}

}  // namespace dlk::ui
