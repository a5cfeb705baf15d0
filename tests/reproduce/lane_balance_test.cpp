// Dealing units to lanes: heaviest first to the least loaded lane, each unit's jobs
// together and in order, so that retrainings run beside other requests' unlearning.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "reproduce/lane_balance.h"

namespace emoforget::reproduce {
namespace {

LaneUnit unit(double weight, const std::vector<std::string>& names) {
  LaneUnit u;
  u.weight = weight;
  for (const std::string& name : names)
    u.jobs.push_back(SideJob{name, {"true"}, {}});
  return u;
}

std::vector<std::string> names(const SideLane& lane) {
  std::vector<std::string> out;
  for (const SideJob& job : lane)
    out.push_back(job.name);
  return out;
}

TEST(LaneBalance, RetrainingsRunBesideTheNextRequestsUnlearning) {
  // Three requests: each a retraining (weight 2) and two unlearning runs in order (1).
  std::vector<LaneUnit> units;
  for (const std::string r : {"a", "b", "c"}) {
    units.push_back(unit(kRetrainWeight, {r + "-retrain"}));
    units.push_back(unit(1.0, {r + "-pgd", r + "-ranlab"}));
  }
  const std::vector<SideLane> lanes = balanced_lanes(units, 2);
  ASSERT_EQ(lanes.size(), 2u);
  // Loads: a, b retrain on lanes 0 and 1; c's on lane 0 (2 + 2); then the unlearning to the
  // lighter lane 1 (a, b) and lane 0 (c): 5 against 4, where one request at a time is 6.
  EXPECT_EQ(names(lanes[0]),
            (std::vector<std::string>{"a-retrain", "c-retrain", "c-pgd", "c-ranlab"}));
  EXPECT_EQ(names(lanes[1]),
            (std::vector<std::string>{"b-retrain", "a-pgd", "a-ranlab", "b-pgd", "b-ranlab"}));
}

TEST(LaneBalance, OneLaneKeepsEveryJobAndMoreLanesThanUnitsStayEmpty) {
  const std::vector<SideLane> one = balanced_lanes({unit(1.0, {"x"}), unit(2.0, {"y", "z"})}, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(names(one[0]), (std::vector<std::string>{"y", "z", "x"}));
  const std::vector<SideLane> four = balanced_lanes({unit(1.0, {"x"})}, 4);
  ASSERT_EQ(four.size(), 4u);
  EXPECT_EQ(names(four[0]), std::vector<std::string>{"x"});
  EXPECT_TRUE(four[3].empty());
  EXPECT_THROW(balanced_lanes({}, 0), Error);
}

}  // namespace
}  // namespace emoforget::reproduce
