// The ETA's cost model: PGD, epochs and scoring of each kind of run, by hand.
#include "reproduce/cost.h"

#include <gtest/gtest.h>

namespace emoforget::reproduce {
namespace {

RunSpec unlearning(const std::string& setting, const std::string& method, int64_t n) {
  RunSpec spec;
  spec.setting = setting_named(setting);
  spec.method = method;
  spec.n = n;
  spec.tau = 0.3;
  return spec;
}

TEST(ReproduceCost, CountsTrainingPassesOfEachRun) {
  ReproduceConfig config;  // paper defaults: M=20, P=50, 15 unlearning epochs, 20 epochs
  const SplitSizes sizes = {{"train", 3024}, {"val", 3024}, {"test", 3317}};
  const double scoring = 2 * kInferenceCost * (3024 + 10);  // val, before and after
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "ranlab", 10), config, sizes).total(),
                   scoring + 15 * 10);
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "adv", 10), config, sizes).total(),
                   scoring + 10 * 20 * 50 + 15 * (200 + 13 * 10))
      << "13 batches of 16 adversarial samples, each with the 10 forget samples";
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "adv-ewc", 10), config, sizes).total(),
                   scoring + 10 * 20 * 50 + 15 * (200 + 13 * 10) + 10);
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "remain", 10), config, sizes).total(),
                   scoring + 15 * (3014 + 189 * 10))
      << "each of the 189 remain batches of 16 trains with the 10 forget samples";
  EXPECT_DOUBLE_EQ(run_cost(unlearning("trainval-test", "remain", 10), config, sizes).total(),
                   2 * kInferenceCost * (3317 + 10) + 15 * (6038 + 378 * 10));
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "adv-ewc", 10), config, sizes, true).total(),
                   scoring + 15 * (200 + 13 * 10) + 10)
      << "a cached attack costs no PGD";
  // PGD passes are counted apart (the ETA prices them at their own rate).
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "adv", 10), config, sizes).pgd, 10 * 20 * 50);
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "adv", 10), config, sizes, true).pgd, 0.0);
  EXPECT_DOUBLE_EQ(run_cost(unlearning("train-val", "remain", 10), config, sizes).pgd, 0.0);
  RunSpec finetune;
  finetune.finetune = true;
  finetune.setting = setting_named("train-val");
  EXPECT_DOUBLE_EQ(run_cost(finetune, config, sizes).total(),
                   20 * 3024 + kInferenceCost * (3024 + 3317));
  finetune.setting = setting_named("trainval-test");
  EXPECT_DOUBLE_EQ(run_cost(finetune, config, sizes).total(), 20 * 6048 + kInferenceCost * 3317);
}

TEST(ReproduceCost, AdvEwcReusesTheAttackOfAdvAtTheSameTau) {
  std::vector<RunSpec> plan = {
      unlearning("train-val", "adv", 10), unlearning("train-val", "adv", 10),
      unlearning("train-val", "adv-ewc", 10), unlearning("train-val", "adv-ewc", 30),
      unlearning("trainval-test", "adv-ewc", 10)};
  plan[1].tau = 0.5;
  EXPECT_FALSE(attack_cached(plan, 0));
  EXPECT_FALSE(attack_cached(plan, 1)) << "another tau";
  EXPECT_TRUE(attack_cached(plan, 2));
  EXPECT_FALSE(attack_cached(plan, 3)) << "another N";
  EXPECT_FALSE(attack_cached(plan, 4)) << "another setting";
}

TEST(ReproduceCost, ARunWhoseAttackCameFromTheCacheSpentNoPgdPasses) {
  const RunCost planned = run_cost(unlearning("train-val", "adv", 10), ReproduceConfig{},
                                   {{"train", 100}, {"val", 40}, {"test", 40}});
  ASSERT_GT(planned.pgd, 0.0);
  const RunCost spent = spent_cost(planned, true);
  EXPECT_EQ(spent.pgd, 0.0);
  EXPECT_EQ(spent.other, planned.other);
  EXPECT_EQ(spent_cost(planned, false).pgd, planned.pgd);
}

}  // namespace
}  // namespace emoforget::reproduce
