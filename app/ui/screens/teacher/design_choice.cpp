#include "ui/screens/teacher/design_choice.h"

#include <cstdio>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/screen_frame.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "util/error.h"

namespace dlk::ui {

namespace {
std::string titles(const std::vector<std::string>& ids, const ItemBank& bank, const std::string& language) {
    std::string out;
    for (const std::string& id : ids) {
        const Module* m = bank.findModule(id);
        if (!out.empty()) out += " · ";
        out += m ? m->variant(language).title : id;
    }
    return out;
}
}  // namespace

std::string designLabel(const BookletDesign& design, const std::string& language) {
    const std::string& label = language == "en" ? design.labelEn : design.labelNl;
    if (!label.empty()) return label;
    if (language == "en" && !design.labelNl.empty()) return design.labelNl;
    return design.name;
}

std::string designSummary(const BookletDesign& design, const ItemBank& bank, const std::string& language) {
    char buf[160];
    std::string out = design.tutorial.empty() ? "" : std::string(tr("Eerst de oefenmodule")) + ", ";
    bool first = true;
    for (const DesignPart& part : design.parts) {
        const int n = static_cast<int>(part.chosenCount()), m = static_cast<int>(part.pool.size());
        if (!first || !design.tutorial.empty()) out += tr("dan");
        out += first && design.tutorial.empty() ? "" : " ";
        if (n == m)
            std::snprintf(buf, sizeof buf, n == 1 ? tr("de module") : tr("de %d modules"), n);
        else
            std::snprintf(buf, sizeof buf, tr("%d van de %d modules"), n, m);
        out += std::string(buf) + " (" + titles(part.pool, bank, language) + ")";
        out += &part == &design.parts.back() ? ". " : ", ";
        first = false;
    }
    const int total = static_cast<int>(design.modulesPerPupil()), minutes = designMinutes(design, bank);
    if (total == 1)
        std::snprintf(buf, sizeof buf, tr("Samen 1 module, hoogstens %d minuten."), minutes);
    else
        std::snprintf(buf, sizeof buf, tr("Samen %d modules, hoogstens %d minuten."), total, minutes);
    out += buf;
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

void DesignChoice::reload(App& app, int64_t classId, std::string& message) {
    m_classId = classId;
    m_readAtMs = app.now();
    m_chosen.clear();
    m_dealt = 0;
    try {
        m_chosen = app.core().school().sessionDesign(classId);
        m_dealt = app.core().sessionPlans().dealtInClass(classId);
    } catch (const Error& e) {
        message = teacherError(tr("De opzet van de sessie kon niet worden gelezen."), e, "session design: reading");
    }
}

void DesignChoice::draw(App& app, const ClassInfo& cls, std::string& message, float width) {
    if (cls.id != m_classId || app.now() - m_readAtMs > 5000 || app.now() < m_readAtMs) reload(app, cls.id, message);
    const SessionDesigns& designs = app.core().sessionDesigns();
    wrappedText(tr("Opzet van de sessie"), app.fonts().bold);
    char line[512];
    std::snprintf(line, sizeof line,
                  tr("Welke modules de leerlingen krijgen. Wie al is begonnen (%d van %d), houdt zijn modules; de "
                     "keuze geldt voor wie hierna voor het eerst inlogt."),
                  m_dealt, cls.pupilCount);
    wrappedText(line, nullptr, palette().mutedText, width);
    const BookletDesign& current = designs.chosen(designs.find(m_chosen) ? m_chosen : "");
    for (const BookletDesign& d : designs.designs) {
        std::string text = designLabel(d, app.language());
        if (d.name == designs.defaultName) text += std::string(" ") + tr("(standaard)");
        text += "\n" + designSummary(d, app.core().bank(), app.language());
        ImGui::PushID(d.name.c_str());
        if (choiceRow("##design", text, &d == &current, Indicator::Radio, width) && &d != &current) {
            try {
                app.core().school().setSessionDesign(cls.id, d.name);
                logInfo("class session design set to " + d.name);
                m_chosen = d.name;
                message.clear();
            } catch (const Error& e) {
                message = teacherError(tr("De opzet van de sessie is niet gewijzigd."), e, "session design: not set");
            }
        }
        ImGui::PopID();
    }
}

}  // namespace dlk::ui
