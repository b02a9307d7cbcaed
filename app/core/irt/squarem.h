#pragma once
// The EM loop both calibrations share (mml_calibration.cpp, multidim_calibration.cpp): EM steps
// accelerated by SQUAREM (Varadhan and Roland 2008, scheme S3). Two EM steps give a direction and
// a step length for an extrapolation, which is kept only when one more EM step from it does not
// lower the likelihood. Every EM step counts as an iteration. The loop stops early, saying why,
// when the state runs away (runaway() names it) or the change keeps growing.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "irt/mml_calibration.h"
#include "util/text.h"

namespace dlk {

struct EmRun {
    bool converged = false;
    std::string problem;  // empty when converged
    int iterations = 0;
    double change = std::numeric_limits<double>::infinity();  // the last iteration's largest change
};

// x: the start, replaced by the result. emStep(from, to) does one EM step and returns the
// log-likelihood at `from`; change(a, b) is the largest parameter change from a to b; runaway(s)
// is empty for a usable state. The extrapolation works on `components` coordinates that
// get(s, k) reads and set(s, k, v) writes (for example a SD as its log, so that every
// extrapolated state is a valid one).
template <class State, class Step, class Change, class Runaway, class Get, class Set>
EmRun runSquarem(State& x, size_t components, double tolerance, int maxIterations, Step emStep, Change change,
                 Runaway runaway, Get get, Set set) {
    EmRun run;
    State x1 = x, x2 = x, xp = x, xn = x;
    auto step = [&](const State& from, State& to) {
        ++run.iterations;
        return emStep(from, to);
    };
    double lastChange = std::numeric_limits<double>::infinity();
    int growing = 0;
    while (run.iterations < maxIterations) {
        if (run.problem = runaway(x); !run.problem.empty()) break;
        if (!(run.change < lastChange) && std::isfinite(run.change) && std::isfinite(lastChange)) {
            if (++growing >= kDivergingCycles) {
                run.problem = "the change grew in " + std::to_string(growing) + " EM cycles in a row (now " +
                              formatDouble(run.change) + ")";
                break;
            }
        } else {
            growing = 0;
        }
        lastChange = run.change;
        const double ll0 = step(x, x1);
        run.change = change(x, x1);
        if (run.change < tolerance) {
            x = x1;
            run.converged = true;
            break;
        }
        step(x1, x2);
        run.change = change(x1, x2);
        if (run.change < tolerance) {
            x = x2;
            run.converged = true;
            break;
        }
        double rr = 0, vv = 0;
        for (size_t k = 0; k < components; ++k) {
            const double r = get(x1, k) - get(x, k), v = get(x2, k) - 2 * get(x1, k) + get(x, k);
            rr += r * r;
            vv += v * v;
        }
        const double alpha = std::clamp(vv > 0 ? -std::sqrt(rr / vv) : -1.0, -50.0, -1.0);
        xp = x;
        for (size_t k = 0; k < components; ++k) {
            const double r = get(x1, k) - get(x, k), v = get(x2, k) - 2 * get(x1, k) + get(x, k);
            set(xp, k, get(x, k) - 2 * alpha * r + alpha * alpha * v);
        }
        const double llp = step(xp, xn);
        if (std::isfinite(llp) && llp >= ll0 - 1e-9 * std::fabs(ll0)) {
            run.change = change(x, xn);
            x = xn;
        } else {
            x = x2;
        }
    }
    if (run.problem.empty() && !run.converged) run.problem = runaway(x);
    if (run.problem.empty() && !run.converged)
        run.problem = "no convergence in " + std::to_string(run.iterations) + " EM iterations (last change " +
                      formatDouble(run.change) + ", tolerance " + formatDouble(tolerance) + ")";
    if (run.converged) run.problem.clear();
    return run;
}

}  // namespace dlk
