// Dealing side-by-side work to lanes: a unit is a run of jobs that must stay in order on
// one lane (a request's unlearning runs, the later ones reading the first one's attack),
// with its expected cost. The benchmark deals each request's retraining and its
// unlearning runs as separate units, so that while one request's reference retrains the
// other lanes go on with the next requests.
#pragma once

#include <cstddef>
#include <vector>

#include "common/side_by_side.h"

namespace emoforget::reproduce {

struct LaneUnit {
  double weight = 1.0;  // expected cost, in any unit
  SideLane jobs;        // run in this order
};

// What one retraining costs against one request's unlearning runs (tiny, 2 cores: about
// 3x for 10 utterances and 1.2x for a speaker's).
constexpr double kRetrainWeight = 2.0;

// Deals the units to `lanes` lanes, heaviest first, each to the least loaded lane (the
// first such on a tie); units of equal weight keep their order. Each unit's jobs stay
// together and in order.
std::vector<SideLane> balanced_lanes(std::vector<LaneUnit> units, size_t lanes);

}  // namespace emoforget::reproduce
