#pragma once
// The reporting scale and proficiency levels. Theta is turned into a scale score by a linear
// transformation that gives a chosen reference sample mean 500 and SD 100 (per scale: each domain
// and the total); levels come from a configuration table of cut-points with Dutch and English
// descriptors (assets/irt/levels.csv), never from code.
#include <optional>
#include <string>
#include <vector>

#include "irt/mml_calibration.h"

namespace dlk {

struct ReportingScale {
    double thetaMean = 0;  // of the reference sample, in logits
    double thetaSd = 1;
    double scaleMean = 500;
    double scaleSd = 100;

    double toScale(double theta) const { return scaleMean + scaleSd * (theta - thetaMean) / thetaSd; }
    double seToScale(double se) const { return scaleSd * se / thetaSd; }
    double toTheta(double scaleScore) const { return thetaMean + thetaSd * (scaleScore - scaleMean) / scaleSd; }

    // The calibration sample as the population model describes it (the usual choice).
    static ReportingScale fromPopulation(const PopulationModel& population);
    // A reference sample's estimates (NaN skipped); plausible values are the right input for this,
    // WLEs overstate the spread and EAPs understate it. Throws Error(Invalid) for fewer than 2 values.
    static ReportingScale fromSample(const std::vector<double>& thetas);
};

struct ProficiencyLevel {
    int level = 0;                   // 0 = below the first cut-point
    std::optional<double> minScore;  // scale score where the level starts; none for the lowest
    std::string nameNl, nameEn;
    std::string descriptorNl, descriptorEn;
    bool provisional = true;
    std::string source;
};

// The half-width of a 95% interval in standard errors: the normal distribution's 97.5% point,
// usually written 1.96. A scale score's ± margin and the levels at the ends of its interval both
// use this one, so the margin a teacher reads and the level range beside it always agree.
inline constexpr double kZ95 = 1.959963984540054;

// Where a pupil stands, with the uncertainty of the estimate: a normal distribution around the
// scale score with the SE as SD gives each level's probability, and the ends of the 95% interval
// give the range of levels the pupil may well be in.
struct LevelPlacement {
    int level = 0;                      // level of the point estimate
    double probability = 0;             // that the pupil's true level is `level`
    int lowest = 0, highest = 0;        // levels at the ends of the 95% interval
    std::vector<double> probabilities;  // per level of the scale, in order
};

class LevelTable {
public:
    // levels.csv: scale,level,min_score,name_nl,name_en,descriptor_nl,descriptor_en,provisional,source.
    // Levels of a scale must be numbered 0, 1, 2, ... with increasing min_score; only level 0 has an
    // empty min_score. Throws Error(Parse/Invalid) naming the line.
    static LevelTable parse(std::string text, const std::string& sourceName);
    static LevelTable load(const std::string& path);

    bool hasScale(const std::string& scale) const;
    std::vector<std::string> scales() const;
    // Throws Error(NotFound) for a scale the table does not have.
    const std::vector<ProficiencyLevel>& levels(const std::string& scale) const;
    const ProficiencyLevel& levelFor(const std::string& scale, double scaleScore) const;
    LevelPlacement place(const std::string& scale, double scaleScore, double scaleSe) const;

private:
    std::vector<std::pair<std::string, std::vector<ProficiencyLevel>>> m_scales;
};

}  // namespace dlk
