#include "irt/dif.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "irt/background_csv.h"
#include "irt/csv_reader.h"
#include "irt/irt_pipeline.h"
#include "irt/items_csv.h"
#include "util/error.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEtsScale = 2.35;                  // 4 / 1.7: ETS's delta scale per logit of the odds ratio
constexpr double kChiSquare05 = 3.841458820694124;  // 1 df, 5%
constexpr double kOneSidedZ05 = 1.6448536269514722;

}  // namespace

MantelHaenszel mantelHaenszel(const std::vector<Stratum2x2>& strata) {
    double r = 0, s = 0, pr = 0, psqr = 0, qs = 0;  // sums for alpha and the RBG variance
    double a = 0, expected = 0, variance = 0;       // for the chi-square
    for (const Stratum2x2& k : strata) {
        const double nRef = k.referenceRight + k.referenceWrong, nFoc = k.focalRight + k.focalWrong;
        const double n = nRef + nFoc;
        if (nRef <= 0 || nFoc <= 0 || n < 2) continue;
        const double rk = k.referenceRight * k.focalWrong / n, sk = k.referenceWrong * k.focalRight / n;
        const double pk = (k.referenceRight + k.focalWrong) / n, qk = (k.referenceWrong + k.focalRight) / n;
        r += rk;
        s += sk;
        pr += pk * rk;
        psqr += pk * sk + qk * rk;
        qs += qk * sk;
        const double right = k.referenceRight + k.focalRight, wrong = k.referenceWrong + k.focalWrong;
        a += k.referenceRight;
        expected += nRef * right / n;
        variance += nRef * nFoc * right * wrong / (n * n * (n - 1));
    }
    MantelHaenszel mh;
    if (!(r > 0) || !(s > 0)) return mh;  // all right or all wrong in a group: no finite ratio
    mh.defined = true;
    mh.alpha = r / s;
    mh.dDif = -kEtsScale * std::log(mh.alpha);
    const double varLog = pr / (2 * r * r) + psqr / (2 * r * s) + qs / (2 * s * s);
    mh.se = kEtsScale * std::sqrt(varLog);
    const double dev = std::max(0.0, std::fabs(a - expected) - 0.5);
    mh.chiSquare = variance > 0 ? dev * dev / variance : 0;
    return mh;
}

EtsClass etsClass(const MantelHaenszel& mh) {
    const double d = std::fabs(mh.dDif);
    if (d < 1.0 || mh.chiSquare < kChiSquare05) return EtsClass::A;
    if (d >= 1.5 && mh.se > 0 && (d - 1.0) / mh.se > kOneSidedZ05) return EtsClass::C;
    return EtsClass::B;
}

MantelSmd mantelSmd(const std::vector<StratumScores>& strata) {
    MantelSmd m;
    double f = 0, expected = 0, variance = 0, weighted = 0, focalTotal = 0;
    double n = 0, sum = 0, sumSq = 0;  // over both groups, for the item score's SD
    for (const StratumScores& k : strata) {
        double nRef = 0, nFoc = 0, sRef = 0, sFoc = 0, sAll = 0, sqAll = 0;
        for (size_t y = 0; y < k.reference.size() && y < k.focal.size(); ++y) {
            const double yd = static_cast<double>(y);
            nRef += k.reference[y];
            nFoc += k.focal[y];
            sRef += yd * k.reference[y];
            sFoc += yd * k.focal[y];
            sAll += yd * (k.reference[y] + k.focal[y]);
            sqAll += yd * yd * (k.reference[y] + k.focal[y]);
        }
        n += nRef + nFoc;
        sum += sAll;
        sumSq += sqAll;
        const double nk = nRef + nFoc;
        if (nRef <= 0 || nFoc <= 0 || nk < 2) continue;
        f += sFoc;
        expected += nFoc * sAll / nk;
        variance += nRef * nFoc * (nk * sqAll - sAll * sAll) / (nk * nk * (nk - 1));
        weighted += nFoc * (sFoc / nFoc - sRef / nRef);
        focalTotal += nFoc;
    }
    if (!(focalTotal > 0) || !(n > 1)) return m;
    m.sd = std::sqrt(std::max(0.0, (sumSq - sum * sum / n) / (n - 1)));
    if (!(variance > 0) || !(m.sd > 0)) return m;
    m.defined = true;
    m.smd = weighted / focalTotal;
    m.chiSquare = (f - expected) * (f - expected) / variance;
    return m;
}

EtsClass etsClass(const MantelSmd& m) {
    const double ratio = std::fabs(m.smd) / m.sd;
    if (m.chiSquare < kChiSquare05 || ratio <= 0.17) return EtsClass::A;
    return ratio > 0.25 ? EtsClass::C : EtsClass::B;
}

const char* etsClassName(EtsClass c) {
    switch (c) {
        case EtsClass::A:
            return "A";
        case EtsClass::B:
            return "B";
        case EtsClass::C:
            return "C";
    }
    return "?";
}

namespace {

// A set of administered items, and where each item's category counts sit in a stratum's counts.
struct DifBooklet {
    std::vector<int> items;
    std::vector<int> offset;  // per booklet item: start of its categories within one group's block
    int countsSize = 0;
    int maxRaw = 0;
    std::vector<int> stratumOfScore;  // raw score -> stratum, -1 when nobody had it
};

// Pupils of one booklet with one raw score: the matching unit of MH and the sufficient statistic
// of the Rasch model.
struct Stratum {
    int booklet = 0;
    int raw = 0;
    int n[2] = {0, 0};
    size_t countsOffset = 0;  // two blocks of countsSize: reference, then focal
};

struct Tables {
    std::vector<DifBooklet> booklets;
    std::vector<Stratum> strata;
    std::vector<uint32_t> counts;

    uint32_t count(const Stratum& s, int group, size_t pos, int category) const {
        const DifBooklet& b = booklets[static_cast<size_t>(s.booklet)];
        return counts[s.countsOffset + static_cast<size_t>(group * b.countsSize + b.offset[pos] + category)];
    }
};

Tables tabulate(const ResponseMatrix& m, const std::vector<ItemParams>& items, const std::vector<int>& group) {
    Tables t;
    const size_t nItems = m.itemCount();
    std::unordered_map<std::string, int> bookletOfKey;
    std::string key(nItems, '0');
    // First pass: booklets and strata; second: counts (their offsets are known only then).
    std::vector<int> personStratum(m.personCount(), -1);
    for (size_t p = 0; p < m.personCount(); ++p) {
        const int g = group[p];
        if (g != kReferenceGroup && g != kFocalGroup) continue;
        const int8_t* row = m.row(p);
        int raw = 0;
        bool any = false;
        for (size_t i = 0; i < nItems; ++i) {
            const bool given = row[i] != ResponseMatrix::kNotAdministered;
            key[i] = given ? '1' : '0';
            if (given) {
                raw += row[i];
                any = true;
            }
        }
        if (!any) continue;
        auto [it, fresh] = bookletOfKey.emplace(key, static_cast<int>(t.booklets.size()));
        if (fresh) {
            DifBooklet b;
            for (size_t i = 0; i < nItems; ++i)
                if (key[i] == '1') {
                    b.items.push_back(static_cast<int>(i));
                    b.offset.push_back(b.countsSize);
                    b.countsSize += items[i].maxScore + 1;
                    b.maxRaw += items[i].maxScore;
                }
            b.stratumOfScore.assign(static_cast<size_t>(b.maxRaw) + 1, -1);
            t.booklets.push_back(std::move(b));
        }
        DifBooklet& b = t.booklets[static_cast<size_t>(it->second)];
        int& s = b.stratumOfScore[static_cast<size_t>(raw)];
        if (s < 0) {
            s = static_cast<int>(t.strata.size());
            Stratum st;
            st.booklet = it->second;
            st.raw = raw;
            t.strata.push_back(st);
        }
        ++t.strata[static_cast<size_t>(s)].n[g];
        personStratum[p] = s;
    }
    size_t total = 0;
    for (Stratum& s : t.strata) {
        s.countsOffset = total;
        total += 2 * static_cast<size_t>(t.booklets[static_cast<size_t>(s.booklet)].countsSize);
    }
    t.counts.assign(total, 0);
    for (size_t p = 0; p < m.personCount(); ++p) {
        if (personStratum[p] < 0) continue;
        const Stratum& s = t.strata[static_cast<size_t>(personStratum[p])];
        const DifBooklet& b = t.booklets[static_cast<size_t>(s.booklet)];
        const int8_t* row = m.row(p);
        uint32_t* block = t.counts.data() + s.countsOffset + static_cast<size_t>(group[p] * b.countsSize);
        for (size_t k = 0; k < b.items.size(); ++k) ++block[b.offset[k] + row[b.items[k]]];
    }
    return t;
}

// A fixed grid of abilities for the marginal likelihoods: the per-stratum likelihoods are then
// computed once and the population's EM and each item's Newton steps only reweight them. The
// rectangle rule on a fine grid is exact to many digits for the smooth, bell-shaped posteriors
// here (its error falls exponentially with the spacing).
struct Grid {
    std::vector<double> theta;
    // Per stratum, per grid point: exp(raw theta - sum of log normalisers - the stratum's maximum).
    std::vector<double> like;
};

constexpr int kGridPoints = 161;
constexpr double kGridHalfWidth = 10;  // logits around the items' mean location

Grid makeGrid(const Tables& t, const std::vector<PcmItem>& model, double centre) {
    Grid g;
    for (int q = 0; q < kGridPoints; ++q)
        g.theta.push_back(centre - kGridHalfWidth + 2 * kGridHalfWidth * q / (kGridPoints - 1));
    const size_t Q = g.theta.size();
    std::vector<double> bookletLog(t.booklets.size() * Q, 0.0);
    for (size_t b = 0; b < t.booklets.size(); ++b)
        for (int i : t.booklets[b].items)
            for (size_t q = 0; q < Q; ++q)
                bookletLog[b * Q + q] -= model[static_cast<size_t>(i)].logNormaliser(g.theta[q]);
    g.like.resize(t.strata.size() * Q);
    std::vector<double> logs(Q);
    for (size_t s = 0; s < t.strata.size(); ++s) {
        const Stratum& st = t.strata[s];
        double top = -std::numeric_limits<double>::infinity();
        for (size_t q = 0; q < Q; ++q) {
            logs[q] = st.raw * g.theta[q] + bookletLog[static_cast<size_t>(st.booklet) * Q + q];
            top = std::max(top, logs[q]);
        }
        for (size_t q = 0; q < Q; ++q) g.like[s * Q + q] = std::exp(logs[q] - top);
    }
    return g;
}

std::vector<double> priorWeights(const Grid& g, const PopulationModel& pop) {
    std::vector<double> w(g.theta.size());
    double sum = 0;
    for (size_t q = 0; q < w.size(); ++q) {
        const double z = (g.theta[q] - pop.mean) / pop.sd;
        sum += w[q] = std::exp(-0.5 * z * z);
    }
    for (double& x : w) x /= sum;
    return w;
}

// The group's normal population with every item fixed: EM on the grid.
PopulationModel groupPopulation(const Tables& t, const Grid& g, int group, PopulationModel start) {
    const size_t Q = g.theta.size();
    PopulationModel pop = start;
    for (int iter = 0; iter < 2000; ++iter) {
        const std::vector<double> prior = priorWeights(g, pop);
        double n = 0, s1 = 0, s2 = 0;
        for (size_t s = 0; s < t.strata.size(); ++s) {
            const int ns = t.strata[s].n[group];
            if (!ns) continue;
            double z = 0, m1 = 0, m2 = 0;
            const double* like = &g.like[s * Q];
            for (size_t q = 0; q < Q; ++q) {
                const double w = prior[q] * like[q];
                z += w;
                m1 += w * g.theta[q];
                m2 += w * g.theta[q] * g.theta[q];
            }
            if (!(z > 0)) continue;
            n += ns;
            s1 += ns * m1 / z;
            s2 += ns * m2 / z;
        }
        if (!(n > 0)) return pop;
        const double mean = s1 / n;
        // A grid step is the finest spread the grid can tell apart.
        const double sd = std::sqrt(std::max(s2 / n - mean * mean, 0.01));
        const double change = std::max(std::fabs(mean - pop.mean), std::fabs(sd - pop.sd));
        pop = {mean, sd};
        if (change < 1e-8) break;
    }
    return pop;
}

struct Location {
    double shift = kNaN;  // from the ITEMS.csv location
    double se = kNaN;
    int persons = 0;
};

// The item's location in one group, by Newton's method on the marginal likelihood with every
// other item and the group's population fixed. The score equation is "expected item score =
// observed item score" over the group's strata holding the item.
Location groupLocation(const Tables& t, const Grid& g, const std::vector<double>& prior, const PcmItem& item,
                       int itemIndex, int group) {
    const size_t Q = g.theta.size();
    struct Use {
        size_t stratum;
        int n;
    };
    std::vector<Use> uses;
    double observed = 0;
    Location loc;
    for (size_t s = 0; s < t.strata.size(); ++s) {
        const Stratum& st = t.strata[s];
        if (!st.n[group]) continue;
        const DifBooklet& b = t.booklets[static_cast<size_t>(st.booklet)];
        const auto at = std::lower_bound(b.items.begin(), b.items.end(), itemIndex);
        if (at == b.items.end() || *at != itemIndex) continue;
        const size_t pos = static_cast<size_t>(at - b.items.begin());
        for (int x = 1; x <= item.maxScore(); ++x) observed += x * static_cast<double>(t.count(st, group, pos, x));
        uses.push_back({s, st.n[group]});
        loc.persons += st.n[group];
    }
    // All at zero or all at the maximum: the likelihood has no maximum.
    if (!loc.persons || observed <= 0 || observed >= static_cast<double>(loc.persons) * item.maxScore()) return loc;
    std::vector<double> base(Q), factor(Q), mean(Q), var(Q);
    for (size_t q = 0; q < Q; ++q) base[q] = item.logNormaliser(g.theta[q]);
    double d = 0, info = 0;
    for (int iter = 0; iter < 100; ++iter) {
        // Shifting the item's location by d is evaluating it at theta - d.
        for (size_t q = 0; q < Q; ++q) {
            const ItemMoments mom = item.moments(g.theta[q] - d);
            mean[q] = mom.mean;
            var[q] = mom.variance;
            factor[q] = prior[q] * std::exp(base[q] - item.logNormaliser(g.theta[q] - d));
        }
        double expected = 0;
        info = 0;
        for (const Use& u : uses) {
            const double* like = &g.like[u.stratum * Q];
            double z = 0, em = 0, em2 = 0, ev = 0;
            for (size_t q = 0; q < Q; ++q) {
                const double w = like[q] * factor[q];
                z += w;
                em += w * mean[q];
                em2 += w * mean[q] * mean[q];
                ev += w * var[q];
            }
            em /= z;
            expected += u.n * em;
            info += u.n * (ev / z - (em2 / z - em * em));
        }
        if (!(info > 0)) return loc;
        const double step = std::clamp((expected - observed) / info, -1.0, 1.0);
        d += step;
        if (std::fabs(step) < 1e-9) break;
    }
    loc.shift = d;
    loc.se = 1 / std::sqrt(info);
    return loc;
}

}  // namespace

DifResult analyseDif(const ResponseMatrix& responses, const std::vector<ItemParams>& items,
                     const std::vector<int>& group) {
    if (items.size() != responses.itemCount())
        throw Error(ErrorKind::Invalid, "dif: the item parameters do not match the responses' items");
    if (group.size() != responses.personCount())
        throw Error(ErrorKind::Invalid, "dif: the groups do not match the responses' persons");
    for (size_t i = 0; i < items.size(); ++i)
        if (items[i].maxScore < responses.maxScore(i))
            throw Error(ErrorKind::Invalid,
                        "item " + items[i].id + ": a score above its maximum " + std::to_string(items[i].maxScore));
    const Tables t = tabulate(responses, items, group);
    std::vector<PcmItem> model;
    double centre = 0;
    for (const ItemParams& p : items) {
        model.emplace_back(p);
        centre += p.delta / static_cast<double>(items.size());
    }
    const Grid grid = makeGrid(t, model, centre);

    DifResult r;
    for (const Stratum& s : t.strata) {
        r.referencePersons += s.n[kReferenceGroup];
        r.focalPersons += s.n[kFocalGroup];
    }
    r.reference = groupPopulation(t, grid, kReferenceGroup, {centre, 1});
    r.focal = groupPopulation(t, grid, kFocalGroup, {centre, 1});
    const std::vector<double> priorRef = priorWeights(grid, r.reference), priorFoc = priorWeights(grid, r.focal);

    std::vector<Stratum2x2> strata;
    for (size_t i = 0; i < items.size(); ++i) {
        ItemDif d;
        d.itemId = items[i].id;
        d.maxScore = items[i].maxScore;
        if (d.maxScore == 1) {
            strata.clear();
            for (const Stratum& s : t.strata) {
                const DifBooklet& b = t.booklets[static_cast<size_t>(s.booklet)];
                const auto at = std::lower_bound(b.items.begin(), b.items.end(), static_cast<int>(i));
                if (at == b.items.end() || *at != static_cast<int>(i)) continue;
                const size_t pos = static_cast<size_t>(at - b.items.begin());
                strata.push_back({static_cast<double>(t.count(s, kReferenceGroup, pos, 1)),
                                  static_cast<double>(t.count(s, kReferenceGroup, pos, 0)),
                                  static_cast<double>(t.count(s, kFocalGroup, pos, 1)),
                                  static_cast<double>(t.count(s, kFocalGroup, pos, 0))});
            }
            const MantelHaenszel mh = mantelHaenszel(strata);
            if (mh.defined) {
                d.mh = mh;
                d.ets = etsClass(mh);
            }
        }
        std::vector<StratumScores> scores;
        const size_t categories = static_cast<size_t>(d.maxScore) + 1;
        for (const Stratum& s : t.strata) {
            const DifBooklet& b = t.booklets[static_cast<size_t>(s.booklet)];
            const auto at = std::lower_bound(b.items.begin(), b.items.end(), static_cast<int>(i));
            if (at == b.items.end() || *at != static_cast<int>(i)) continue;
            const size_t pos = static_cast<size_t>(at - b.items.begin());
            StratumScores k{std::vector<double>(categories), std::vector<double>(categories)};
            for (size_t y = 0; y < categories; ++y) {
                k.reference[y] = t.count(s, kReferenceGroup, pos, static_cast<int>(y));
                k.focal[y] = t.count(s, kFocalGroup, pos, static_cast<int>(y));
            }
            scores.push_back(std::move(k));
        }
        if (const MantelSmd m = mantelSmd(scores); m.defined) {
            d.mantel = m;
            if (d.maxScore > 1) d.ets = etsClass(m);
        }
        const Location ref = groupLocation(t, grid, priorRef, model[i], static_cast<int>(i), kReferenceGroup);
        const Location foc = groupLocation(t, grid, priorFoc, model[i], static_cast<int>(i), kFocalGroup);
        d.nReference = ref.persons;
        d.nFocal = foc.persons;
        d.locationReference = items[i].delta + ref.shift;
        d.locationFocal = items[i].delta + foc.shift;
        d.raschDif = foc.shift - ref.shift;
        d.raschSe = std::sqrt(ref.se * ref.se + foc.se * foc.se);
        r.items.push_back(std::move(d));
    }
    return r;
}

std::string formatDifCsv(const DifResult& result) {
    std::string out = "item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal\n";
    for (const ItemDif& d : result.items) {
        // Item ids come from a CSV header and may hold a comma or a quote.
        if (d.itemId.find_first_of(",\"\r\n") != std::string::npos) {
            out += '"';
            for (char c : d.itemId) out += c == '"' ? std::string("\"\"") : std::string(1, c);
            out += '"';
        } else {
            out += d.itemId;
        }
        out += ',';
        if (d.mh) appendNumber(out, d.mh->dDif);
        out += ',';
        if (d.mh) appendNumber(out, d.mh->se);
        out += ',';
        if (d.ets) out += etsClassName(*d.ets);
        out += ',';
        appendNumber(out, d.raschDif);
        out += ',';
        appendNumber(out, d.raschSe);
        out += ',';
        if (d.mantel) appendNumber(out, d.mantel->smd);
        out += ',' + std::to_string(d.nReference) + ',' + std::to_string(d.nFocal) + '\n';
    }
    return out;
}

namespace {

std::string listValues(const std::vector<std::string>& values) {
    std::string s;
    for (size_t k = 0; k < values.size() && k < 8; ++k) s += (k ? ", " : "") + values[k];
    if (values.size() > 8) s += ", ... (" + std::to_string(values.size()) + " in all)";
    return s;
}

}  // namespace

DifFilesSummary difFiles(const DifFilesOptions& o) {
    const CalibratedItems calibrated = readItemsCsv(o.itemsPath);
    const BackgroundTable background = readBackgroundCsv(o.backgroundPath);
    const size_t column = background.column(o.column);
    ResponseReadOptions read = o.read;
    for (const auto& p : calibrated.items) read.declaredMaxScores[p.id] = p.maxScore;
    const ResponseMatrix responses = readResponsesCsv(o.responsesPath, read);

    const std::vector<ItemParams> items = parametersOf(calibrated, responses, o.itemsPath, o.responsesPath);

    DifFilesSummary summary;
    // Each person's value; the values in the order the background file first names them (among
    // pupils with responses), so "the first group" is the file's first.
    std::unordered_map<std::string, size_t> personOfId;
    for (size_t p = 0; p < responses.personCount(); ++p) personOfId.emplace(responses.personId(p), p);
    std::vector<std::string> ordered;
    std::vector<const std::string*> valueOfPerson(responses.personCount(), nullptr);
    for (size_t row = 0; row < background.personIds.size(); ++row) {
        const auto it = personOfId.find(background.personIds[row]);
        if (it == personOfId.end()) continue;
        const std::string& v = background.cells[row][column];
        if (v.empty()) {
            ++summary.withoutValue;
            continue;
        }
        valueOfPerson[it->second] = &v;
        if (std::find(ordered.begin(), ordered.end(), v) == ordered.end()) ordered.push_back(v);
    }
    for (size_t p = 0; p < responses.personCount(); ++p)
        if (!background.rowOfPerson.count(responses.personId(p))) ++summary.withoutBackground;

    const std::string where = o.backgroundPath + ": column " + o.column;
    auto present = [&](const std::string& v, const char* option) {
        if (std::find(ordered.begin(), ordered.end(), v) == ordered.end())
            throw Error(ErrorKind::NotFound, where + " has no pupil with responses whose value is '" + v + "' (" +
                                                 option + "; values: " + listValues(ordered) + ")");
    };
    if (ordered.empty()) throw Error(ErrorKind::Invalid, where + " gives no pupil of " + o.responsesPath + " a value");
    if (o.reference) present(*o.reference, "--reference");
    if (o.focal) present(*o.focal, "--focal");
    if (o.reference && o.focal && *o.reference == *o.focal)
        throw Error(ErrorKind::Invalid, "--reference and --focal name the same group '" + *o.reference + "'");
    if (ordered.size() == 1)
        throw Error(ErrorKind::Invalid,
                    where + " has one group ('" + ordered[0] + "') among the pupils with responses; dif compares two");
    if (ordered.size() > 2 && !(o.reference && o.focal))
        throw Error(ErrorKind::Invalid, where + " has " + std::to_string(ordered.size()) + " groups (" +
                                            listValues(ordered) +
                                            "); dif compares two: choose them with --reference VALUE --focal VALUE");
    auto other = [&](const std::string& v) { return ordered[0] == v ? ordered[1] : ordered[0]; };
    summary.referenceValue = o.reference ? *o.reference : o.focal ? other(*o.focal) : ordered[0];
    summary.focalValue = o.focal ? *o.focal : other(summary.referenceValue);

    std::vector<int> group(responses.personCount(), kNoGroup);
    int persons[2] = {0, 0};
    for (size_t p = 0; p < responses.personCount(); ++p) {
        if (!valueOfPerson[p]) continue;
        const std::string& v = *valueOfPerson[p];
        if (v == summary.referenceValue)
            group[p] = kReferenceGroup;
        else if (v == summary.focalValue)
            group[p] = kFocalGroup;
        else
            ++summary.otherGroups;
        const int8_t* row = responses.row(p);
        if (group[p] != kNoGroup && std::any_of(row, row + responses.itemCount(),
                                                [](int8_t x) { return x != ResponseMatrix::kNotAdministered; }))
            ++persons[group[p]];
    }
    const std::string* names[2] = {&summary.referenceValue, &summary.focalValue};
    for (int g = 0; g < 2; ++g)
        if (persons[g] < o.minGroupPersons)
            throw Error(ErrorKind::Invalid, where + ": group '" + *names[g] + "' has " + std::to_string(persons[g]) +
                                                " pupils with responses; dif needs at least " +
                                                std::to_string(o.minGroupPersons) + " per group");
    summary.result = analyseDif(responses, items, group);
    if (!o.outPath.empty()) writeFileAtomically(o.outPath, formatDifCsv(summary.result));
    return summary;
}

}  // namespace dlk
