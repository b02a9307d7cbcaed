#include "bank/bank_information.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "bank/calibration_units.h"
#include "util/error.h"

namespace dlk {

namespace {

std::string fixed2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// The parameters of a module's units, and the units without.
InformationRow moduleRow(const Module& module, const CalibratedItems& parameters) {
    InformationRow row;
    row.label = module.identifier;
    std::vector<ItemParams> items;
    const ModuleVariant& v = module.variant("nl");
    for (const auto& item : v.items) {
        if (!item) continue;
        std::vector<CalibrationUnit> units;
        try {
            units = calibrationUnitsOf(*item, module.identifier);
        } catch (const Error&) {
            continue;  // a refused rubric: the validator reports it
        }
        for (const CalibrationUnit& u : units) {
            if (const ItemParams* p = parameters.find(u.id); p && p->maxScore >= 1)
                items.push_back(*p);
            else
                row.withoutParameters.push_back(u.id);
        }
    }
    row.units = static_cast<int>(items.size());
    row.curve = informationCurve(items, kInformationFrom, kInformationTo, kInformationStep);
    return row;
}

// The peak of a curve known only as a sum of module curves: searched on the same fine grid.
void findPeak(InformationRow& row, const std::vector<std::pair<const InformationRow*, double>>& parts,
              const std::map<std::string, std::vector<ItemParams>>& moduleItems) {
    std::vector<ItemParams> none;
    row.curve.peakInformation = 0;
    row.curve.peakTheta = 0;
    const int steps = static_cast<int>(std::lround(2 * kPeakSearchLimit / kPeakResolution));
    for (int i = 0; i <= steps; ++i) {
        const double theta = -kPeakSearchLimit + kPeakResolution * i;
        double sum = 0;
        for (const auto& [part, weight] : parts) {
            const auto it = moduleItems.find(part->label);
            sum += weight * testInformation(it == moduleItems.end() ? none : it->second, theta);
        }
        if (sum > row.curve.peakInformation) {
            row.curve.peakInformation = sum;
            row.curve.peakTheta = theta;
        }
    }
}

}  // namespace

BankInformation bankInformation(const ItemBank& bank, const std::vector<BookletDesign>& designs,
                                const CalibratedItems& parameters) {
    BankInformation info;
    if (parameters.population) {
        info.populationMean = parameters.population->mean;
        info.populationSd = parameters.population->sd;
    }
    std::map<std::string, std::vector<ItemParams>> moduleItems;
    for (const Module& m : bank.modules()) {
        if (m.practice) continue;
        info.modules.push_back(moduleRow(m, parameters));
        std::vector<ItemParams>& items = moduleItems[m.identifier];
        for (const auto& item : m.variant("nl").items) {
            if (!item) continue;
            try {
                for (const CalibrationUnit& u : calibrationUnitsOf(*item, m.identifier))
                    if (const ItemParams* p = parameters.find(u.id); p && p->maxScore >= 1) items.push_back(*p);
            } catch (const Error&) {
            }
        }
    }
    std::map<std::string, const InformationRow*> byModule;
    for (const InformationRow& r : info.modules) byModule[r.label] = &r;
    for (const BookletDesign& d : designs) {
        // Each module of a part is in perPupil / poolSize of the part's booklets.
        std::vector<std::pair<const InformationRow*, double>> parts;
        for (const DesignPart& part : d.parts) {
            if (part.pool.empty()) continue;
            const double share = static_cast<double>(part.chosenCount()) / static_cast<double>(part.pool.size());
            for (const std::string& id : part.pool)
                if (const auto it = byModule.find(id); it != byModule.end()) parts.emplace_back(it->second, share);
        }
        InformationRow row;
        row.label = "booklet of " + (d.name.empty() ? std::string("the design") : d.name);
        row.curve.thetas = info.modules.empty() ? std::vector<double>{} : info.modules.front().curve.thetas;
        if (row.curve.thetas.empty())
            row.curve = informationCurve({}, kInformationFrom, kInformationTo, kInformationStep);
        row.curve.information.assign(row.curve.thetas.size(), 0);
        double units = 0;
        for (const auto& [module, share] : parts) {
            for (size_t i = 0; i < row.curve.information.size(); ++i)
                row.curve.information[i] += share * module->curve.information[i];
            units += share * module->units;
            for (const std::string& u : module->withoutParameters) row.withoutParameters.push_back(u);
        }
        row.units = static_cast<int>(std::lround(units));
        findPeak(row, parts, moduleItems);
        info.booklets.push_back(std::move(row));
    }
    return info;
}

std::vector<Finding> compareInformation(const BankInformation& info, const std::string& parametersPath) {
    std::vector<Finding> out;
    const double lo = info.populationMean - kInformationPeakSds * info.populationSd;
    const double hi = info.populationMean + kInformationPeakSds * info.populationSd;
    for (const InformationRow& r : info.modules) {
        if (r.units == 0) {
            out.push_back({parametersPath, 0, Severity::Warning,
                           "module " + r.label + " has no item parameters: its items count in no scale score"});
            continue;
        }
        if (!r.withoutParameters.empty()) {
            std::string list;
            for (size_t i = 0; i < r.withoutParameters.size() && i < 6; ++i)
                list += (i ? ", " : "") + r.withoutParameters[i];
            if (r.withoutParameters.size() > 6) list += ", ...";
            out.push_back({parametersPath, 0, Severity::Warning,
                           "module " + r.label + ": " + std::to_string(r.withoutParameters.size()) +
                               " item(s) or criteria without parameters, left out of every scale score (" + list +
                               ")"});
        }
        if (r.curve.peakTheta < lo || r.curve.peakTheta > hi)
            out.push_back({parametersPath, 0, Severity::Warning,
                           "module " + r.label + " measures best at theta " + fixed2(r.curve.peakTheta) +
                               ", outside where most pupils are (" + fixed2(lo) + " to " + fixed2(hi) +
                               ": the population mean " + fixed2(info.populationMean) + " +/- " +
                               fixed2(kInformationPeakSds) + " SD)"});
    }
    return out;
}

}  // namespace dlk
