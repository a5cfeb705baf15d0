// Table 1 aggregation on hand-made records: mean +- std over seeds, tau chosen on
// validation (and reused for train+val->test), stars from the z-test, layout.
#include "reproduce/table1.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "common/error.h"
#include "reproduce/tau_selection.h"

namespace emoforget::reproduce {
namespace {

RunRecord unlearned(const std::string& setting, uint64_t seed, const std::string& method, int64_t n,
                    double tau, double forget_uar, double held_out_uar, int64_t correct,
                    int64_t total) {
  RunRecord r;
  r.setting = setting;
  r.seed = seed;
  r.method = method;
  r.n = n;
  r.tau = tau;
  r.forget_uar = forget_uar;
  r.held_out_uar = held_out_uar;
  r.held_out_wa = static_cast<double>(correct) / static_cast<double>(total);
  r.held_out_n = total;
  return r;
}

RunRecord finetuned(const std::string& setting, uint64_t seed, double uar) {
  RunRecord r = unlearned(setting, seed, kFinetuneMethod, 0, 0.0, NAN, uar, 90, 100);
  return r;
}

std::vector<Setting> both() {
  return all_settings();
}

TEST(Table1, MeanAndSampleStdOverSeeds) {
  const std::vector<RunRecord> records = {
      unlearned("train-val", 0, "ranlab", 10, 0, 0.2, 0.6, 60, 100),
      unlearned("train-val", 1, "ranlab", 10, 0, 0.4, 0.8, 80, 100),
      finetuned("train-val", 0, 0.9),
      finetuned("train-val", 1, 0.7),
  };
  const Table1 table = build_table1(records, {10}, {setting_named("train-val")}, {"ranlab"});
  const Table1Cell* cell = table.find("train-val", 10, "ranlab");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->held_out_uar.count, 2);
  EXPECT_NEAR(cell->held_out_uar.mean, 0.7, 1e-12);
  EXPECT_NEAR(cell->held_out_uar.std, std::sqrt(0.02), 1e-12);  // sqrt((0.1^2 + 0.1^2) / 1)
  EXPECT_NEAR(cell->forget_uar.mean, 0.3, 1e-12);
  // t(1) = 12.706: the interval of two seeds is wide.
  EXPECT_NEAR(cell->held_out_uar.ci95, 12.706 * std::sqrt(0.02) / std::sqrt(2.0), 1e-9);
  EXPECT_EQ(cell->held_out_by_seed.at(0), (std::pair<int64_t, int64_t>{60, 100}));
  EXPECT_EQ(cell->held_out_by_seed.at(1), (std::pair<int64_t, int64_t>{80, 100}));
  EXPECT_EQ(table.seeds, (std::vector<uint64_t>{0, 1}));
  const Table1Cell* fine = table.find("train-val", 10, kFinetuneMethod);
  ASSERT_NE(fine, nullptr);
  EXPECT_EQ(fine->forget_uar.count, 0);
  EXPECT_NEAR(fine->held_out_uar.mean, 0.8, 1e-12);
  EXPECT_EQ(mean_std({0.5}).std, 0.0);
}

TEST(Table1, TauChosenOnValidationAndReusedForTest) {
  std::vector<RunRecord> records = {
      unlearned("train-val", 0, "adv-ewc", 10, 0.1, 0.0, 0.5, 50, 100),
      unlearned("train-val", 0, "adv-ewc", 10, 0.3, 0.1, 0.8, 80, 100),
      unlearned("train-val", 0, "adv-ewc", 10, 0.5, 0.0, 0.7, 70, 100),
      // On test, tau 0.5 would look better: it must not be chosen there.
      unlearned("trainval-test", 0, "adv-ewc", 10, 0.3, 0.0, 0.6, 60, 100),
      unlearned("trainval-test", 0, "adv-ewc", 10, 0.5, 0.0, 0.9, 90, 100),
  };
  EXPECT_EQ(select_tau(records, 10, "adv-ewc"), 0.3);
  EXPECT_FALSE(select_tau(records, 30, "adv-ewc").has_value());
  const Table1 table = build_table1(records, {10}, both(), {"adv-ewc"});
  const Table1Cell* val = table.find("train-val", 10, "adv-ewc");
  const Table1Cell* test = table.find("trainval-test", 10, "adv-ewc");
  ASSERT_NE(val, nullptr);
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(val->tau, 0.3);
  EXPECT_NEAR(val->held_out_uar.mean, 0.8, 1e-12);
  EXPECT_NEAR(val->forget_uar.mean, 0.1, 1e-12);
  EXPECT_EQ(test->tau, 0.3);
  EXPECT_NEAR(test->held_out_uar.mean, 0.6, 1e-12);
}

TEST(Table1, TauSelectionUsesTheMeanOverSeedsAndPrefersTheSmallerOnTies) {
  const std::vector<RunRecord> records = {
      unlearned("train-val", 0, "adv", 10, 0.1, 0, 0.9, 90, 100),
      unlearned("train-val", 1, "adv", 10, 0.1, 0, 0.3, 30, 100),  // mean 0.6
      unlearned("train-val", 0, "adv", 10, 0.3, 0, 0.7, 70, 100),
      unlearned("train-val", 1, "adv", 10, 0.3, 0, 0.7, 70, 100),  // mean 0.7
      unlearned("train-val", 0, "adv", 30, 0.3, 0, 0.5, 50, 100),
      unlearned("train-val", 0, "adv", 30, 0.5, 0, 0.5, 50, 100),
  };
  EXPECT_EQ(select_tau(records, 10, "adv"), 0.3);
  EXPECT_EQ(select_tau(records, 30, "adv"), 0.3);
}

TEST(Table1, StarOnlyForTheBestProposedMethodAtPBelowOneThousandth) {
  const std::vector<RunRecord> records = {
      unlearned("train-val", 0, "ranlab", 10, 0, 0.3, 0.50, 50, 100),
      unlearned("train-val", 0, "adv", 10, 0.3, 0.0, 0.80, 80, 100),
      unlearned("train-val", 0, "adv-ewc", 10, 0.3, 0.0, 0.75, 75, 100),
      unlearned("train-val", 0, "ranlab", 30, 0, 0.3, 0.50, 50, 100),
      unlearned("train-val", 0, "adv", 30, 0.3, 0.0, 0.52, 52, 100),
      unlearned("train-val", 0, "adv-ewc", 30, 0.3, 0.0, 0.55, 55, 100),
  };
  const Table1 table =
      build_table1(records, {10, 30}, {setting_named("train-val")}, {"ranlab", "adv", "adv-ewc"});
  // N=10: 80/100 vs 50/100, pooled 0.65: z = 0.3 / sqrt(0.65 * 0.35 * 2/100) = 4.4475.
  const Table1Cell* adv = table.find("train-val", 10, "adv");
  ASSERT_NE(adv, nullptr);
  ASSERT_TRUE(adv->has_z);
  EXPECT_NEAR(adv->z_vs_ranlab.z, 0.3 / std::sqrt(0.65 * 0.35 * 0.02), 1e-9);
  EXPECT_NEAR(adv->z_vs_ranlab.z, 4.4475, 1e-4);
  EXPECT_LT(adv->z_vs_ranlab.p_value, kStarPValue);
  EXPECT_TRUE(adv->star);
  // Adv. + Ela. is significant too (75 vs 50) but is not the best of the two.
  const Table1Cell* ewc = table.find("train-val", 10, "adv-ewc");
  ASSERT_NE(ewc, nullptr);
  EXPECT_LT(ewc->z_vs_ranlab.p_value, kStarPValue);
  EXPECT_FALSE(ewc->star);
  // N=30: best is Adv. + Ela., 55/100 vs 50/100: z = 0.05 / sqrt(0.525 * 0.475 * 0.02) = 0.708.
  const Table1Cell* ewc30 = table.find("train-val", 30, "adv-ewc");
  ASSERT_NE(ewc30, nullptr);
  EXPECT_NEAR(ewc30->z_vs_ranlab.z, 0.05 / std::sqrt(0.525 * 0.475 * 0.02), 1e-9);
  EXPECT_GT(ewc30->z_vs_ranlab.p_value, 0.2);
  EXPECT_FALSE(ewc30->star);
  EXPECT_FALSE(table.find("train-val", 30, "adv")->star);
  EXPECT_FALSE(table.find("train-val", 10, "ranlab")->star);
}

// The same spread of held-out UAR over more seeds gives a narrower interval.
TEST(Table1, ConfidenceIntervalsShrinkWithMoreSeeds) {
  const auto table_of = [](int seeds) {
    std::vector<RunRecord> records;
    for (int s = 0; s < seeds; ++s) {
      const double uar = s % 2 == 0 ? 0.6 : 0.8;
      records.push_back(unlearned("train-val", static_cast<uint64_t>(s), "ranlab", 10, 0, 0.2, uar,
                                  static_cast<int64_t>(uar * 100), 100));
    }
    return build_table1(records, {10}, {setting_named("train-val")}, {"ranlab"});
  };
  const double two = table_of(2).find("train-val", 10, "ranlab")->held_out_uar.ci95;
  const double four = table_of(4).find("train-val", 10, "ranlab")->held_out_uar.ci95;
  const double eight = table_of(8).find("train-val", 10, "ranlab")->held_out_uar.ci95;
  EXPECT_GT(two, four);
  EXPECT_GT(four, eight);
  EXPECT_GT(eight, 0.0);
  // 8 seeds alternating 0.6/0.8: sd = sqrt(8 * 0.01 / 7), t(7) = 2.365.
  EXPECT_NEAR(eight, 2.365 * std::sqrt(0.08 / 7) / std::sqrt(8.0), 1e-9);
}

// Significance is tested seed by seed (each Adv. run against the Ran. Lab. run of its
// own seed) and combined with Stouffer's method, not on counts pooled over seeds.
TEST(Table1, SignificanceIsTestedPerSeedAndCombined) {
  const std::vector<RunRecord> records = {
      unlearned("train-val", 0, "ranlab", 10, 0, 0.3, 0.50, 50, 100),
      unlearned("train-val", 1, "ranlab", 10, 0, 0.3, 0.70, 70, 100),
      unlearned("train-val", 0, "adv", 10, 0.3, 0.0, 0.60, 60, 100),
      unlearned("train-val", 1, "adv", 10, 0.3, 0.0, 0.80, 80, 100),
  };
  const Table1 table = build_table1(records, {10}, {setting_named("train-val")}, {"ranlab", "adv"});
  const Table1Cell* adv = table.find("train-val", 10, "adv");
  ASSERT_NE(adv, nullptr);
  ASSERT_EQ(adv->z_by_seed.size(), 2u);
  const double z0 = metrics::two_proportion_z_test(60, 100, 50, 100).z;
  const double z1 = metrics::two_proportion_z_test(80, 100, 70, 100).z;
  EXPECT_NEAR(adv->z_by_seed.at(0).z, z0, 1e-12);
  EXPECT_NEAR(adv->z_by_seed.at(1).z, z1, 1e-12);
  EXPECT_NEAR(adv->z_vs_ranlab.z, (z0 + z1) / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(adv->z_vs_ranlab.p_value, metrics::normal_upper_tail((z0 + z1) / std::sqrt(2.0)),
              1e-12);
  const double pooled = metrics::two_proportion_z_test(140, 200, 120, 200).z;
  EXPECT_GT(std::abs(adv->z_vs_ranlab.z - pooled), 1e-3) << "not the pooled-count test";
  EXPECT_NE(table1_csv(table).find("0:"), std::string::npos) << "per-seed p values in the CSV";
}

TEST(Table1, NoStarsWithoutRanLab) {
  const std::vector<RunRecord> records = {
      unlearned("train-val", 0, "adv", 10, 0.3, 0.0, 0.99, 99, 100),
  };
  const Table1 table = build_table1(records, {10}, {setting_named("train-val")}, {"adv"});
  EXPECT_FALSE(table.find("train-val", 10, "adv")->has_z);
  EXPECT_FALSE(table.find("train-val", 10, "adv")->star);
}

TEST(Table1, SeveralTausWithoutValidationRunsIsAnError) {
  const std::vector<RunRecord> records = {
      unlearned("trainval-test", 0, "adv", 10, 0.3, 0.0, 0.6, 60, 100),
      unlearned("trainval-test", 0, "adv", 10, 0.5, 0.0, 0.7, 70, 100),
  };
  EXPECT_THROW(build_table1(records, {10}, {setting_named("trainval-test")}, {"adv"}), Error);
}

TEST(Table1, MarkdownIsLaidOutLikeThePaper) {
  const std::vector<RunRecord> records = {
      finetuned("train-val", 0, 0.9),
      finetuned("train-val", 1, 0.8),
      unlearned("train-val", 0, "remain", 10, 0, 0.25, 0.9, 90, 100),
      unlearned("train-val", 1, "remain", 10, 0, 0.25, 0.9, 90, 100),
      unlearned("train-val", 0, "ranlab", 10, 0, 0.3, 0.5, 50, 100),
      unlearned("train-val", 1, "ranlab", 10, 0, 0.3, 0.5, 50, 100),
      unlearned("train-val", 0, "adv", 10, 0.3, 0.0, 0.8, 80, 100),
      unlearned("train-val", 1, "adv", 10, 0.3, 0.0, 0.8, 80, 100),
  };
  const Table1 table = build_table1(records, {10}, both(), {"adv", "ranlab", "remain"});
  ASSERT_EQ(table.methods, (std::vector<std::string>{kFinetuneMethod, "remain", "ranlab", "adv"}));
  const std::string md = table1_markdown(table);
  EXPECT_NE(md.find("| Method | N = 10 Train D_e | N = 10 Train Val | N = 10 Train+Val D_e | "
                    "N = 10 Train+Val Test |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| Fine-tune | - | 0.850 ± 0.635 | n/a | n/a |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Adv. | 0.000 ± 0.000 | 0.800 ± 0.000* | n/a | n/a |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("95 % confidence interval (Student t, k − 1 degrees of freedom) over k = 2 "
                    "seeds (0, 1)"),
            std::string::npos)
      << md;
  const size_t remain_section = md.find("with forget set and remain set");
  const size_t forget_section = md.find("with forget set only");
  ASSERT_NE(remain_section, std::string::npos);
  ASSERT_NE(forget_section, std::string::npos);
  EXPECT_LT(remain_section, md.find("| Remain. Unl. |"));
  EXPECT_LT(md.find("| Remain. Unl. |"), forget_section);
  EXPECT_LT(forget_section, md.find("| Ran. Lab. |"));
  EXPECT_NE(md.find("| Adv. | 0.3 | n/a |"), std::string::npos) << md;  // the tau table
}

TEST(Table1, CsvHasOneRowPerCell) {
  const std::vector<RunRecord> records = {
      finetuned("train-val", 0, 0.9),
      unlearned("train-val", 0, "ranlab", 10, 0, 0.3, 0.5, 50, 100),
      unlearned("train-val", 0, "adv", 10, 0.3, 0.0, 0.8, 80, 100),
  };
  const Table1 table = build_table1(records, {10}, {setting_named("train-val")}, {"ranlab", "adv"});
  const std::string csv = table1_csv(table);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_EQ(csv.rfind("setting,held_out,n,method,tau,seeds,", 0), 0u);
  EXPECT_NE(csv.find("\ntrain-val,val,10,finetune,,1,,,,0.9,0,0,,,,0\n"), std::string::npos) << csv;
  EXPECT_NE(
      csv.find("\ntrain-val,val,10,adv,0.3,1,0,0,0,0.8,0,0,4.4475,4.34386e-06,0:4.34386e-06,1\n"),
      std::string::npos)
      << csv;
  EXPECT_EQ(csv.back(), '\n');
  EXPECT_NE(csv.find(",1\n", csv.find("10,adv,")), std::string::npos);  // starred
}

}  // namespace
}  // namespace emoforget::reproduce
