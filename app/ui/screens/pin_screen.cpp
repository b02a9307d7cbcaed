#include "ui/screens/pin_screen.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "util/error.h"

namespace dlk::ui {

void PinScreen::reset() {
    std::memset(m_pin, 0, sizeof m_pin);
    m_message.clear();
    m_focusSet = false;
    m_fieldActive = false;
    m_teachers.clear();
    m_teachersRead = false;
    m_teacherId = 0;
    m_teacherName.clear();
}

void PinScreen::chooseTeacher(App& app) {
    beginScreen("pin");
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.12f);
    const float w = centeredColumn(24);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    const bool closing = app.pinPurpose() == PinPurpose::CloseKiosk;
    wrappedText(closing ? tr("Kiosk afsluiten") : tr("Leerkracht"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.4f));
    wrappedText(tr("Wie ben je? Kies je naam."), nullptr, 0, w);
    ImGui::Dummy(em(0, 0.4f));
    // The names scroll when there are more than fit; the Back button stays below them.
    const float listH = std::max(em(6), std::min(ImGui::GetWindowHeight() * 0.88f - ImGui::GetCursorPosY() - em(4.5f),
                                                 static_cast<float>(m_teachers.size()) * em(3.1f) + em(0.4f)));
    ImGui::SetCursorPosX(left);
    ImGui::BeginChild("teachers", ImVec2(w + em(1), listH), false, ImGuiWindowFlags_NavFlattened);
    int64_t chosen = 0;
    for (size_t i = 0; i < m_teachers.size(); ++i) {
        const TeacherInfo& t = m_teachers[i];
        ImGui::PushID(static_cast<int>(t.id));
        if (i == 0 && !m_focusSet) {
            ImGui::SetKeyboardFocusHere();
            m_focusSet = true;
        }
        if (bigButton(t.name.c_str(), false, w)) chosen = t.id;
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::Dummy(em(0, 0.4f));
    ImGui::SetCursorPosX(left);
    const bool cancel = bigButton(tr("Terug"), false, em(8)) || escapePressed();
    ImGui::EndGroup();
    endScreen();
    if (cancel) {
        reset();
        app.pinCancelled();
        return;
    }
    for (const TeacherInfo& t : m_teachers)
        if (t.id == chosen) {
            m_teacherId = t.id;
            m_teacherName = t.name;
            m_focusSet = false;
            m_fieldActive = false;
            m_message.clear();
        }
}

void PinScreen::draw(App& app) {
    if (!m_teachersRead) {
        try {
            m_teachers = app.core().school().teachers();
        } catch (const Error& e) {
            m_message = teacherError(tr("De pincode kon niet worden gecontroleerd."), e, "teachers not read");
        }
        m_teachersRead = true;
        if (m_teachers.size() == 1) {
            m_teacherId = m_teachers.front().id;
            m_teacherName = m_teachers.front().name;
        }
    }
    const bool chooseFirst = m_teachers.size() > 1;
    if (chooseFirst && m_teacherId == 0) {
        chooseTeacher(app);
        return;
    }
    beginScreen("pin");
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.22f);
    const float w = centeredColumn(24);
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    const bool closing = app.pinPurpose() == PinPurpose::CloseKiosk;
    wrappedText(closing ? tr("Kiosk afsluiten") : tr("Leerkracht"), app.fonts().large, 0, w);
    ImGui::Dummy(em(0, 0.4f));
    if (chooseFirst) {
        char line[200];
        std::snprintf(line, sizeof line, tr("%s, voer je pincode in."), m_teacherName.c_str());
        wrappedText(line, nullptr, 0, w);
    } else {
        wrappedText(closing ? tr("Alleen de leerkracht kan de kiosk afsluiten. Voer de pincode in.")
                            : tr("Voer de pincode van de leerkracht in."),
                    nullptr, 0, w);
    }
    ImGui::Dummy(em(0, 0.6f));
    ImGui::SetCursorPosX(left);
    ImGui::SetNextItemWidth(w);
    if (!m_focusSet) {
        ImGui::SetKeyboardFocusHere();
        m_focusSet = true;
    }
    ImGui::PushFont(app.fonts().large);
    // The first digit may come before the field has the keyboard: it still counts.
    takeTypedBeforeFocus(m_pin, sizeof m_pin, m_fieldActive, [](unsigned int c) { return c >= '0' && c <= '9'; });
    const bool enter = ImGui::InputText(
        "##pin", m_pin, sizeof m_pin,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    keepCursorAtEndOnFocus();
    m_fieldActive = ImGui::IsItemActive();
    a11yRecord("textbox", tr("Pincode"));
    focusRing();
    ImGui::PopFont();
    ImGui::Dummy(em(0, 0.4f));
    if (!m_message.empty()) {
        ImGui::SetCursorPosX(left);
        wrappedText(m_message, nullptr, palette().warning, w);
    }
    ImGui::SetCursorPosX(left);
    const bool ok = bigButton(tr("OK"), true, em(8)) || enter;
    ImGui::SameLine();
    const bool cancel = bigButton(tr("Terug"), false, em(8)) || escapePressed();
    ImGui::EndGroup();
    endScreen();

    if (cancel && chooseFirst) {  // back to the names
        std::memset(m_pin, 0, sizeof m_pin);
        m_message.clear();
        m_teacherId = 0;
        m_focusSet = false;
        m_fieldActive = false;
        return;
    }
    if (cancel) {
        reset();
        app.pinCancelled();
        return;
    }
    if (!ok || std::strlen(m_pin) == 0) return;
    try {
        // No teacher read (the list failed): the PIN alone, as with one teacher.
        const PinResult r = m_teacherId ? app.core().school().checkPin(m_teacherId, m_pin, app.now())
                                        : app.core().school().checkPin(m_pin, app.now());
        std::memset(m_pin, 0, sizeof m_pin);
        m_focusSet = false;
        if (r.result == PinCheck::Ok) {
            reset();
            logInfo(closing ? "teacher PIN accepted: closing the kiosk" : "teacher PIN accepted");
            app.pinAccepted();
        } else if (r.result == PinCheck::Locked) {
            char buf[160];
            std::snprintf(buf, sizeof buf, tr("Te vaak een verkeerde pincode. Probeer het over %d seconden opnieuw."),
                          r.lockedSeconds);
            m_message = buf;
            logWarning("teacher PIN entry locked after repeated wrong PINs");
        } else {
            m_message = tr("Deze pincode klopt niet.");
            logWarning("wrong teacher PIN");
        }
    } catch (const Error& e) {
        m_message = teacherError(tr("De pincode kon niet worden gecontroleerd."), e, "PIN check failed");
    }
}

}  // namespace dlk::ui
