// The administrator's "Leerkrachten" tab: the school's teachers, each with their own PIN. Add a teacher
// (name, PIN twice, administrator or not), give one a new PIN when they forgot theirs, remove one
// (after a confirmation; their classes go to nobody), and hand each class to a teacher. The core
// (school/school_store.h) refuses all of it to anyone but a logged-in administrator.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "security/pin_hash.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

// The reason two typed PINs cannot be used, in the UI's words; "" when they can.
std::string pinPairProblem(const char* pin, const char* again) {
    if (std::strcmp(pin, again) != 0) return tr("De twee pincodes zijn niet gelijk.");
    if (*pinProblem(pin)) return tr(pinProblem(pin));
    return {};
}

void wipe(char* buf, size_t size) {
    std::memset(buf, 0, size);
}

class TeachersTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override {
        if (!app.core().school().loggedInAsAdmin()) {  // the screen shows the tab to administrators only
            wrappedText(tr("Alleen een beheerder kan leerkrachten beheren."));
            return;
        }
        read(app, context);
        // Two columns when there is room (the teachers and their classes; a new teacher), so that at
        // 1366x768 the form's button is on screen without scrolling; one below the other when not.
        const float width = ImGui::GetContentRegionAvail().x;
        const bool twoColumns = width > em(40);
        const float columnW = twoColumns ? (width - em(1.5f)) / 2 : width;
        ImGui::BeginGroup();
        teacherList(app, columnW);
        ImGui::Dummy(em(0, 0.8f));
        classOwners(app, context, columnW);
        ImGui::EndGroup();
        if (twoColumns)
            ImGui::SameLine(0, em(1.5f));
        else
            ImGui::Dummy(em(0, 0.8f));
        ImGui::BeginGroup();
        newTeacher(app, context, columnW);
        ImGui::EndGroup();
        resetPinPopup(app);
        removePopup(app, context);
    }

    void showDemo(App& app) override {
        // Screenshots of the tab are worth more with colleagues in it: a demo school with only its
        // administrator gets two (the demo PIN, as the administrator's), once.
        SchoolStore& school = app.core().school();
        try {
            if (school.loggedInAsAdmin() && school.teachers().size() == 1) {
                school.addTeacher("Anna de Vries", "135790", TeacherRole::Teacher, app.now());
                school.addTeacher("Bram Peters", "975310", TeacherRole::Teacher, app.now());
                const auto classes = school.classes();
                if (!classes.empty())
                    for (const TeacherInfo& t : school.teachers())
                        if (t.name == "Anna de Vries") school.assignClass(classes.front().id, t.id);
            }
        } catch (const Error& e) {
            logWarning(std::string("demo teachers not added: ") + e.what());
        }
        m_readAtMs = -1;
    }

private:
    void read(App& app, TeacherTabContext& context) {
        // Read when the tab opens, after a change, and every 10 s (another kiosk session may change them).
        if (m_readAtMs >= 0 && app.now() - m_readAtMs < 10000) return;
        try {
            m_teachers = app.core().school().teachers();
            m_classes = app.core().school().classes();
            const auto me = app.core().school().loggedInTeacher();
            m_me = me ? me->id : 0;
        } catch (const Error& e) {
            context.message = teacherError(tr("De leerkrachten konden niet worden gelezen."), e, "teachers not read");
        }
        m_readAtMs = app.now();
    }

    void changed(TeacherTabContext& context) {
        m_readAtMs = -1;
        context.classesChanged = true;  // class counts and owners on the screen
    }

    void heading(App& app, const char* text) {
        ImGui::PushFont(app.fonts().bold);
        ImGui::TextUnformatted(text);
        ImGui::PopFont();
    }

    void teacherList(App& app, float width) {
        heading(app, tr("Alle leerkrachten"));
        for (const TeacherInfo& t : m_teachers) {
            ImGui::PushID(static_cast<int>(t.id));
            char line[200];
            std::snprintf(line, sizeof line, t.classCount == 1 ? tr("%s · %s · %d klas") : tr("%s · %s · %d klassen"),
                          t.name.c_str(), t.role == TeacherRole::Admin ? tr("beheerder") : tr("leerkracht"),
                          t.classCount);
            const char* reset = tr("Nieuwe pincode");
            const char* remove = tr("Verwijderen");
            const float buttonsW = ImGui::CalcTextSize(reset).x + ImGui::CalcTextSize(remove).x + em(5);
            // Name and buttons on one line when they fit, else the buttons below the name.
            const bool oneLine = ImGui::CalcTextSize(line).x + buttonsW + em(1) < width;
            ImGui::AlignTextToFramePadding();
            wrappedText(line, nullptr, 0, oneLine ? width - buttonsW - em(1) : width);
            if (t.id == m_me) {
                wrappedText(tr("Dit ben jij."), nullptr, palette().mutedText, width);
            } else {
                if (oneLine) ImGui::SameLine(width - buttonsW);
                if (bigButton(reset, false)) {
                    m_resetId = t.id;
                    m_resetName = t.name;
                    m_openReset = true;
                }
                ImGui::SameLine();
                if (bigButton(remove, false)) {
                    m_removeId = t.id;
                    m_removeName = t.name;
                    m_removeClasses = t.classCount;
                    m_openRemove = true;
                }
            }
            // A rule under the teacher as wide as the column (a Separator would cross the other one).
            const ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + width, at.y), palette().border);
            ImGui::Dummy(em(0, 0.3f));
            ImGui::PopID();
        }
    }

    void newTeacher(App& app, TeacherTabContext& context, float width) {
        heading(app, tr("Nieuwe leerkracht"));
        const float fieldW = std::min(width, em(20));
        ImGui::TextUnformatted(tr("Naam van de leerkracht"));
        ImGui::SetNextItemWidth(fieldW);
        inputUtf8Text("##teachername", m_name, SchoolStore::kMaxTeacherNameBytes);
        a11yRecord("textbox", tr("Naam van de leerkracht"));
        focusRing();
        bool enter = pinField("##newpin", tr("Pincode (6 tot 12 cijfers)"), m_pin, sizeof m_pin, fieldW);
        enter |= pinField("##newpin2", tr("Pincode nog een keer"), m_pin2, sizeof m_pin2, fieldW);
        if (choiceRow("newadmin", tr("Beheerder: beheert de leerkrachten en ziet alle klassen"), m_admin,
                      Indicator::Check, width))
            m_admin = !m_admin;
        if (!m_addProblem.empty()) wrappedText(m_addProblem, nullptr, palette().danger, width);
        if (!m_added.empty()) wrappedText(m_added, nullptr, palette().text, width);
        if (!(bigButton(tr("Leerkracht toevoegen")) || enter)) return;
        m_added.clear();
        const std::string name = trim(m_name);
        bool taken = false;
        for (const TeacherInfo& t : m_teachers) taken = taken || toLowerAscii(t.name) == toLowerAscii(name);
        if (name.empty()) {
            m_addProblem = tr("Vul de naam van de leerkracht in.");
        } else if (taken) {
            m_addProblem = tr("Er is al een leerkracht met deze naam. Kies een andere naam.");
        } else if (const std::string p = pinPairProblem(m_pin, m_pin2); !p.empty()) {
            m_addProblem = p;
        } else {
            try {
                app.core().school().addTeacher(name, m_pin, m_admin ? TeacherRole::Admin : TeacherRole::Teacher,
                                               app.now());
                logInfo(m_admin ? "administrator added" : "teacher added");
                char done[200];
                std::snprintf(done, sizeof done, tr("%s kan nu inloggen met de eigen pincode."), name.c_str());
                m_added = done;
                m_name.clear();
                m_admin = false;
                m_addProblem.clear();
                changed(context);
            } catch (const Error& e) {
                m_addProblem = teacherError(tr("De leerkracht is niet toegevoegd."), e, "teacher not added");
            }
        }
        wipe(m_pin, sizeof m_pin);
        wipe(m_pin2, sizeof m_pin2);
    }

    void classOwners(App& app, TeacherTabContext& context, float width) {
        heading(app, tr("Klassen verdelen"));
        wrappedText(tr("Een leerkracht ziet alleen de eigen klassen. Een klas van niemand ziet alleen een beheerder."),
                    nullptr, palette().mutedText, width);
        if (m_classes.empty()) wrappedText(tr("Nog geen klassen."), nullptr, palette().mutedText, width);
        const float nameW = std::min(em(12), width * 0.45f);
        for (const ClassInfo& c : m_classes) {
            ImGui::PushID(static_cast<int>(c.id));
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(c.name.c_str());
            ImGui::SameLine(nameW + em(0.5f));
            std::string owner = tr("Niemand");
            for (const TeacherInfo& t : m_teachers)
                if (t.id == c.teacherId) owner = t.name;
            ImGui::SetNextItemWidth(std::max(em(8), width - nameW - em(1)));
            int64_t chosen = -1;
            const bool open = ImGui::BeginCombo("##owner", owner.c_str());
            a11yRecord("combobox", c.name + ": " + owner);  // the combo's own box, before its list
            focusRing();
            if (open) {
                if (ImGui::Selectable(tr("Niemand"), c.teacherId == 0, 0, ImVec2(0, em(2)))) chosen = 0;
                a11yRecord("choice", tr("Niemand"), c.teacherId == 0);
                for (const TeacherInfo& t : m_teachers) {
                    ImGui::PushID(static_cast<int>(t.id));
                    if (ImGui::Selectable(t.name.c_str(), c.teacherId == t.id, 0, ImVec2(0, em(2)))) chosen = t.id;
                    a11yRecord("choice", t.name, c.teacherId == t.id);
                    ImGui::PopID();
                }
                ImGui::EndCombo();
            }
            ImGui::PopID();
            if (chosen >= 0 && chosen != c.teacherId) try {
                    app.core().school().assignClass(c.id, chosen);
                    logInfo("class handed to another teacher");
                    changed(context);
                } catch (const Error& e) {
                    context.message = teacherError(tr("De klas is niet verplaatst."), e, "class not assigned");
                }
        }
    }

    static void centerNextPopup(float widthEm) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                                ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(std::min(em(widthEm), vp->WorkSize.x - em(2)), 0));
    }

    void resetPinPopup(App& app) {
        if (m_openReset) {
            ImGui::OpenPopup("resetpin");
            m_openReset = false;
            m_resetProblem.clear();
            m_resetFocus = true;
        }
        centerNextPopup(26);
        if (!ImGui::BeginPopupModal("resetpin", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        char title[200];
        std::snprintf(title, sizeof title, tr("Nieuwe pincode voor %s"), m_resetName.c_str());
        wrappedText(title, app.fonts().large);
        wrappedText(tr("Geef de leerkracht de nieuwe pincode. De oude werkt daarna niet meer."));
        const float w = ImGui::GetContentRegionAvail().x;
        if (m_resetFocus) {
            ImGui::SetKeyboardFocusHere(1);  // the field after the label
            m_resetFocus = false;
        }
        bool enter = pinField("##resetpin", tr("Nieuwe pincode"), m_resetPin, sizeof m_resetPin, w);
        enter |= pinField("##resetpin2", tr("Nieuwe pincode nog een keer"), m_resetPin2, sizeof m_resetPin2, w);
        if (!m_resetProblem.empty()) wrappedText(m_resetProblem, nullptr, palette().danger);
        ImGui::Dummy(em(0, 0.4f));
        const bool cancel = bigButton(tr("Annuleren"), false, em(8)) || escapePressed();
        ImGui::SameLine();
        const bool save = bigButton(tr("Opslaan"), true, em(8)) || enter;
        if (cancel) {
            wipe(m_resetPin, sizeof m_resetPin);
            wipe(m_resetPin2, sizeof m_resetPin2);
            ImGui::CloseCurrentPopup();
        } else if (save) {
            if (const std::string p = pinPairProblem(m_resetPin, m_resetPin2); !p.empty()) {
                m_resetProblem = p;
            } else {
                try {
                    app.core().school().resetTeacherPin(m_resetId, m_resetPin);
                    logInfo("a teacher's PIN reset by an administrator");
                    ImGui::CloseCurrentPopup();
                } catch (const Error& e) {
                    m_resetProblem = teacherError(tr("De pincode is niet gewijzigd."), e, "PIN not reset");
                }
            }
            wipe(m_resetPin, sizeof m_resetPin);
            wipe(m_resetPin2, sizeof m_resetPin2);
        }
        ImGui::EndPopup();
    }

    void removePopup(App& app, TeacherTabContext& context) {
        if (m_openRemove) {
            ImGui::OpenPopup("removeteacher");
            m_openRemove = false;
        }
        centerNextPopup(28);
        if (!ImGui::BeginPopupModal("removeteacher", nullptr,
                                    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize))
            return;
        char title[200];
        std::snprintf(title, sizeof title, tr("%s verwijderen?"), m_removeName.c_str());
        wrappedText(title, app.fonts().large);
        char body[300];
        std::snprintf(
            body, sizeof body,
            m_removeClasses == 1
                ? tr("De pincode werkt daarna niet meer. De %d klas van deze leerkracht gaat naar niemand: een "
                     "beheerder kan hem aan een andere leerkracht geven. Er gaan geen gegevens verloren.")
                : tr("De pincode werkt daarna niet meer. De %d klassen van deze leerkracht gaan naar niemand: een "
                     "beheerder kan ze aan een andere leerkracht geven. Er gaan geen gegevens verloren."),
            m_removeClasses);
        wrappedText(body);
        ImGui::Dummy(em(0, 0.4f));
        if (bigButton(tr("Nee"), false, em(8)) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::SameLine();
        if (bigButton(tr("Ja, verwijderen"), true, em(10))) {
            try {
                app.core().school().removeTeacher(m_removeId);
                logInfo("teacher removed");
                changed(context);
            } catch (const Error& e) {
                context.message = teacherError(tr("De leerkracht is niet verwijderd."), e, "teacher not removed");
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    std::vector<TeacherInfo> m_teachers;
    std::vector<ClassInfo> m_classes;
    int64_t m_me = 0;
    int64_t m_readAtMs = -1;
    std::string m_name;
    char m_pin[32] = "";
    char m_pin2[32] = "";
    bool m_admin = false;
    std::string m_addProblem, m_added;
    int64_t m_resetId = 0;
    std::string m_resetName, m_resetProblem;
    char m_resetPin[32] = "";
    char m_resetPin2[32] = "";
    bool m_openReset = false, m_resetFocus = false;
    int64_t m_removeId = 0;
    std::string m_removeName;
    int m_removeClasses = 0;
    bool m_openRemove = false;
};

}  // namespace

std::unique_ptr<TeacherTab> makeTeachersTab() {
    return std::make_unique<TeachersTab>();
}

}  // namespace dlk::ui
