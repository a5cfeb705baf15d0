// The demo's summary table and its verdicts, from hand-made audit reports.
#include "reproduce/demo_table.h"

#include <gtest/gtest.h>

namespace emoforget::reproduce {
namespace {

nlohmann::json model(double forget_uar, double test_uar, double mia, double gap) {
  return {{"forget", {{"uar", forget_uar}}},
          {"held_out", {{"test", {{"uar", test_uar}}}}},
          {"mia_efficacy", mia},
          {"avg_gap_to_retrain", gap}};
}

nlohmann::json audit_of(const nlohmann::json& unlearned) {
  return {{"models", {{"original", model(0.9, 0.8, 0.1, 0.2)}, {"unlearned", unlearned}}}};
}

TEST(DemoTable, VerdictsSayWhetherTheForgetSetWasForgottenAndWhatWasKept) {
  const nlohmann::json original = model(0.9, 0.8, 0.1, 0.2);
  const nlohmann::json retrained = model(0.3, 0.8, 0.5, 0.0);
  EXPECT_EQ(demo_verdict(model(0.32, 0.74, 0.5, 0.05), original, &retrained),
            "forgot, kept 93 % of test UAR");
  EXPECT_EQ(demo_verdict(model(0.62, 0.78, 0.2, 0.1), original, &retrained),
            "did not forget (forget UAR 0.62, retrained 0.30), kept 98 % of test UAR");
  EXPECT_EQ(demo_verdict(model(0.0, 0.2, 0.9, 0.4), original, &retrained),
            "forgot, but lost the task (kept 25 % of test UAR)");
  EXPECT_EQ(demo_verdict(model(0.5, 0.8, 0.2, 0.1), original, nullptr),
            "forgot, kept 100 % of test UAR")
      << "without a reference: clearly below the original's forget UAR";
}

TEST(DemoTable, OneRowPerModelWithTheGapAndTheSpeedup) {
  const nlohmann::json audits = {{"retrain", audit_of(model(0.3, 0.8, 0.5, 0.0))},
                                 {"adv-ewc", audit_of(model(0.32, 0.74, 0.5, 0.05))}};
  const std::string md =
      demo_table(audits, {{"retrain", 100.0}, {"adv-ewc", 20.0}}, 50.0, "retrain");
  EXPECT_NE(
      md.find("| method | forget UAR | test UAR | MIA-efficacy | avg gap to retrain | time (s) "
              "| speedup over retrain | verdict |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| fine-tuned (before) | 0.900 | 0.800 | 0.100 | 0.200 | 50.0 |  | before"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| retrain (reference) | 0.300 | 0.800 | 0.500 | 0.000 | 100.0 | 1.0 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| adv-ewc | 0.320 | 0.740 | 0.500 | 0.050 | 20.0 | 5.0 | forgot, kept 93 %"),
            std::string::npos)
      << md;
}

TEST(DemoTable, DeparturesFromThePaperAreListed) {
  unlearn::MethodSettings settings;
  train::RunOptions run;
  EXPECT_EQ(departures_from_paper(settings, run), "");
  settings.pgd.m = 8;
  settings.fisher_norm = "mean";
  run.max_seconds = 2.0;
  EXPECT_EQ(departures_from_paper(settings, run),
            "M=8 (paper 20), Fisher scaled to mean 1 (paper: raw), clip seconds=2 (paper 3)");
}

}  // namespace
}  // namespace emoforget::reproduce
