#include "support/translator.h"
#include "ui/screens/teacher/teacher_tab.h"

namespace dlk::ui {

// Defined in each tab's own file.
std::unique_ptr<TeacherTab> makeScoresTab();
std::unique_ptr<TeacherTab> makeAnalysisTab();
std::unique_ptr<TeacherTab> makeActivityTab();
std::unique_ptr<TeacherTab> makeScoringTab();
std::unique_ptr<TeacherTab> makeBankTab();
std::unique_ptr<TeacherTab> makeClassTab();
std::unique_ptr<TeacherTab> makeTeachersTab();
std::unique_ptr<TeacherTab> makeExportTab();
std::unique_ptr<TeacherTab> makeKiosksTab();

std::span<const TeacherTabEntry> teacherTabs() {
    static const TeacherTabEntry kTabs[] = {
        {"scores", N_("Scores"), makeScoresTab},
        {"analysis", N_("Analyse"), makeAnalysisTab},
        {"activity", N_("Activiteit"), makeActivityTab},
        {"scoring", N_("Beoordelen"), makeScoringTab},
        {"class", N_("Klas beheren"), makeClassTab},
        {"bank", N_("Itembank"), makeBankTab, false},
        {"teachers", N_("Leerkrachten"), makeTeachersTab, false, true},
        {"export", N_("Exporteren"), makeExportTab, false, true},
        {"kiosks", N_("Kiosks"), makeKiosksTab, false},
    };
    return kTabs;
}

}  // namespace dlk::ui
