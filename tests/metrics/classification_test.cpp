#include "metrics/classification.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

const std::vector<std::string> kLabels{"anger", "fear", "sadness"};

TEST(Classification, HandComputedCase) {
  // anger: 3 utterances, 2 right; fear: 1 of 1 right; sadness: 0 of 2 right.
  const std::vector<int64_t> truth{0, 0, 0, 1, 2, 2};
  const std::vector<int64_t> pred{0, 0, 1, 1, 0, 1};
  const auto r = classification_report(truth, pred, kLabels);
  EXPECT_EQ(r.n, 6);
  EXPECT_DOUBLE_EQ(r.wa, 3.0 / 6.0);
  EXPECT_DOUBLE_EQ(*r.recall[0], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*r.recall[1], 1.0);
  EXPECT_DOUBLE_EQ(*r.recall[2], 0.0);
  EXPECT_DOUBLE_EQ(r.uar, (2.0 / 3.0 + 1.0 + 0.0) / 3.0);
  EXPECT_EQ(r.confusion[0], (std::vector<int64_t>{2, 1, 0}));
  EXPECT_EQ(r.confusion[2], (std::vector<int64_t>{1, 1, 0}));
  // F1: anger P 2/3 R 2/3 -> 2/3; fear P 1/3 R 1 -> 1/2; sadness never predicted -> 0.
  EXPECT_DOUBLE_EQ(r.macro_f1, (2.0 / 3.0 + 0.5 + 0.0) / 3.0);
  const nlohmann::json j = r.to_json();
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), r.wa);
  EXPECT_DOUBLE_EQ(j["macro_f1"].get<double>(), r.macro_f1);
}

TEST(Classification, MissingClassIsLeftOutOfUar) {
  // No fear utterance in the reference: UAR averages anger and sadness only.
  const std::vector<int64_t> truth{0, 0, 2, 2};
  const std::vector<int64_t> pred{0, 1, 2, 2};
  const auto r = classification_report(truth, pred, kLabels);
  EXPECT_FALSE(r.recall[1].has_value());
  EXPECT_DOUBLE_EQ(r.uar, (0.5 + 1.0) / 2.0);
  EXPECT_DOUBLE_EQ(r.wa, 0.75);
  EXPECT_TRUE(r.to_json()["recall"]["fear"].is_null());
}

TEST(Classification, OneClassOnly) {
  const auto r = classification_report({1, 1, 1, 1}, {1, 0, 1, 2}, kLabels);
  EXPECT_DOUBLE_EQ(r.uar, 0.5);
  EXPECT_DOUBLE_EQ(r.wa, 0.5);
}

TEST(Classification, BadInputIsAnError) {
  EXPECT_THROW(classification_report({}, {}, kLabels), Error);
  EXPECT_THROW(classification_report({0, 1}, {0}, kLabels), Error);
  EXPECT_THROW(classification_report({0, 3}, {0, 1}, kLabels), Error);
  EXPECT_THROW(classification_report({0}, {-1}, kLabels), Error);
  EXPECT_THROW(classification_report({0}, {0}, {}), Error);
}

TEST(Classification, JsonCarriesEveryFigure) {
  const auto j = classification_report({0, 1, 2}, {0, 1, 1}, kLabels).to_json();
  EXPECT_EQ(j["n"], 3);
  EXPECT_DOUBLE_EQ(j["recall"]["sadness"].get<double>(), 0.0);
  EXPECT_EQ(j["confusion"]["labels"].size(), 3u);
}

}  // namespace
}  // namespace emoforget::metrics
