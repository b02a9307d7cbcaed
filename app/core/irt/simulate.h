#pragma once
// Simulated assessments with known parameters, for the tests and `dlkiosk bench irt`. The design
// is that of the independent reference data the tests compare with (test_irt_reference.cpp): item locations evenly
// spaced from -2 to 2, partial credit items scored 0/1/2 with steps location -/+ d, d ~ U(0.3, 1.0); with B blocks the
// items are dealt into B interleaved blocks, booklet k holds blocks k and k+1 (mod B) and persons rotate through the
// booklets.
#include <cstdint>
#include <string>
#include <vector>

#include "irt/pcm_model.h"
#include "irt/response_matrix.h"

namespace dlk {

struct SimulationSpec {
    int persons = 1000;
    int items = 40;
    double partialCreditShare = 0.25;  // spread evenly over the items
    int blocks = 0;                    // 0 = everyone takes every item; else >= 3
    double populationMean = 0;
    double populationSd = 1;
    uint64_t seed = 1;
};

struct SimulatedData {
    ResponseMatrix responses;       // persons P000001..., items I001...
    std::vector<ItemParams> items;  // the generating parameters
    std::vector<double> theta;      // the generating abilities
    std::vector<int> booklet;       // per person
};

// Throws Error(Invalid) for a spec it cannot build (no persons or items, 1 or 2 blocks, more
// blocks than items).
SimulatedData simulateResponses(const SimulationSpec& spec);

// Between-item multidimensional data: D dimensions of itemsPerDimension items each (every
// dimension's locations spread from -2 to 2 as above, items numbered dimension after dimension),
// theta ~ N(mean, covariance) with the given SDs and one correlation between every pair unless a
// full correlation matrix is given; blocks deal the items as simulateResponses does, so each
// booklet holds items of every dimension.
struct MultidimSimulationSpec {
    int persons = 2000;
    int dimensions = 4;
    int itemsPerDimension = 20;
    double partialCreditShare = 0.25;
    int blocks = 0;
    std::vector<double> mean;          // per dimension; empty: 0
    std::vector<double> sd;            // per dimension; empty: 1
    double correlation = 0.7;          // between every pair ...
    std::vector<double> correlations;  // ... unless this D x D matrix is given
    // Background variables for conditioning: each person gets one of `levels` values (0, 1, ...)
    // of each, uniformly, and theta moves by effect[level * D + d] (level 0's row is ignored: the
    // reference). Mean, SDs and correlations are then those of the residual.
    struct Background {
        std::string name;
        int levels = 2;
        std::vector<double> effect;  // levels x D
    };
    std::vector<Background> background;
    uint64_t seed = 1;
};

struct MultidimSimulatedData {
    ResponseMatrix responses;
    std::vector<ItemParams> items;
    std::vector<int> dimensionOf;      // per item
    std::vector<double> theta;         // person-major, D per person
    std::vector<double> covariance;    // the generating D x D covariance
    std::vector<int> backgroundLevel;  // person-major, one value per background variable
    std::string backgroundCsv;         // person_id, then one column per variable; empty without
};

// Throws Error(Invalid) for a spec it cannot build (as simulateResponses, and a correlation
// matrix that is not positive definite or of the wrong size).
MultidimSimulatedData simulateMultidim(const MultidimSimulationSpec& spec);

// Responses of persons with the given thetas to the given items (every item administered).
ResponseMatrix simulateScores(const std::vector<ItemParams>& items, const std::vector<double>& theta, uint64_t seed);

}  // namespace dlk
