// The grid's ETA prices PGD passes and the other passes at their own measured rates.
#include "reproduce/eta.h"

#include <gtest/gtest.h>

namespace emoforget::reproduce {
namespace {

RunCost cost(double pgd, double other) {
  RunCost c;
  c.pgd = pgd;
  c.other = other;
  return c;
}

TEST(ReproduceEta, NothingMeasuredGivesZero) {
  EXPECT_EQ(EtaModel().seconds_for(cost(100, 100)), 0.0);
}

TEST(ReproduceEta, AKindNotMeasuredYetTakesTheOtherRate) {
  EtaModel model;
  model.add(cost(0, 1000), 100.0, 0.0);  // fine-tuning: 0.1 s per pass
  EXPECT_DOUBLE_EQ(model.seconds_for(cost(500, 200)), 70.0);
  EtaModel pgd_only;
  pgd_only.add(cost(1000, 0), 50.0, 50.0);
  EXPECT_DOUBLE_EQ(pgd_only.seconds_for(cost(0, 10)), 0.5);
}

TEST(ReproduceEta, PgdAndOtherPassesAtTheirOwnRates) {
  EtaModel model;
  model.add(cost(0, 1000), 100.0, 0.0);    // 0.1 s per pass
  model.add(cost(1000, 300), 80.0, 50.0);  // PGD 0.05 s per pass; 30 s for 300 more
  EXPECT_DOUBLE_EQ(model.seconds_for(cost(2000, 100)), 2000 * 0.05 + 100 * 0.1);
  // A cached attack (no PGD passes) spends its seconds reading the cache: they count
  // with the other passes.
  model.add(cost(0, 100), 12.0, 2.0);
  EXPECT_DOUBLE_EQ(model.seconds_for(cost(0, 1400)), 142.0);
}

TEST(ReproduceEta, CostsAddAndSubtractByKind) {
  RunCost total = cost(10, 20);
  total += cost(1, 2);
  EXPECT_EQ(total.pgd, 11);
  EXPECT_EQ(total.other, 22);
  total -= cost(10, 2);
  EXPECT_EQ(total.total(), 21);
}

}  // namespace
}  // namespace emoforget::reproduce
