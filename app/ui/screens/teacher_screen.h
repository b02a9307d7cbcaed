#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "delivery/process_log.h"
#include "irt/irt_pipeline.h"
#include "results/class_results.h"
#include "school/school_store.h"

namespace dlk::ui {
class App;

// The teacher's station: classes and pupil codes (prepare), the class's raw scores per domain
// (results), what each pupil did (activity, from the process data), and leaving or closing the
// kiosk. Locks itself after 3 idle minutes.
class TeacherScreen {
public:
    static constexpr int64_t kIdleLockMs = 3 * 60 * 1000;
    void draw(App& app);
    void reset();
    void selectClass(int64_t classId) { m_selectedClass = classId; m_resultsAtMs = -1; }

private:
    void classList(App& app, float width);
    void classResultsView(App& app);
    void refresh(App& app);
    void accommodationsPopup(App& app);
    void activityView();
    void activityPopup(App& app);
    // Back to where the kiosk was: the pupil's item (or pause), their finish screen, or the login.
    void leave(App& app);

    std::vector<ClassInfo> m_classes;
    int64_t m_selectedClass = 0;
    std::vector<PupilResult> m_results;
    std::map<int64_t, PupilScale> m_scales;  // by pupil, when the bank has item parameters
    std::map<int64_t, ActivitySummary> m_activity;  // by pupil, from the process data
    std::map<std::string, std::string> m_itemTitles;  // item id -> title, for the activity popup
    int64_t m_activityPupil = 0;  // whose activity the popup shows
    std::string m_activityName;
    bool m_openActivity = false;
    enum class View { Scores, Activity };
    View m_view = View::Scores;
    int64_t m_resultsAtMs = -1;
    char m_newClass[64] = "";
    int m_newPupils = 25;
    std::string m_message;
    bool m_confirmClose = false;
    int64_t m_editPupil = 0;  // the pupil whose accommodations are being edited
    Accommodations m_edit;
};

}  // namespace dlk::ui
