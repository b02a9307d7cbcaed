#include "results/class_report.h"

#include <cmath>
#include <map>

#include "irt/irt_pipeline.h"

namespace dlk {

ClassReport buildClassReport(Database& db, const ItemBank& bank, int64_t classId, const CalibratedItems* calibration,
                             const LevelTable* levels) {
    ClassReport report;
    report.classId = classId;
    report.scaled = calibration != nullptr;
    report.provisional = calibration && calibration->provisional();
    // One scoring pass serves the raw scores and the scale scores.
    const std::vector<ItemScoreRow> rows = scoreItems(db, bank, classId);
    std::map<int64_t, std::vector<ItemScore>> itemScores;
    if (calibration)
        for (const auto& row : rows)
            itemScores[row.pupilId].push_back({row.itemId, static_cast<int>(std::lround(row.score))});
    std::map<int64_t, ActivitySummary> activity = classActivity(db, bank, classId);
    double shareSum = 0;
    for (PupilResult& result : classResults(db, classId, rows)) {
        PupilReport pupil;
        const bool finished = result.status == AttemptStatus::Finished;
        if (finished && result.totalMax() > 0) {
            ++report.finished;
            shareSum += result.totalRaw() / result.totalMax();
        }
        if (const auto scores = itemScores.find(result.pupilId); finished && scores != itemScores.end())
            if (const auto s = scalePupil(scores->second, *calibration, levels))
                pupil.scale = ScaleScore{s->scaleScore, s->scaleSe, kZ95 * s->scaleSe, s->level};
        if (auto a = activity.find(result.pupilId); a != activity.end()) pupil.activity = std::move(a->second);
        pupil.result = std::move(result);
        report.pupils.push_back(std::move(pupil));
    }
    if (groupHasStatistics(report.finished))
        report.meanPercent = static_cast<int>(std::lround(100.0 * shareSum / report.finished));
    else
        report.meanWithheld = Withheld::SmallGroup;
    return report;
}

}  // namespace dlk
