#include "results/class_report.h"

#include <cmath>
#include <map>
#include <set>

#include "irt/csv_reader.h"
#include "irt/irt_pipeline.h"
#include "util/error.h"

namespace dlk {

std::optional<int> domainPercent(const DomainScore& score) {
    if (score.max <= 0) return std::nullopt;
    return static_cast<int>(std::lround(100.0 * score.raw / score.max));
}

Standing standingOf(int kerndoelPercent, int overallPercent, double pointsToEarn) {
    if (pointsToEarn < kMinPointsForStanding) return Standing::TooFewPoints;
    if (kerndoelPercent >= overallPercent + kStandingMarginPercent) return Standing::Stronger;
    if (kerndoelPercent <= overallPercent - kStandingMarginPercent) return Standing::Weaker;
    return Standing::AsOverall;
}

Standing pupilStanding(const PupilResult& result, int k) {
    if (k < 1 || k > kKerndoelCount || result.totalMax() <= 0) return Standing::TooFewPoints;
    const DomainScore& score = result.kerndoelen[static_cast<size_t>(k)];
    const std::optional<int> own = domainPercent(score);
    if (!own) return Standing::TooFewPoints;
    const int overall = static_cast<int>(std::lround(100.0 * result.totalRaw() / result.totalMax()));
    return standingOf(*own, overall, score.max);
}

namespace {

bool finishedWithPoints(const PupilReport& pupil) {
    return pupil.result.status == AttemptStatus::Finished && pupil.result.totalMax() > 0;
}

// The class's mean share per kerndoel and where it stands against the class's mean overall.
void addKerndoelFigures(ClassReport& report) {
    for (int k = 1; k <= kKerndoelCount; ++k) {
        KerndoelFigure& figure = report.kerndoelen[static_cast<size_t>(k)];
        figure = KerndoelFigure{};
        figure.kerndoel = k;
        double shareSum = 0, pointsSum = 0;
        for (const PupilReport& pupil : report.pupils) {
            const DomainScore& score = pupil.result.kerndoelen[static_cast<size_t>(k)];
            if (!finishedWithPoints(pupil) || score.max <= 0) continue;
            ++figure.pupils;
            shareSum += score.raw / score.max;
            pointsSum += score.max;
        }
        if (figure.pupils == 0) continue;
        figure.meanPoints = pointsSum / figure.pupils;
        if (!groupHasStatistics(figure.pupils)) {
            figure.withheld = Withheld::SmallGroup;
            continue;
        }
        figure.percent = static_cast<int>(std::lround(100.0 * shareSum / figure.pupils));
        if (report.meanPercent) figure.standing = standingOf(*figure.percent, *report.meanPercent, figure.meanPoints);
    }
}

// How many finished pupils are at each of `levelCount` levels by the scale score `scaleOf` picks
// out; withheld for a small group, empty for a scale without levels.
template <typename ScaleOf>
LevelDistribution levelDistribution(const std::vector<PupilReport>& pupils, size_t levelCount, ScaleOf scaleOf) {
    LevelDistribution out;
    if (levelCount == 0) return out;
    std::vector<int> counts(levelCount, 0);
    for (const PupilReport& pupil : pupils) {
        const std::optional<ScaleScore>& scale = *scaleOf(pupil);
        if (pupil.result.status == AttemptStatus::Finished && scale && scale->level && scale->level->level >= 0 &&
            static_cast<size_t>(scale->level->level) < levelCount) {
            ++counts[static_cast<size_t>(scale->level->level)];
            ++out.pupils;
        }
    }
    if (!groupHasStatistics(out.pupils)) {
        out.withheld = Withheld::SmallGroup;
        return out;
    }
    for (size_t k = 0; k < levelCount; ++k)
        out.levels.push_back({static_cast<int>(k), counts[k],
                              static_cast<int>(std::lround(100.0 * counts[k] / static_cast<double>(out.pupils)))});
    return out;
}

// The report's form of a scale estimate; nullopt with `problem` set when the estimate is no finite
// number (damaged parameters: a NaN in items.csv).
std::optional<ScaleScore> toScaleScore(const PupilScale& s, std::string& problem) {
    if (!(std::isfinite(s.scaleScore) && std::isfinite(s.scaleSe))) {
        problem = "the estimate is not a finite number (scale score " + formatNumber(s.scaleScore) + ", SE " +
                  formatNumber(s.scaleSe) + "): check the item parameters";
        return std::nullopt;
    }
    ScaleScore scale;
    scale.score = s.scaleScore;
    scale.se = s.scaleSe;
    scale.margin95 = kZ95 * s.scaleSe;
    scale.level = s.level;
    scale.rawScore = s.rawScore;
    scale.maxScore = s.maxScore;
    scale.itemsUsed = s.itemsUsed;
    scale.itemsWithoutParameters = s.itemsWithoutParameters;
    return scale;
}

}  // namespace

bool domainLevelsShown(const LevelDistribution& dist) {
    return dist.pupils > 0 && (dist.withheld != Withheld::No || !dist.levels.empty());
}

void addClassFigures(ClassReport& report, size_t levelCount, const std::array<size_t, 4>& domainLevelCounts) {
    int finished = 0;
    double totalShareSum = 0;
    for (const PupilReport& pupil : report.pupils)
        if (finishedWithPoints(pupil)) {
            ++finished;
            totalShareSum += pupil.result.totalRaw() / pupil.result.totalMax();
        }
    report.meanPercent.reset();
    report.meanWithheld = Withheld::No;
    if (groupHasStatistics(finished))
        report.meanPercent = static_cast<int>(std::lround(100.0 * totalShareSum / finished));
    else
        report.meanWithheld = Withheld::SmallGroup;
    addKerndoelFigures(report);
    for (Domain d : kAllDomains) {
        DomainFigure& figure = report.domains[static_cast<size_t>(d)];
        figure.domain = d;
        double shareSum = 0;
        for (const PupilReport& pupil : report.pupils) {
            const DomainScore& score = pupil.result.domains[static_cast<size_t>(d)];
            if (pupil.result.status != AttemptStatus::Finished || score.max <= 0) continue;
            ++figure.pupils;
            shareSum += score.raw / score.max;
        }
        if (groupHasStatistics(figure.pupils))
            figure.percent = static_cast<int>(std::lround(100.0 * shareSum / figure.pupils));
        else
            figure.withheld = Withheld::SmallGroup;
    }
    report.levels = levelDistribution(report.pupils, levelCount, [](const PupilReport& p) { return &p.scale; });
    for (Domain d : kAllDomains) {
        const size_t i = static_cast<size_t>(d);
        report.domainLevels[i] = levelDistribution(report.pupils, domainLevelCounts[i],
                                                   [i](const PupilReport& p) { return &p.domainScales[i]; });
    }
}

ClassReport buildClassReport(Database& db, const ItemBank& bank, int64_t classId, const CalibratedItems* calibration,
                             const LevelTable* levels, const BankDif* dif) {
    ClassReport report;
    report.classId = classId;
    report.scaled = calibration != nullptr;
    report.provisional = calibration && calibration->provisional();
    // One scoring pass serves the raw scores and the scale scores.
    const std::vector<ItemScoreRow> rows = scoreItems(db, bank, classId);
    report.unscorable = unscorableItems(rows);
    // Per pupil the scores the estimate can use; a score outside its item's parameters (the item
    // changed after the calibration) is left out by name rather than failing the whole class.
    std::map<int64_t, std::vector<ItemScore>> itemScores;
    std::map<int64_t, std::array<std::vector<ItemScore>, 4>> domainItemScores;  // the same, by the item's domain
    std::map<int64_t, std::vector<std::string>> outOfRange;
    if (calibration)
        for (const auto& row : rows) {
            if (!row.scored()) continue;
            auto add = [&](const std::string& id, int score) {
                if (const ItemParams* p = calibration->find(id); p && (score < 0 || score > p->maxScore)) {
                    outOfRange[row.pupilId].push_back(id + ": score " + std::to_string(score) + " is outside 0.." +
                                                      std::to_string(p->maxScore) + " of its parameters");
                    return;
                }
                itemScores[row.pupilId].push_back({id, score});
                domainItemScores[row.pupilId][static_cast<size_t>(row.domain)].push_back({id, score});
            };
            if (!row.units.empty()) {
                // Human criteria have parameters of their own: the machine's part and each criterion
                // with its final score count; a criterion not yet scored is left out, never 0.
                for (const UnitScore& u : row.units) add(u.unitId, u.score);
                continue;
            }
            if (row.awaitingTeacher) continue;  // no score yet is no 0 either
            add(row.itemId, static_cast<int>(std::lround(row.score)));
        }
    std::map<int64_t, ActivitySummary> activity = classActivity(db, bank, classId);
    for (PupilResult& result : classResults(db, classId, rows)) {
        PupilReport pupil;
        const bool finished = result.status == AttemptStatus::Finished;
        if (finished && result.totalMax() > 0) ++report.finished;
        if (finished && calibration) {
            std::vector<std::string> leftOut;
            if (auto o = outOfRange.find(result.pupilId); o != outOfRange.end()) leftOut = std::move(o->second);
            try {
                const auto scores = itemScores.find(result.pupilId);
                const auto s =
                    scores == itemScores.end() ? std::nullopt : scalePupil(scores->second, *calibration, levels);
                if (s) {
                    pupil.scale = toScaleScore(*s, pupil.scaleProblem);
                    if (pupil.scale) pupil.scale->itemsOutOfRange = std::move(leftOut);
                } else if (!leftOut.empty()) {
                    pupil.scaleProblem = leftOut.front();  // every usable score was out of range
                }
                // Per domain only beside a total: a domain estimate never stands in for a failed one.
                const auto byDomain = domainItemScores.find(result.pupilId);
                if (pupil.scale && byDomain != domainItemScores.end())
                    for (Domain d : kAllDomains) {
                        const size_t i = static_cast<size_t>(d);
                        const auto ds = scalePupil(byDomain->second[i], *calibration, levels, std::string(domainId(d)));
                        std::string ignored;  // the parameters' problem shows in the total already
                        if (ds) pupil.domainScales[i] = toScaleScore(*ds, ignored);
                    }
            } catch (const Error& e) {
                pupil.scaleProblem = e.what();  // this pupil only; the class goes on
            }
        }
        if (auto a = activity.find(result.pupilId); a != activity.end()) pupil.activity = std::move(a->second);
        pupil.result = std::move(result);
        report.pupils.push_back(std::move(pupil));
    }
    auto levelCount = [&](const std::string& scale) -> size_t {
        return calibration && levels && levels->hasScale(scale) ? levels->levels(scale).size() : 0;
    };
    std::array<size_t, 4> domainLevelCounts{};
    for (Domain d : kAllDomains) domainLevelCounts[static_cast<size_t>(d)] = levelCount(std::string(domainId(d)));
    addClassFigures(report, calibration ? levelCount(calibration->scaleName) : 0, domainLevelCounts);
    // The items over the pupils whose whole plan is finished, as the class figures: an item a
    // pupil has not reached yet is no wrong answer.
    std::set<int64_t> finishedPupils;
    for (const PupilReport& pupil : report.pupils)
        if (pupil.result.status == AttemptStatus::Finished) finishedPupils.insert(pupil.result.pupilId);
    report.items = analyseItems(rows, bankItemLookup(bank), finishedPupils);
    if (dif) attachDifFlags(report.items, *dif);
    return report;
}

void attachNames(ClassReport& report, SchoolStore& school) {
    std::vector<PupilResult> results;
    for (const PupilReport& p : report.pupils) results.push_back(p.result);
    attachNames(results, school, report.classId);
    for (size_t i = 0; i < results.size(); ++i) report.pupils[i].result = std::move(results[i]);
}

}  // namespace dlk
