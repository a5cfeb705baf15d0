#include "reproduce/lane_balance.h"

#include <algorithm>
#include <iterator>

#include "common/error.h"

namespace emoforget::reproduce {

std::vector<SideLane> balanced_lanes(std::vector<LaneUnit> units, size_t lanes) {
  if (lanes == 0) throw Error("balanced_lanes: at least one lane");
  std::stable_sort(units.begin(), units.end(),
                   [](const LaneUnit& a, const LaneUnit& b) { return a.weight > b.weight; });
  std::vector<SideLane> out(lanes);
  std::vector<double> load(lanes, 0.0);
  for (LaneUnit& unit : units) {
    const auto lane =
        static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[lane] += unit.weight;
    out[lane].insert(out[lane].end(), std::make_move_iterator(unit.jobs.begin()),
                     std::make_move_iterator(unit.jobs.end()));
  }
  return out;
}

}  // namespace emoforget::reproduce
