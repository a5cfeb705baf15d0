#include "audit/certificate.h"

#include <gtest/gtest.h>

#include "metrics/membership_inference.h"

namespace emoforget::audit {
namespace {

nlohmann::json model(double forget_uar, double test_uar, double mia) {
  return {{"forget", {{"uar", forget_uar}}},
          {"held_out", {{"test", {{"uar", test_uar}}}}},
          {"mia_efficacy", mia}};
}

nlohmann::json report(double ua, double ta, double mia, bool reference) {
  nlohmann::json r = {
      {"held_out", {"test"}},
      {"models", {{"original", model(0.9, 0.80, 0.1)}, {"unlearned", model(ua, ta, mia)}}}};
  if (reference) r["models"]["reference"] = model(0.60, 0.78, 0.50);
  return r;
}

TEST(CertificateVerdict, PassesPartialsAndFailsOnTheStatedThresholds) {
  // Forgotten (0.64 <= 0.60 + 0.05, MIA 0.47 >= 0.50 - 0.05) and 0.74/0.80 = 92.5 % kept.
  EXPECT_EQ(certificate_verdict(report(0.64, 0.74, 0.47, true)).level, "pass");
  // Forgotten, but 0.69/0.80 = 86.25 % kept.
  const Verdict partial = certificate_verdict(report(0.64, 0.69, 0.47, true));
  EXPECT_EQ(partial.level, "partial");
  EXPECT_NE(partial.reason.find("86 %"), std::string::npos) << partial.reason;
  // Not forgotten: forget UAR above the retrained model's + 0.05.
  const Verdict fail = certificate_verdict(report(0.66, 0.78, 0.47, true));
  EXPECT_EQ(fail.level, "fail");
  EXPECT_NE(fail.reason.find("0.66"), std::string::npos) << fail.reason;
  EXPECT_NE(fail.reason.find("0.60"), std::string::npos) << fail.reason;
  // Not forgotten: the membership attack still spots them.
  EXPECT_EQ(certificate_verdict(report(0.60, 0.78, 0.40, true)).level, "fail");
  // Without a reference the forgotten set is compared with unseen speakers.
  EXPECT_EQ(certificate_verdict(report(0.79, 0.75, 0.4, false)).level, "pass");
  EXPECT_EQ(certificate_verdict(report(0.81, 0.75, 0.4, false)).level, "fail");
}

TEST(LossThresholdRoc, RunsFromZeroToOneAndFollowsTheLosses) {
  // Members with lower losses than every non-member: a perfect attack.
  const auto perfect = metrics::loss_threshold_roc({0.1, 0.2}, {0.5, 0.7, 0.9});
  ASSERT_EQ(perfect.size(), 6u);
  EXPECT_EQ(perfect.front(), std::make_pair(0.0, 0.0));
  EXPECT_EQ(perfect[2], std::make_pair(0.0, 1.0));
  EXPECT_EQ(perfect.back(), std::make_pair(1.0, 1.0));
  // A tie moves both rates in one step.
  const auto tied = metrics::loss_threshold_roc({0.3}, {0.3});
  ASSERT_EQ(tied.size(), 2u);
  EXPECT_EQ(tied[1], std::make_pair(1.0, 1.0));
  EXPECT_THROW(metrics::loss_threshold_roc({}, {0.1}), std::exception);
}

}  // namespace
}  // namespace emoforget::audit
