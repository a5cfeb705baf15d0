// A run's record from its report: scores, timings and where its attack came from.
#include "reproduce/records.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::reproduce {
namespace {

nlohmann::json unlearn_report(const std::string& cache_status) {
  const nlohmann::json scores = {{"uar", 0.5}, {"wa", 0.6}, {"n", 40}};
  nlohmann::json report = {
      {"method", "adv"},
      {"after", {{"forget", {{"uar", 0.25}, {"wa", 0.3}, {"n", 10}}}, {"val", scores}}},
      {"timings", {{"wall_seconds", 30.0}, {"pgd_seconds", 12.0}}}};
  if (!cache_status.empty()) {
    report["adversarial"] = {{"cache", {{"status", cache_status}, {"file", "pgd.safetensors"}}}};
  }
  return report;
}

TEST(ReproduceRecords, ReadsScoresAndTimings) {
  const RunRecord record =
      record_from_unlearn_report(unlearn_report("stored"), "train-val", "val", 3, 10, 0.3);
  EXPECT_EQ(record.method, "adv");
  EXPECT_EQ(record.seed, 3u);
  EXPECT_DOUBLE_EQ(record.forget_uar, 0.25);
  EXPECT_DOUBLE_EQ(record.held_out_uar, 0.5);
  EXPECT_EQ(record.held_out_correct(), 24);
  EXPECT_DOUBLE_EQ(record.seconds, 30.0);
  EXPECT_DOUBLE_EQ(record.pgd_seconds, 12.0);
}

TEST(ReproduceRecords, KnowsWhenTheAttackCameFromTheCache) {
  EXPECT_TRUE(record_from_unlearn_report(unlearn_report("hit"), "train-val", "val", 0, 10, 0.3)
                  .attack_from_cache);
  EXPECT_FALSE(record_from_unlearn_report(unlearn_report("stored"), "train-val", "val", 0, 10, 0.3)
                   .attack_from_cache);
  EXPECT_FALSE(record_from_unlearn_report(unlearn_report(""), "train-val", "val", 0, 10, 0.3)
                   .attack_from_cache);
}

TEST(ReproduceRecords, AReportWithoutScoresIsAnError) {
  nlohmann::json report = unlearn_report("");
  report.erase("after");
  EXPECT_THROW(record_from_unlearn_report(report, "train-val", "val", 0, 10, 0.3), Error);
}

}  // namespace
}  // namespace emoforget::reproduce
